/**
 * The JavaFX workbench window: the views of the view models in {@code io.rlwb.app.viewmodel}. Views
 * ({@link io.rlwb.app.gui.MainView}, {@link io.rlwb.app.gui.GraphCanvasView}, the run panel) build controls and
 * bind to {@link io.rlwb.app.viewmodel.GraphViewModel}, {@link io.rlwb.app.viewmodel.RunViewModel} and
 * {@link io.rlwb.app.viewmodel.WorkbenchViewModel}, which expose JavaFX properties, never touch controls and are
 * tested without a screen. Nothing below this layer imports it (see docs/architecture.md and the app's
 * {@code ArchitectureTest}).
 *
 * <p>The graph editor: {@link io.rlwb.app.viewmodel.GraphViewModel} holds the document and its views, runs every
 * edit through {@link io.rlwb.app.viewmodel.EditActions} (commands of {@code io.rlwb.app.editor}, one undo step per
 * user action) and validates again after each, debounced and off the UI thread.
 * {@link io.rlwb.app.gui.GraphCanvasView} draws it (package {@code canvas}) and turns pointer and keys into edits
 * ({@code CanvasInput}); {@link io.rlwb.app.gui.WindowActions} declares every command once with its keys
 * ({@link io.rlwb.app.gui.Shortcuts}), for the menus, the toolbar, the context menu and the help overlay. Files
 * (New, Open, Save, recent files, recovery copies) are {@link io.rlwb.app.viewmodel.FilesViewModel}'s.
 *
 * <p>Threading: the engine runs on its own worker threads. ViewModels receive engine callbacks there and hand
 * them to the UI thread through an injected executor ({@code Platform::runLater} in the application),
 * coalesced so a fast run never floods the UI queue. The UI thread never waits on the engine.
 */
package io.rlwb.app.gui;
