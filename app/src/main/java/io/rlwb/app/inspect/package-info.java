/**
 * Inspection views of telemetry snapshots: shared view-model base ({@link io.rlwb.app.inspect.SnapshotViewModel})
 * and the live feed; the views themselves are in the sub-packages (distribution, pareto, kv, credit, curves).
 */
package io.rlwb.app.inspect;
