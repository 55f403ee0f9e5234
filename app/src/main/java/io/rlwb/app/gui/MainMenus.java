package io.rlwb.app.gui;

import io.rlwb.app.files.AppSettings;
import io.rlwb.app.files.Samples;
import io.rlwb.app.viewmodel.RunState;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import io.rlwb.engine.runtime.backend.BackendChoice;
import java.io.IOException;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignK;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;

/** The menu bar and the toolbar of the main window, built from the window's {@link Shortcuts}. */
final class MainMenus {
    private final WorkbenchViewModel vm;
    private final WindowActions actions;
    private final MainView view;

    MainMenus(WorkbenchViewModel vm, WindowActions actions, MainView view) {
        this.vm = vm;
        this.actions = actions;
        this.view = view;
    }

    MenuBar menuBar() {
        Menu samples = new Menu("New from sample");
        samples.setId("samplesMenu");
        fillSamples(samples);
        vm.files().samples().addListener((ListChangeListener<Samples.Sample>) c -> fillSamples(samples));
        Menu recent = new Menu("Open recent");
        recent.setId("recentMenu");
        fillRecent(recent);
        vm.files().recent().addListener((ListChangeListener<Path>) c -> fillRecent(recent));
        Menu file = new Menu("File", null, item("new", MaterialDesignF.FILE_OUTLINE), samples,
                item("open", MaterialDesignF.FOLDER_OPEN_OUTLINE), recent, new SeparatorMenuItem(),
                item("save", MaterialDesignC.CONTENT_SAVE_OUTLINE), item("saveAs", null), new SeparatorMenuItem(),
                item("newWindow", null), item("quit", null));

        MenuItem undo = item("undo", MaterialDesignU.UNDO);
        undo.textProperty().bind(Bindings.createStringBinding(() -> {
            String n = vm.graph().commands().undoNameProperty().get();
            return n.isEmpty() ? "Undo" : "Undo " + n;
        }, vm.graph().commands().undoNameProperty()));
        undo.disableProperty().bind(vm.graph().commands().canUndoProperty().not());
        MenuItem redo = item("redo", MaterialDesignR.REDO);
        redo.textProperty().bind(Bindings.createStringBinding(() -> {
            String n = vm.graph().commands().redoNameProperty().get();
            return n.isEmpty() ? "Redo" : "Redo " + n;
        }, vm.graph().commands().redoNameProperty()));
        redo.disableProperty().bind(vm.graph().commands().canRedoProperty().not());
        Menu edit = new Menu("Edit", null, undo, redo, new SeparatorMenuItem(), item("cut", null), item("copy", null),
                item("paste", null), item("duplicate", null), item("delete", null), item("selectAll", null),
                new SeparatorMenuItem(), item("addNode", MaterialDesignP.PLUS_BOX_OUTLINE), item("group", null),
                item("renameGroup", null), item("layout", MaterialDesignS.SITEMAP_OUTLINE));

        CheckMenuItem snap = new CheckMenuItem("Snap to grid");
        snap.setSelected(true);
        snap.selectedProperty().addListener((o, a, b) -> view.canvas().setSnapToGrid(b));
        CheckMenuItem minimap = new CheckMenuItem("Minimap");
        minimap.setSelected(true);
        minimap.selectedProperty().addListener((o, a, b) -> view.showMinimap(b));
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setId("darkThemeItem");
        dark.selectedProperty().addListener((o, a, b) -> view.setDark(b));
        Menu show = new Menu("View", null, item("fit", MaterialDesignF.FIT_TO_SCREEN_OUTLINE), item("zoomIn", null),
                item("zoomOut", null), new SeparatorMenuItem(), item("sidePanel", null), item("runPanel", null),
                new SeparatorMenuItem(), snap, minimap, dark, new SeparatorMenuItem(),
                item("help", MaterialDesignK.KEYBOARD_OUTLINE), new SeparatorMenuItem(), item("showGraph", null),
                item("showCurves", null), item("showRuns", null), item("showDistributions", null),
                item("showPareto", null), item("showKv", null), item("showCredit", null));

        MenuItem run = item("run", MaterialDesignP.PLAY);
        run.disableProperty().bind(vm.canRunProperty().not());
        MenuItem queue = item("queue", MaterialDesignP.PLAYLIST_PLUS);
        queue.disableProperty().bind(vm.canQueueProperty().not());
        MenuItem stop = item("stop", MaterialDesignS.STOP);
        stop.disableProperty().bind(vm.run().activeProperty().not());
        MenuItem sweep = new MenuItem("Sweep\u2026");
        sweep.setId("menu-sweep");
        sweep.setOnAction(e -> openSweep());
        Menu runMenu = new Menu("Run", null, run, queue, stop, sweep, new SeparatorMenuItem(), item("settings", null),
                backendMenu(AppSettings.standard()), item("exportReport", MaterialDesignF.FILE_CHART_OUTLINE));
        MenuItem plugins = new MenuItem("Plugins\u2026");
        plugins.setId("menu-plugins");
        plugins.setOnAction(e -> vm.registry().thenAccept(r -> vm.uiExecutor().execute(() ->
                PluginsDialog.show(view.getScene() == null ? null : view.getScene().getWindow(), r))));
        Menu helpMenu = new Menu("Help", null, plugins);
        MenuBar bar = new MenuBar(file, edit, show, runMenu, helpMenu);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /**
     * Run > Sweep...: the sweep dialog on a copy of the graph in the editor, once the registry is loaded. Its trials
     * run on a thread of their own, so the window's background executor stays free.
     */
    private void openSweep() {
        var doc = vm.graph().getDocument();
        if (doc == null) return;
        vm.registry().thenAccept(r -> vm.uiExecutor().execute(() -> {
            java.util.concurrent.Executor own = task -> {
                Thread t = new Thread(task, "sweep");
                t.setDaemon(true);
                t.start();
            };
            var model = new io.rlwb.app.viewmodel.sweeps.SweepViewModel(doc, r, own, vm.uiExecutor());
            long budget = doc.run().path("budget").path(io.rlwb.engine.validate.RunSection.ENV_STEPS)
                    .asLong(io.rlwb.engine.validate.RunSection.DEFAULT_ENV_STEPS);
            new SweepDialog(view.getScene() == null ? null : view.getScene().getWindow(), model,
                    SweepDialog.defaultDir(doc.name()), budget, view.tabs()::openRun).show();
        }));
    }

    /**
     * Run > Compute backend: auto, CPU or CUDA, kept in the settings file. ND4J picks its backend once per process,
     * so a change applies from the next start (the status bar shows the one in use).
     */
    static Menu backendMenu(AppSettings settings) {
        Menu m = new Menu("Compute backend (from next start)");
        m.setId("backendMenu");
        ToggleGroup group = new ToggleGroup();
        BackendChoice current = settings.backend();
        for (BackendChoice c : BackendChoice.values()) {
            RadioMenuItem i = new RadioMenuItem(switch (c) {
                case AUTO -> "Auto: CUDA when a device answers, else CPU";
                case CPU -> "CPU";
                case CUDA -> "CUDA (needs a -Pcuda build and an NVIDIA GPU)";
            });
            i.setId("backend-" + c.id());
            i.setToggleGroup(group);
            i.setSelected(c == current);
            i.selectedProperty().addListener((o, was, now) -> {
                if (!now) return;
                try {
                    settings.setBackend(c);
                } catch (IOException ex) {
                    new Alert(Alert.AlertType.ERROR, "Could not save the backend setting: " + ex.getMessage()).show();
                }
            });
            m.getItems().add(i);
        }
        return m;
    }

    private void fillSamples(Menu m) {
        m.getItems().clear();
        for (Samples.Sample s : vm.files().samples()) {
            MenuItem i = new MenuItem(s.name());
            i.setOnAction(e -> actions.confirmThen("open a sample", () -> vm.files().newFromSample(s.file())));
            m.getItems().add(i);
        }
        if (m.getItems().isEmpty()) m.getItems().add(disabled("No samples in " + vm.files().samplesDir()));
    }

    private void fillRecent(Menu m) {
        m.getItems().clear();
        for (Path p : vm.files().recent()) {
            MenuItem i = new MenuItem(p.getFileName() + "   \u2014 " + p.getParent());
            i.setMnemonicParsing(false);
            i.setOnAction(e -> actions.confirmThen("open another graph", () -> vm.files().open(p)));
            m.getItems().add(i);
        }
        if (m.getItems().isEmpty()) m.getItems().add(disabled("No recent files"));
    }

    private static MenuItem disabled(String text) {
        MenuItem i = new MenuItem(text);
        i.setDisable(true);
        return i;
    }

    private MenuItem item(String id, Ikon ikon) {
        Shortcuts.Entry e = actions.shortcuts().get(id).orElseThrow();
        MenuItem i = new MenuItem(e.label(), ikon == null ? null : MainView.icon(ikon));
        i.setId("menu-" + id);
        if (!e.keys().isEmpty()) i.setAccelerator(e.keys().get(0));
        i.setOnAction(a -> e.action().run());
        return i;
    }

    ToolBar toolBar() {
        Button open = tool("open", "Open", MaterialDesignF.FOLDER_OPEN_OUTLINE, "Open a graph file (Ctrl+O)");
        open.setId("openButton");
        Button save = tool("save", null, MaterialDesignC.CONTENT_SAVE_OUTLINE, "Save (Ctrl+S)");
        save.setId("saveButton");
        Button undo = tool("undo", null, MaterialDesignU.UNDO, "Undo (Ctrl+Z)");
        undo.setId("undoButton");
        undo.disableProperty().bind(vm.graph().commands().canUndoProperty().not());
        Button redo = tool("redo", null, MaterialDesignR.REDO, "Redo (Ctrl+Shift+Z)");
        redo.setId("redoButton");
        redo.disableProperty().bind(vm.graph().commands().canRedoProperty().not());
        Button add = tool("addNode", "Add node", MaterialDesignP.PLUS_BOX_OUTLINE, "Add a node (Space, or double-click the canvas)");
        add.setId("addNodeButton");
        Button layout = tool("layout", null, MaterialDesignS.SITEMAP_OUTLINE, "Auto-layout the selection or the whole graph (Ctrl+L)");
        layout.setId("layoutButton");
        Button fit = tool("fit", null, MaterialDesignF.FIT_TO_SCREEN_OUTLINE, "Fit the graph to the window (Ctrl+0)");
        fit.setId("fitButton");

        Button run = tool("run", "Run", MaterialDesignP.PLAY, null);
        run.setId("runButton");
        run.getStyleClass().add("run-button");
        run.disableProperty().bind(vm.canRunProperty().not());
        // A disabled control shows no tooltip: the reason sits on a wrapper around the button.
        StackPane runWrap = new StackPane(run);
        runWrap.setId("runButtonWrap");
        Tooltip why = new Tooltip();
        why.textProperty().bind(vm.runBlockedReasonProperty());
        why.setShowDelay(Duration.millis(250));
        Tooltip.install(runWrap, why);
        Button queue = tool("queue", "Queue", MaterialDesignP.PLAYLIST_PLUS,
                "Queue a run of the graph as it is now, to start when the active run ends (Ctrl+Shift+R)");
        queue.setId("queueButton");
        queue.disableProperty().bind(vm.canQueueProperty().not());
        Button stop = tool("stop", "Stop", MaterialDesignS.STOP, "Stop the run after its current step (Ctrl+.)");
        stop.setId("stopButton");
        stop.getStyleClass().add("stop-button");
        stop.disableProperty().bind(vm.run().activeProperty().not());
        Button help = tool("help", null, MaterialDesignK.KEYBOARD_OUTLINE, "Keyboard shortcuts (F1 or ?)");
        help.setId("helpButton");

        Label name = new Label();
        name.setId("graphNameLabel");
        name.getStyleClass().add("graph-name");
        name.textProperty().bind(Bindings.createStringBinding(() -> vm.graph().graphNameProperty().get()
                + (vm.graph().dirtyProperty().get() ? "  \u2022 unsaved" : ""), vm.graph().graphNameProperty(),
                vm.graph().dirtyProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label state = new Label();
        state.setId("runStateChip");
        state.getStyleClass().add("state-chip");
        state.textProperty().bind(Bindings.createStringBinding(() -> stateText(vm.run().getState()), vm.run().stateProperty()));
        vm.run().stateProperty().addListener((o, a, b) -> styleState(state, b));
        styleState(state, vm.run().getState());
        ToolBar bar = new ToolBar(open, save, new Separator(Orientation.VERTICAL), undo, redo,
                new Separator(Orientation.VERTICAL), add, layout, fit, new Separator(Orientation.VERTICAL), runWrap, queue,
                stop, spacer, name, state, help);
        bar.getStyleClass().add("main-toolbar");
        return bar;
    }

    private Button tool(String id, String text, Ikon ikon, String tip) {
        Button b = new Button(text, MainView.icon(ikon));
        b.getStyleClass().add("tool-button");
        b.setFocusTraversable(false);
        if (tip != null) {
            Tooltip t = new Tooltip(tip);
            t.setShowDelay(Duration.millis(400));
            b.setTooltip(t);
        }
        b.setOnAction(e -> actions.shortcuts().run(id));
        return b;
    }

    static String stateText(RunState s) {
        return switch (s) {
            case IDLE -> "idle";
            case STARTING -> "starting";
            case RUNNING -> "running";
            case STOPPING -> "stopping";
            case COMPLETED -> "completed";
            case CANCELLED -> "stopped";
            case FAILED -> "failed";
        };
    }

    private static void styleState(Label l, RunState s) {
        l.getStyleClass().removeIf(c -> c.startsWith("state-") && !c.equals("state-chip"));
        l.getStyleClass().add("state-" + s.name().toLowerCase(java.util.Locale.ROOT));
    }

    static Ikon alert() {
        return MaterialDesignA.ALERT_CIRCLE_OUTLINE;
    }
}
