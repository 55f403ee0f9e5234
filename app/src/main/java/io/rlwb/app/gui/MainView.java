package io.rlwb.app.gui;

import io.rlwb.app.editor.AutoLayout;
import io.rlwb.app.gui.canvas.CanvasPalette;
import io.rlwb.app.gui.minimap.MinimapView;
import io.rlwb.app.gui.palette.PaletteView;
import io.rlwb.app.gui.props.PropertiesView;
import io.rlwb.app.inspect.curves.CurveChart;
import io.rlwb.app.ui.graph.GraphLayout;
import io.rlwb.app.ui.graph.GraphStyle;
import io.rlwb.app.ui.theme.Theme;
import io.rlwb.app.ui.theme.Themes;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import io.rlwb.app.viewmodel.inspect.CurvesViewModel;
import io.rlwb.app.viewmodel.inspect.LiveCurves;
import io.rlwb.app.viewmodel.palette.PaletteViewModel;
import io.rlwb.app.viewmodel.props.PropertiesViewModel;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.validate.Diagnostic;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;

/**
 * The main window's content: menus and toolbar, the node palette with the selected node's properties, the
 * graph canvas with its minimap, the live return curve, progress and run queue, the problems list and the
 * status bar. Binds to a {@link WorkbenchViewModel}; what its commands do is in {@link WindowActions}.
 */
public final class MainView extends StackPane {
    private final WorkbenchViewModel vm;
    private final GraphCanvasView canvas;
    private final CurveChart chart;
    private final CurvesViewModel liveCurves;
    private final InspectTabs tabs;
    private final WindowActions actions;
    private final HelpOverlay help;
    private final MinimapView minimap = new MinimapView();
    private final PaletteView palette;
    private final PropertiesView properties = new PropertiesView();
    private final BooleanProperty problemsShown = new SimpleBooleanProperty(this, "problemsShown", true);
    private final AnimationTimer frames;
    private PanelLayout panels;
    private final List<Runnable> disposers = new ArrayList<>();

    public MainView(WorkbenchViewModel vm) {
        this.vm = vm;
        getStyleClass().add("workbench");
        canvas = new GraphCanvasView(vm.graph());
        canvas.setId("graphCanvas");
        liveCurves = new CurvesViewModel(vm.backgroundExecutor(), vm.uiExecutor());
        LiveCurves.bind(vm.run(), liveCurves);
        chart = new CurveChart(liveCurves, CurvesViewModel.runPanelSpec(List.of()));
        liveCurves.keys().addListener((javafx.collections.ListChangeListener<String>) c ->
                chart.setSpec(CurvesViewModel.runPanelSpec(liveCurves.keys())));
        chart.setId("returnChart");
        actions = new WindowActions(vm, this);
        canvas.setCommands(actions.shortcuts());
        help = new HelpOverlay(actions.shortcuts());
        PaletteViewModel pvm = new PaletteViewModel();
        vm.registry().thenAccept(r -> vm.uiExecutor().execute(() -> pvm.setTypes(r.all())));
        palette = new PaletteView(pvm);
        palette.setId("palette");
        palette.setOnChoose(t -> addAtCentre(t.id()));

        MainMenus menus = new MainMenus(vm, actions, this);
        BorderPane content = new BorderPane();
        content.setTop(new VBox(menus.menuBar(), menus.toolBar()));
        tabs = new InspectTabs(vm, graphPane());
        panels = new PanelLayout(leftPanel(), tabs, new RunPanelView(vm.run(), chart));
        content.setCenter(panels.node());
        content.setBottom(new VBox(problemsPanel(), statusBar()));
        getChildren().addAll(content, help);
        bindProperties();
        sceneProperty().addListener((o, a, b) -> { if (b != null) attach(b); });

        // Telemetry is drained at frame rate; the chart redraws only when something arrived.
        frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                vm.run().drainTelemetry();
                vm.pollRunActivity(now);
            }
        };
        frames.start();
    }

    /** Extra keys of commands (the menus carry the first), and the canvas colours of the scene's theme. */
    private void attach(Scene scene) {
        for (Shortcuts.Entry e : actions.shortcuts().entries()) {
            for (int i = 1; i < e.keys().size(); i++) scene.getAccelerators().put(e.keys().get(i), e.action());
        }
        Themes.themeProperty(scene).addListener((o, a, b) -> canvas.setPalette(paletteOf(b)));
        canvas.setPalette(paletteOf(Themes.of(scene)));
    }

    private static CanvasPalette paletteOf(Theme t) {
        return t != null && t.isDark() ? CanvasPalette.DARK : CanvasPalette.LIGHT;
    }

    /** Switches between the dark and the light theme. */
    void setDark(boolean dark) {
        if (getScene() != null) Themes.apply(getScene(), dark ? Theme.DARK : Theme.LIGHT);
    }

    /** The graph canvas. */
    public GraphCanvasView canvas() { return canvas; }

    /** The live return chart of the run panel. */
    public CurveChart chart() { return chart; }

    /** The graph, curves and runs tabs. */
    public InspectTabs tabs() { return tabs; }

    /** The window's commands (tests answer its prompts). */
    public WindowActions actions() { return actions; }

    /** The node palette. */
    public PaletteView palette() { return palette; }

    /** The selected node's property sheet. */
    public PropertiesView properties() { return properties; }

    /** The minimap. */
    public MinimapView minimap() { return minimap; }

    /** The keyboard help. */
    public HelpOverlay help() { return help; }

    /** Shows or hides the keyboard help. */
    public void toggleHelp() {
        help.toggle();
    }

    /** Stops the frame timer; the window is closing. */
    public void dispose() {
        frames.stop();
        disposers.forEach(Runnable::run);
    }

    private void addAtCentre(String typeId) {
        var vp = canvas.viewport();
        double gx = AutoLayout.snap(vp.toGraphX(canvas.getWidth() / 2) - GraphLayout.NODE_WIDTH / 2);
        double gy = AutoLayout.snap(vp.toGraphY(canvas.getHeight() / 2) - 40);
        // Do not stack a second card exactly on the first.
        while (true) {
            double y = gy;
            if (vm.graph().getNodes().stream().noneMatch(n -> Math.abs(n.x() - gx) < 1 && Math.abs(n.y() - y) < 1)) break;
            gy += 2 * AutoLayout.GRID;
        }
        vm.graph().edits().addNode(typeId, gx, gy);
        canvas.requestFocus();
    }

    private Node leftPanel() {
        properties.setId("properties");
        VBox.setVgrow(palette, Priority.ALWAYS);
        SplitPane left = new SplitPane(palette, properties);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.5);
        left.getStyleClass().add("left-panel");
        left.setMinWidth(220);
        left.setPrefWidth(290);
        return left;
    }

    /** The property sheet follows the single selected node and re-reads it after every edit (and undo). */
    private void bindProperties() {
        Runnable show = () -> {
            String id = vm.graph().selection().primaryNodeProperty().get();
            var doc = vm.graph().getDocument();
            GraphNode n = id.isEmpty() || doc == null ? null : doc.node(id).orElse(null);
            PropertiesViewModel now = properties.getViewModel();
            if (n == null) {
                if (now != null) properties.setViewModel(null);
                return;
            }
            if (now != null && now.nodeId().equals(id) && nodeShown == n) {
                now.refresh();
                return;
            }
            NodeRegistry reg = vm.registry().getNow(null);
            NodeType t = reg == null ? null : reg.find(n.type()).orElse(null);
            nodeShown = n;
            properties.setViewModel(new PropertiesViewModel(n, t, (node, param, value) ->
                    vm.graph().edits().setParam(node, param, value)));
        };
        vm.graph().selection().primaryNodeProperty().addListener((o, a, b) -> show.run());
        vm.graph().versionProperty().addListener((o, a, b) -> show.run());
    }

    private GraphNode nodeShown;

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

        minimap.setId("minimap");
        minimap.setPrefSize(190, 124);
        minimap.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        minimap.setBoxes(() -> vm.graph().getNodes().stream().map(n -> new MinimapView.Box(n.x(), n.y(), n.width(),
                n.height(), n.known() ? GraphStyle.categoryColor(n.category()) : javafx.scene.paint.Color.GRAY)).toList());
        minimap.setOnViewportMove(p -> canvas.panTo(p.getX(), p.getY()));
        Runnable view = () -> {
            double[] r = canvas.visibleGraphRect();
            minimap.setViewport(new Rectangle2D(r[0], r[1], Math.max(1, r[2] - r[0]), Math.max(1, r[3] - r[1])));
        };
        canvas.addViewListener(view);
        canvas.widthProperty().addListener((o, a, b) -> view.run());
        canvas.heightProperty().addListener((o, a, b) -> view.run());
        vm.graph().versionProperty().addListener((o, a, b) -> minimap.redraw());
        minimap.visibleProperty().bind(Bindings.isNotEmpty(vm.graph().getNodes()));
        StackPane.setAlignment(minimap, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(minimap, new Insets(12));

        StackPane pane = new StackPane(canvas, banner, loading, minimap);
        pane.getStyleClass().add("graph-pane");
        pane.setOnDragOver(this::dragOver);
        pane.setOnDragDropped(this::dropped);
        return pane;
    }

    /** Shows or hides the node panel (palette and properties). */
    public void toggleSidePanel() {
        panels.leftShownProperty().set(!panels.leftShownProperty().get());
    }

    /** Shows or hides the run panel (chart, progress, log). */
    public void toggleRunPanel() {
        panels.rightShownProperty().set(!panels.rightShownProperty().get());
    }

    void showMinimap(boolean on) {
        minimap.visibleProperty().unbind();
        if (on) minimap.visibleProperty().bind(Bindings.isNotEmpty(vm.graph().getNodes()));
        else minimap.setVisible(false);
    }

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasContent(PaletteView.NODE_TYPE_FORMAT)) e.acceptTransferModes(TransferMode.COPY);
        e.consume();
    }

    private void dropped(DragEvent e) {
        Dragboard db = e.getDragboard();
        boolean ok = false;
        if (db.hasContent(PaletteView.NODE_TYPE_FORMAT)) {
            String type = String.valueOf(db.getContent(PaletteView.NODE_TYPE_FORMAT));
            Point2D p = canvas.sceneToLocal(e.getSceneX(), e.getSceneY());
            var vp = canvas.viewport();
            ok = vm.graph().edits().addNode(type, AutoLayout.snap(vp.toGraphX(p.getX()) - 24),
                    AutoLayout.snap(vp.toGraphY(p.getY()) - 20)) != null;
            canvas.requestFocus();
        }
        e.setDropCompleted(ok);
        e.consume();
    }

    private Node problemsPanel() {
        ListView<Diagnostic> list = new ListView<>(vm.graph().getDiagnostics());
        list.setId("problemsList");
        list.getStyleClass().add("problems-list");
        list.setFixedCellSize(25);
        // As tall as its problems, up to four rows; it scrolls beyond.
        list.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> Math.min(4, Math.max(1, vm.graph().getDiagnostics().size())) * 25.0 + 4, vm.graph().getDiagnostics()));
        // A click on a problem (or Enter on it) selects its node and brings it into view.
        list.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) showProblem(list.getSelectionModel().getSelectedItem());
        });
        list.setCellFactory(v -> new ListCell<>() {
            {
                setOnMouseClicked(e -> showProblem(getItem()));
            }

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
        header.textProperty().bind(Bindings.createStringBinding(() -> "Problems (" + vm.graph().getDiagnostics().size()
                + ")  \u2014  click one to show its node", vm.graph().getDiagnostics()));
        VBox box = new VBox(header, list);
        box.getStyleClass().add("problems-panel");
        box.visibleProperty().bind(problemsShown.and(Bindings.isNotEmpty(vm.graph().getDiagnostics())));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private void showProblem(Diagnostic d) {
        if (d == null || vm.graph().getDocument() == null || vm.graph().getDocument().node(d.node()).isEmpty()) return;
        vm.graph().selection().selectOnly(d.node());
        canvas.centreOn(d.node());
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
            return p == null ? "not saved yet" : p.toString();
        }, vm.graph().fileProperty()));

        Label validation = statusLabel(MaterialDesignC.CHECK_CIRCLE_OUTLINE);
        validation.setId("validationLabel");
        validation.textProperty().bind(vm.graph().validationTextProperty());
        validation.getStyleClass().add("validation-label");
        Runnable restyle = () -> {
            validation.getStyleClass().removeAll("validation-ok", "validation-warning", "validation-error", "validation-none");
            int errors = vm.graph().errorCountProperty().get();
            int warnings = vm.graph().warningCountProperty().get();
            boolean none = vm.graph().getDocument() == null;
            validation.getStyleClass().add(none ? "validation-none" : errors > 0 ? "validation-error"
                    : warnings > 0 ? "validation-warning" : "validation-ok");
            validation.setGraphic(icon(errors > 0 ? MaterialDesignA.ALERT_CIRCLE_OUTLINE
                    : warnings > 0 ? MaterialDesignA.ALERT : MaterialDesignC.CHECK_CIRCLE_OUTLINE));
        };
        vm.graph().validationTextProperty().addListener((o, a, b) -> restyle.run());
        vm.graph().errorCountProperty().addListener((o, a, b) -> restyle.run());
        vm.graph().documentProperty().addListener((o, a, b) -> restyle.run());
        restyle.run();
        validation.setOnMouseClicked(e -> problemsShown.set(!problemsShown.get()));
        validation.setTooltip(new Tooltip("Click to show or hide the problems list"));

        Label plugins = statusLabel(MaterialDesignA.ALERT);
        plugins.getStyleClass().add("validation-warning");
        plugins.textProperty().bind(vm.registryProblemProperty());
        plugins.visibleProperty().bind(vm.registryProblemProperty().isNotEmpty());
        plugins.managedProperty().bind(plugins.visibleProperty());

        Label status = new Label();
        status.setId("fileStatus");
        status.getStyleClass().add("status-item");
        status.textProperty().bind(vm.files().statusProperty());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(18, backend, file, validation, plugins, spacer, status);
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

    static FontIcon icon(org.kordamp.ikonli.Ikon ikon) {
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
        Path dir = current != null ? current.toAbsolutePath().getParent() : vm.files().samplesDir();
        if (dir == null || !Files.isDirectory(dir)) dir = Path.of("").toAbsolutePath();
        fc.setInitialDirectory(dir.toFile());
        File chosen = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (chosen != null) vm.open(chosen.toPath());
    }
}
