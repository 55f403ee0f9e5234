package io.rlwb.app.gui;

import io.rlwb.app.viewmodel.EditActions;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCharacterCombination;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

/**
 * What the window's commands do, declared once as {@link Shortcuts}: files (with the "save changes?" prompt
 * and file choosers, which need a window), the clipboard, and delegation to the ViewModels for everything else.
 * While a text field has the keyboard, the clipboard and undo keys act on its text, not on the graph.
 */
public final class WindowActions {
    /** The answer to "save changes?". */
    public enum SaveChoice { SAVE, DISCARD, CANCEL }

    /** Clipboard text of the last copy in this program, for systems without a usable clipboard (headless). */
    private static String lastCopy;

    private final WorkbenchViewModel vm;
    private final MainView view;
    private final Shortcuts shortcuts = new Shortcuts();
    private Function<String, SaveChoice> unsavedPrompt = this::askSave;
    private Function<String, Path> saveChooser = this::chooseSaveFile;

    WindowActions(WorkbenchViewModel vm, MainView view) {
        this.vm = vm;
        this.view = view;
        EditActions ed = vm.graph().edits();
        String file = "File";
        shortcuts.add("new", file, "New graph", () -> confirmThen("start a new graph", vm.files()::newGraph), key(KeyCode.N));
        shortcuts.add("open", file, "Open\u2026", () -> confirmThen("open another graph", view::chooseAndOpen), key(KeyCode.O));
        shortcuts.add("save", file, "Save", this::save, key(KeyCode.S));
        shortcuts.add("saveAs", file, "Save as\u2026", this::saveAs, shiftKey(KeyCode.S));
        shortcuts.add("newWindow", file, "New window", WorkbenchApp::openWindow, shiftKey(KeyCode.N));
        shortcuts.add("quit", file, "Close window", this::requestClose, key(KeyCode.Q));
        String edit = "Edit";
        shortcuts.add("undo", edit, "Undo", () -> text(TextInputControl::undo, ed::undo), key(KeyCode.Z));
        shortcuts.add("redo", edit, "Redo", () -> text(TextInputControl::redo, ed::redo), shiftKey(KeyCode.Z), key(KeyCode.Y));
        shortcuts.add("cut", edit, "Cut", () -> text(TextInputControl::cut, () -> toClipboard(ed.cutSelection())),
                key(KeyCode.X));
        shortcuts.add("copy", edit, "Copy", () -> text(TextInputControl::copy, () -> toClipboard(ed.copySelection())),
                key(KeyCode.C));
        shortcuts.add("paste", edit, "Paste", () -> text(TextInputControl::paste, this::paste), key(KeyCode.V));
        shortcuts.add("duplicate", edit, "Duplicate", ed::duplicateSelection, key(KeyCode.D));
        shortcuts.add("delete", edit, "Delete", () -> text(TextInputControl::deleteNextChar, ed::deleteSelection),
                new KeyCodeCombination(KeyCode.DELETE), new KeyCodeCombination(KeyCode.BACK_SPACE));
        shortcuts.add("selectAll", edit, "Select all", () -> text(TextInputControl::selectAll, ed::selectAll), key(KeyCode.A));
        shortcuts.add("group", edit, "Group selection", () -> ed.groupSelection(nextGroupTitle()), key(KeyCode.G));
        shortcuts.add("renameGroup", edit, "Rename group\u2026", "double-click its title", this::renameGroup);
        shortcuts.add("layout", edit, "Auto-layout (selection or all)", ed::layout, key(KeyCode.L));
        shortcuts.add("addNode", edit, "Add node\u2026", "Space  /  double-click the canvas",
                () -> view.canvas().showQuickSearch(view.canvas().getWidth() / 2 - 170, view.canvas().getHeight() / 3, null, false));
        String canvas = "Canvas";
        shortcuts.add("wire", canvas, "Wire two ports", "drag from a port to a port", null);
        shortcuts.add("wireNew", canvas, "Wire to a new node", "drag from a port to empty space", null);
        shortcuts.add("band", canvas, "Select several", "drag on empty space  /  Shift+click", null);
        shortcuts.add("move", canvas, "Move (snaps to grid)", "drag a card  /  arrows  (Alt: no snap)", null);
        shortcuts.add("pan", canvas, "Pan", "middle or right drag  /  Shift+wheel", null);
        shortcuts.add("zoom", canvas, "Zoom at the pointer", "wheel", null);
        String show = "View";
        shortcuts.add("fit", show, "Fit graph to window", () -> view.canvas().fitToView(), key(KeyCode.DIGIT0));
        shortcuts.add("zoomIn", show, "Zoom in", () -> zoom(1.25), key(KeyCode.EQUALS), key(KeyCode.ADD));
        shortcuts.add("zoomOut", show, "Zoom out", () -> zoom(0.8), key(KeyCode.MINUS), key(KeyCode.SUBTRACT));
        shortcuts.add("sidePanel", show, "Show or hide the node panel", view::toggleSidePanel, key(KeyCode.B));
        shortcuts.add("runPanel", show, "Show or hide the run panel", view::toggleRunPanel, key(KeyCode.J));
        shortcuts.add("help", show, "Keyboard shortcuts", view::toggleHelp, new KeyCodeCombination(KeyCode.F1),
                new KeyCharacterCombination("?"));
        String run = "Run";
        shortcuts.add("run", run, "Run", vm::runGraph, key(KeyCode.R));
        shortcuts.add("queue", run, "Queue a run after this one", vm::queueRun, shiftKey(KeyCode.R));
        shortcuts.add("stop", run, "Stop", vm::stopRun, key(KeyCode.PERIOD));
        shortcuts.add("settings", run, "Graph settings\u2026", this::editSettings, shiftKey(KeyCode.G));
        shortcuts.add("exportReport", run, "Export report (HTML, PDF, CSV)", () -> view.tabs().exportReport(),
                key(KeyCode.E));
        shortcuts.add("showGraph", show, "Show the graph", () -> view.tabs().show(0), key(KeyCode.DIGIT1));
        shortcuts.add("showCurves", show, "Show learning curves", () -> view.tabs().show(1), key(KeyCode.DIGIT2));
        shortcuts.add("showRuns", show, "Show the run browser", () -> view.tabs().show(2), key(KeyCode.DIGIT3));
        shortcuts.add("showDistributions", show, "Show value distributions", () -> view.tabs().show(3), key(KeyCode.DIGIT4));
        shortcuts.add("showPareto", show, "Show Pareto fronts", () -> view.tabs().show(4), key(KeyCode.DIGIT5));
        shortcuts.add("showKv", show, "Show KV-cache memory", () -> view.tabs().show(5), key(KeyCode.DIGIT6));
        shortcuts.add("showCredit", show, "Show credit assignment", () -> view.tabs().show(6), key(KeyCode.DIGIT7));
    }

    private static KeyCombination key(KeyCode c) {
        return new KeyCodeCombination(c, KeyCombination.SHORTCUT_DOWN);
    }

    private static KeyCombination shiftKey(KeyCode c) {
        return new KeyCodeCombination(c, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    }

    /** The commands. */
    public Shortcuts shortcuts() {
        return shortcuts;
    }

    private void text(java.util.function.Consumer<TextInputControl> onText, Runnable onGraph) {
        Node f = view.getScene() == null ? null : view.getScene().getFocusOwner();
        if (f instanceof TextInputControl t) onText.accept(t);
        else onGraph.run();
    }

    private void zoom(double f) {
        GraphCanvasView c = view.canvas();
        c.zoomAt(c.getWidth() / 2, c.getHeight() / 2, f);
    }

    private String nextGroupTitle() {
        return "Group " + (vm.graph().getGroups().size() + 1);
    }

    private void renameGroup() {
        int g = vm.graph().selection().groupProperty().get();
        if (g < 0) return;
        String now = vm.graph().getGroups().stream().filter(b -> b.index() == g).map(b -> b.title()).findFirst().orElse("");
        TextInputDialog d = new TextInputDialog(now);
        d.setTitle("Rename group");
        d.setHeaderText(null);
        d.setContentText("Title:");
        d.initOwner(window());
        d.showAndWait().map(String::strip).filter(s -> !s.isEmpty()).ifPresent(t -> vm.graph().edits().renameGroup(g, t));
    }

    private void editSettings() {
        var doc = vm.graph().getDocument();
        if (doc == null) return;
        javafx.scene.control.Dialog<ButtonType> d = new javafx.scene.control.Dialog<>();
        d.setTitle("Graph settings");
        d.initOwner(window());
        javafx.scene.control.TextField name = new javafx.scene.control.TextField(doc.name());
        javafx.scene.control.TextField seed = new javafx.scene.control.TextField(doc.run().path("seed").asText(""));
        javafx.scene.control.TextField steps = new javafx.scene.control.TextField(
                doc.run().path("budget").path("env_steps").asText(""));
        seed.setPromptText("engine default");
        steps.setPromptText("100000 (engine default)");
        javafx.scene.layout.GridPane g = new javafx.scene.layout.GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.addRow(0, new javafx.scene.control.Label("Name"), name);
        g.addRow(1, new javafx.scene.control.Label("Seed"), seed);
        g.addRow(2, new javafx.scene.control.Label("Budget (env steps)"), steps);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        if (d.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK) return;
        try {
            Long s = seed.getText().isBlank() ? null : Long.parseLong(seed.getText().strip());
            Long b = steps.getText().isBlank() ? null : Long.parseLong(steps.getText().strip().replace("_", "").replace(",", ""));
            if (b != null && b <= 0) throw new NumberFormatException("the budget must be positive");
            vm.graph().edits().setGraphSettings(name.getText().strip(), s, b);
        } catch (NumberFormatException e) {
            vm.graph().edits().report("Graph settings not changed: seed and budget must be whole numbers ("
                    + e.getMessage() + ")");
        }
    }

    /** Puts graph JSON on the system clipboard (and keeps it here for systems without one). */
    public static void toClipboard(String json) {
        if (json == null) return;
        lastCopy = json;
        try {
            ClipboardContent c = new ClipboardContent();
            c.putString(json);
            Clipboard.getSystemClipboard().setContent(c);
        } catch (RuntimeException e) {
            // No system clipboard (headless): the copy stays in this program.
        }
    }

    /** The clipboard's text: the system clipboard's, else the last copy made in this program. */
    public static String clipboardText() {
        try {
            Clipboard cb = Clipboard.getSystemClipboard();
            if (cb.hasString() && cb.getString() != null && !cb.getString().isBlank()) return cb.getString();
        } catch (RuntimeException e) {
            // fall back
        }
        return lastCopy;
    }

    private void paste() {
        String text = clipboardText();
        if (text == null) {
            vm.graph().edits().report("Nothing to paste: copy nodes first (Ctrl+C)");
            return;
        }
        vm.graph().edits().paste(text, Double.NaN, Double.NaN);
    }

    /** Saves to the graph's file, asking for one when it has none; completes with whether it was saved. */
    public CompletableFuture<Boolean> save() {
        CompletableFuture<Void> f = vm.files().save();
        return f == null ? saveAs() : f.handle((v, ex) -> ex == null);
    }

    /** Asks for a file and saves there; completes with whether it was saved. */
    public CompletableFuture<Boolean> saveAs() {
        Path p = saveChooser.apply("Save graph as");
        if (p == null) return CompletableFuture.completedFuture(false);
        return vm.files().saveAs(p).handle((v, ex) -> ex == null);
    }

    /**
     * Runs {@code then} once unsaved work is saved or deliberately dropped; asks first when there is any. Does
     * nothing when the user cancels or the save fails.
     */
    public void confirmThen(String what, Runnable then) {
        if (!vm.files().needsSavePrompt()) {
            then.run();
            return;
        }
        switch (unsavedPrompt.apply(what)) {
            case SAVE -> save().thenAccept(ok -> { if (ok) then.run(); });
            case DISCARD -> then.run();
            default -> { }
        }
    }

    /** Closes the window the way its close button does: asking about unsaved work first. */
    public void requestClose() {
        Window w = window();
        if (w != null) w.fireEvent(new WindowEvent(w, WindowEvent.WINDOW_CLOSE_REQUEST));
    }

    /** Replaces the "save changes?" dialog (tests answer it without a dialog). */
    public void setUnsavedPrompt(Function<String, SaveChoice> prompt) {
        unsavedPrompt = prompt;
    }

    /** Replaces the Save As file chooser (tests give a path). */
    public void setSaveChooser(Function<String, Path> chooser) {
        saveChooser = chooser;
    }

    private SaveChoice askSave(String what) {
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", save, discard, ButtonType.CANCEL);
        a.setTitle("Unsaved changes");
        a.setHeaderText("Save the changes to \u201c" + vm.graph().graphNameProperty().get() + "\u201d before you " + what + "?");
        a.setContentText("If you don't save, your changes are lost.");
        a.initOwner(window());
        ButtonType r = a.showAndWait().orElse(ButtonType.CANCEL);
        return r == save ? SaveChoice.SAVE : r == discard ? SaveChoice.DISCARD : SaveChoice.CANCEL;
    }

    private Path chooseSaveFile(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Graph files (*.json)", "*.json"));
        Path current = vm.graph().getFile();
        Path dir = current != null ? current.toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
        if (dir != null && Files.isDirectory(dir)) fc.setInitialDirectory(dir.toFile());
        String name = current != null ? current.getFileName().toString()
                : vm.graph().graphNameProperty().get().replaceAll("[^A-Za-z0-9._-]+", "-").toLowerCase() + ".json";
        fc.setInitialFileName(name);
        File f = fc.showSaveDialog(window());
        if (f == null) return null;
        Path p = f.toPath();
        return p.getFileName().toString().contains(".") ? p : p.resolveSibling(p.getFileName() + ".json");
    }

    private Window window() {
        return view.getScene() == null ? null : view.getScene().getWindow();
    }
}
