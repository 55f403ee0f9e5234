/**
 * The JavaFX workbench window, built MVVM-style: ViewModels ({@link io.rlwb.app.gui.GraphViewModel},
 * {@link io.rlwb.app.gui.RunViewModel}, {@link io.rlwb.app.gui.WorkbenchViewModel}) expose JavaFX properties,
 * never touch controls and are tested without a screen; Views ({@link io.rlwb.app.gui.MainView},
 * {@link io.rlwb.app.gui.GraphCanvasView}, {@link io.rlwb.app.gui.ReturnChartView}) bind to them.
 *
 * <p>Threading: the engine runs on its own worker threads. ViewModels receive engine callbacks there and hand
 * them to the UI thread through an injected executor ({@code Platform::runLater} in the application),
 * coalesced so a fast run never floods the UI queue. The UI thread never waits on the engine.
 */
package io.rlwb.app.gui;
