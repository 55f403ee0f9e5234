package io.rlwb.app.gui;

import io.rlwb.engine.validate.Diagnostic;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The main window's content: menu and toolbar (Open, Run, Stop, Fit), the graph canvas, the live return
 * curve with progress, the problems list and the status bar. Binds to a {@link WorkbenchViewModel}; the only
 * logic here is presentation (and the file chooser, which needs a window).
 */
public final class MainView extends BorderPane {
    private final WorkbenchViewModel vm;
    private final GraphCanvasView canvas;
    private final ReturnChartView chart;
    private final BooleanProperty problemsShown = new SimpleBooleanProperty(this, "problemsShown", true);
    private final AnimationTimer frames;

    public MainView(WorkbenchViewModel vm) {
        this.vm = vm;
        getStyleClass().add("workbench");
        canvas = new GraphCanvasView(vm.graph());
        canvas.setId("graphCanvas");
        chart = new ReturnChartView(vm.run());
        chart.setId("returnChart");

        setTop(new VBox(menuBar(), toolBar()));
        SplitPane split = new SplitPane(graphPane(), sidePanel());
        split.setDividerPositions(0.64);
        SplitPane.setResizableWithParent(split.getItems().get(1), false);
        setCenter(split);
        setBottom(new VBox(problemsPanel(), statusBar()));

        // Telemetry is drained at frame rate; the chart redraws only when something arrived.
        frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                vm.run().drainTelemetry();
            }
        };
        frames.start();
    }

    /** The graph canvas (tests count what it draws). */
    public GraphCanvasView canvas() {
        return canvas;
    }

    /** The return chart. */
    public ReturnChartView chart() {
        return chart;
    }

    /** Stops the frame timer; the window is closing. */
    public void dispose() {
        frames.stop();
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("Open\u2026", icon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> chooseAndOpen());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> {
            if (getScene() != null && getScene().getWindow() != null) getScene().getWindow().hide();
        });
        Menu file = new Menu("File", null, open, new SeparatorMenuItem(), quit);

        MenuItem run = new MenuItem("Run", icon(MaterialDesignP.PLAY));
        run.setAccelerator(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN));
        run.disableProperty().bind(vm.canRunProperty().not());
        run.setOnAction(e -> vm.runGraph());
        MenuItem stop = new MenuItem("Stop", icon(MaterialDesignS.STOP));
        stop.setAccelerator(new KeyCodeCombination(KeyCode.PERIOD, KeyCombination.SHORTCUT_DOWN));
        stop.disableProperty().bind(vm.run().activeProperty().not());
        stop.setOnAction(e -> vm.stopRun());
        Menu runMenu = new Menu("Run", null, run, stop);

        MenuItem fit = new MenuItem("Fit graph to window", icon(MaterialDesignF.FIT_TO_SCREEN_OUTLINE));
        fit.setAccelerator(new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN));
        fit.setOnAction(e -> canvas.fitToView());
        Menu view = new Menu("View", null, fit);
        MenuBar bar = new MenuBar(file, runMenu, view);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private ToolBar toolBar() {
        Button open = toolButton("Open", MaterialDesignF.FOLDER_OPEN_OUTLINE, "Open a graph file (Ctrl+O)");
        open.setId("openButton");
        open.setOnAction(e -> chooseAndOpen());

        Button run = toolButton("Run", MaterialDesignP.PLAY, null);
        run.setId("runButton");
        run.getStyleClass().add("run-button");
        run.disableProperty().bind(vm.canRunProperty().not());
        run.setOnAction(e -> vm.runGraph());
        // A disabled control shows no tooltip: the reason sits on a wrapper around the button.
        StackPane runWrap = new StackPane(run);
        runWrap.setId("runButtonWrap");
        Tooltip why = new Tooltip();
        why.textProperty().bind(vm.runBlockedReasonProperty());
        why.setShowDelay(Duration.millis(250));
        Tooltip.install(runWrap, why);

        Button stop = toolButton("Stop", MaterialDesignS.STOP, "Stop the run after its current step (Ctrl+.)");
        stop.setId("stopButton");
        stop.getStyleClass().add("stop-button");
        stop.disableProperty().bind(vm.run().activeProperty().not());
        stop.setOnAction(e -> vm.stopRun());

        Button fit = toolButton(null, MaterialDesignF.FIT_TO_SCREEN_OUTLINE, "Fit the graph to the window (Ctrl+0)");
        fit.setId("fitButton");
        fit.setOnAction(e -> canvas.fitToView());

        Label name = new Label();
        name.getStyleClass().add("graph-name");
        name.textProperty().bind(vm.graph().graphNameProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label state = new Label();
        state.setId("runStateChip");
        state.getStyleClass().add("state-chip");
        state.textProperty().bind(Bindings.createStringBinding(() -> stateText(vm.run().getState()), vm.run().stateProperty()));
        vm.run().stateProperty().addListener((o, a, b) -> styleState(state, b));
        styleState(state, vm.run().getState());

        ToolBar bar = new ToolBar(open, new Separator(Orientation.VERTICAL), runWrap, stop,
                new Separator(Orientation.VERTICAL), fit, spacer, name, state);
        bar.getStyleClass().add("main-toolbar");
        return bar;
    }

    private static String stateText(RunState s) {
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

    private Node graphPane() {
        Label banner = new Label();
        banner.setId("loadErrorBanner");
        banner.getStyleClass().add("error-banner");
        banner.setGraphic(icon(MaterialDesignA.ALERT_CIRCLE_OUTLINE));
        banner.setWrapText(true);
        banner.setMaxWidth(640);
        banner.textProperty().bind(vm.graph().loadErrorProperty());
        banner.visibleProperty().bind(vm.graph().loadErrorProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        StackPane.setAlignment(banner, Pos.TOP_CENTER);
        StackPane.setMargin(banner, new Insets(14));

        Label loading = new Label("Loading\u2026");
        loading.getStyleClass().add("loading-chip");
        loading.visibleProperty().bind(vm.graph().loadingProperty());
        StackPane.setAlignment(loading, Pos.TOP_LEFT);
        StackPane.setMargin(loading, new Insets(14));

        StackPane pane = new StackPane(canvas, banner, loading);
        pane.getStyleClass().add("graph-pane");
        return pane;
    }

    private Node sidePanel() {
        Label title = new Label("Training return");
        title.getStyleClass().add("panel-title");
        Label keys = new Label(RunViewModel.EPISODIC_RETURN + "  \u00b7  " + RunViewModel.EVAL_RETURN);
        keys.getStyleClass().add("panel-subtitle");
        VBox head = new VBox(2, title, keys);

        VBox.setVgrow(chart, Priority.ALWAYS);
        VBox chartCard = new VBox(8, head, chart);
        chartCard.getStyleClass().add("card");
        VBox.setVgrow(chartCard, Priority.ALWAYS);

        Label progressTitle = new Label("Progress");
        progressTitle.getStyleClass().add("panel-title");
        ProgressBar bar = new ProgressBar();
        bar.setId("progressBar");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.run().fractionProperty());
        Label line = new Label();
        line.setId("progressText");
        line.getStyleClass().add("progress-text");
        line.textProperty().bind(Bindings.createStringBinding(() -> {
            String t = vm.run().progressTextProperty().get();
            return t == null || t.isEmpty() ? "Not started" : t;
        }, vm.run().progressTextProperty()));
        Label message = new Label();
        message.setId("runMessage");
        message.getStyleClass().add("run-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.run().messageProperty());
        message.visibleProperty().bind(vm.run().messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        vm.run().stateProperty().addListener((o, a, b) -> {
            message.getStyleClass().remove("run-message-failed");
            if (b == RunState.FAILED) message.getStyleClass().add("run-message-failed");
        });
        VBox progressCard = new VBox(8, progressTitle, bar, line, message);
        progressCard.getStyleClass().add("card");

        VBox side = new VBox(12, chartCard, progressCard);
        side.getStyleClass().add("side-panel");
        side.setMinWidth(320);
        side.setPrefWidth(460);
        return side;
    }

    private Node problemsPanel() {
        ListView<Diagnostic> list = new ListView<>(vm.graph().getDiagnostics());
        list.setId("problemsList");
        list.getStyleClass().add("problems-list");
        list.setFixedCellSize(25);
        // As tall as its problems, up to four rows; it scrolls beyond.
        list.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> Math.min(4, Math.max(1, vm.graph().getDiagnostics().size())) * 25.0 + 4, vm.graph().getDiagnostics()));
        list.setOnMouseClicked(e -> {
            Diagnostic d = list.getSelectionModel().getSelectedItem();
            if (d != null && e.getClickCount() == 2) canvas.centreOn(d.node());
        });
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Diagnostic d, boolean isEmpty) {
                super.updateItem(d, isEmpty);
                if (isEmpty || d == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText((d.port() == null ? d.node() : d.node() + "." + d.port()) + ":  " + d.message());
                FontIcon i = icon(d.isError() ? MaterialDesignA.ALERT_CIRCLE : MaterialDesignA.ALERT);
                i.getStyleClass().add(d.isError() ? "icon-error" : "icon-warning");
                setGraphic(i);
            }
        });
        Label header = new Label();
        header.getStyleClass().add("problems-header");
        header.textProperty().bind(Bindings.createStringBinding(() -> "Problems (" + vm.graph().getDiagnostics().size() + ")",
                vm.graph().getDiagnostics()));
        VBox box = new VBox(header, list);
        box.getStyleClass().add("problems-panel");
        box.visibleProperty().bind(problemsShown.and(Bindings.isNotEmpty(vm.graph().getDiagnostics())));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node statusBar() {
        Label backend = statusLabel(MaterialDesignC.CHIP);
        backend.setId("backendLabel");
        backend.textProperty().bind(vm.backendLabelProperty());
        backend.setTooltip(new Tooltip("Compute backend of the engine"));

        Label file = statusLabel(MaterialDesignF.FILE_DOCUMENT_OUTLINE);
        file.setId("fileLabel");
        file.textProperty().bind(Bindings.createStringBinding(() -> {
            Path p = vm.graph().getFile();
            return p == null ? "no graph file" : p.toString();
        }, vm.graph().fileProperty()));

        Label validation = statusLabel(MaterialDesignC.CHECK_CIRCLE_OUTLINE);
        validation.setId("validationLabel");
        validation.textProperty().bind(vm.graph().validationTextProperty());
        validation.getStyleClass().add("validation-label");
        Runnable restyle = () -> {
            validation.getStyleClass().removeAll("validation-ok", "validation-warning", "validation-error");
            int errors = vm.graph().errorCountProperty().get();
            int warnings = vm.graph().warningCountProperty().get();
            boolean none = vm.graph().getDocument() == null;
            validation.getStyleClass().add(none ? "validation-none" : errors > 0 ? "validation-error"
                    : warnings > 0 ? "validation-warning" : "validation-ok");
            validation.setGraphic(icon(errors > 0 ? MaterialDesignA.ALERT_CIRCLE_OUTLINE
                    : warnings > 0 ? MaterialDesignA.ALERT : MaterialDesignC.CHECK_CIRCLE_OUTLINE));
        };
        vm.graph().validationTextProperty().addListener((o, a, b) -> restyle.run());
        vm.graph().documentProperty().addListener((o, a, b) -> restyle.run());
        restyle.run();
        validation.setOnMouseClicked(e -> problemsShown.set(!problemsShown.get()));
        validation.setTooltip(new Tooltip("Click to show or hide the problems list"));

        Label plugins = statusLabel(MaterialDesignA.ALERT);
        plugins.getStyleClass().add("validation-warning");
        plugins.textProperty().bind(vm.registryProblemProperty());
        plugins.visibleProperty().bind(vm.registryProblemProperty().isNotEmpty());
        plugins.managedProperty().bind(plugins.visibleProperty());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(18, backend, file, validation, plugins, spacer);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static Label statusLabel(org.kordamp.ikonli.Ikon ikon) {
        Label l = new Label();
        l.setGraphic(icon(ikon));
        l.getStyleClass().add("status-item");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Button toolButton(String text, org.kordamp.ikonli.Ikon ikon, String tip) {
        Button b = new Button(text, icon(ikon));
        b.getStyleClass().add("tool-button");
        if (tip != null) {
            Tooltip t = new Tooltip(tip);
            t.setShowDelay(Duration.millis(400));
            b.setTooltip(t);
        }
        return b;
    }

    private static FontIcon icon(org.kordamp.ikonli.Ikon ikon) {
        FontIcon i = new FontIcon(ikon);
        i.getStyleClass().add("icon");
        return i;
    }

    /** Shows a file chooser and opens the chosen graph. */
    public void chooseAndOpen() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open graph");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Graph files (*.json)", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        Path current = vm.graph().getFile();
        Path dir = current != null ? current.toAbsolutePath().getParent() : Path.of("samples").toAbsolutePath();
        if (dir == null || !Files.isDirectory(dir)) dir = Path.of("").toAbsolutePath();
        fc.setInitialDirectory(dir.toFile());
        File chosen = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (chosen != null) vm.open(chosen.toPath());
    }
}
