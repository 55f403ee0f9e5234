/**
 * View models of the workbench window: JavaFX properties and commands, no controls, no scene graph, so each is
 * tested without a screen. {@link io.rlwb.app.viewmodel.WorkbenchViewModel} owns the others:
 * {@link io.rlwb.app.viewmodel.GraphViewModel} (the open document and the views of its nodes and wires, edits
 * through {@link io.rlwb.app.viewmodel.EditActions}), {@link io.rlwb.app.viewmodel.RunViewModel} (the run of the
 * open graph, fed by {@link io.rlwb.app.viewmodel.TelemetryInbox} and {@link io.rlwb.app.viewmodel.SnapshotInbox})
 * and {@link io.rlwb.app.viewmodel.FilesViewModel}. Views in {@code io.rlwb.app.gui}, {@code io.rlwb.app.inspect}
 * and {@code io.rlwb.app.runs} bind to them; nothing here imports a view.
 */
package io.rlwb.app.viewmodel;
