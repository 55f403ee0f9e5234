/**
 * The JavaFX workbench window, built MVVM-style: ViewModels ({@link io.rlwb.app.gui.GraphViewModel},
 * {@link io.rlwb.app.gui.RunViewModel}, {@link io.rlwb.app.gui.WorkbenchViewModel}) expose JavaFX properties,
 * never touch controls and are tested without a screen; Views ({@link io.rlwb.app.gui.MainView},
 * {@link io.rlwb.app.gui.GraphCanvasView}, the run panel) bind to them.
 *
 * <p>The graph editor: {@link io.rlwb.app.gui.GraphViewModel} holds the document and its views, runs every edit
 * through {@link io.rlwb.app.gui.EditActions} (commands of {@code io.rlwb.app.editor}, one undo step per user
 * action) and validates again after each, debounced and off the UI thread. {@link io.rlwb.app.gui.GraphCanvasView}
 * draws it (package {@code canvas}) and turns pointer and keys into edits ({@code CanvasInput});
 * {@link io.rlwb.app.gui.WindowActions} declares every command once with its keys ({@link io.rlwb.app.gui.Shortcuts}),
 * for the menus, the toolbar, the context menu and the help overlay. Files (New, Open, Save, recent files,
 * recovery copies) are {@link io.rlwb.app.gui.FilesViewModel}'s.
 *
 * <p>Threading: the engine runs on its own worker threads. ViewModels receive engine callbacks there and hand
 * them to the UI thread through an injected executor ({@code Platform::runLater} in the application),
 * coalesced so a fast run never floods the UI queue. The UI thread never waits on the engine.
 */
package io.rlwb.app.gui;
