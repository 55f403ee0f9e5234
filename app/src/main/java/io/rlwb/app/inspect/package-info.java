/**
 * Inspection views of telemetry snapshots: the shared pane ({@link io.rlwb.app.inspect.InspectPane}) and, in the
 * sub-packages, the views (distribution, pareto, kv, credit, curves). Their view models live in
 * {@code io.rlwb.app.viewmodel.inspect}; the plotting toolkit in {@code io.rlwb.app.ui.plot}.
 */
package io.rlwb.app.inspect;
