package io.rlwb.app.gui;

import io.rlwb.app.editor.AutoLayout;
import io.rlwb.app.editor.ConnectionRules;
import io.rlwb.app.editor.Groups;
import io.rlwb.app.gui.canvas.CanvasModel;
import io.rlwb.app.gui.canvas.CanvasPalette;
import io.rlwb.app.gui.canvas.CanvasRenderer;
import io.rlwb.app.gui.canvas.Overlay;
import io.rlwb.app.gui.canvas.Viewport;
import io.rlwb.app.ui.graph.GraphLayout;
import io.rlwb.app.ui.graph.NodeView;
import io.rlwb.app.viewmodel.GraphViewModel;
import io.rlwb.app.viewmodel.QuickSearchViewModel;
import io.rlwb.app.viewmodel.RunMark;
import io.rlwb.app.viewmodel.Selection;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.spi.NodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.animation.PauseTransition;
import javafx.collections.MapChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import javafx.util.Duration;

/**
 * The graph editor's canvas: draws the graph of a {@link GraphViewModel} on one {@link Canvas} (see
 * {@link io.rlwb.app.gui.canvas}) and turns pointer and keys into edits ({@link CanvasInput}). Offers the
 * quick-search popup, a toast for refusals, and what tests, the minimap and the benchmark need: the viewport,
 * screen positions of nodes and ports, and a synchronous frame.
 */
public final class GraphCanvasView extends Region {
    /** Smallest zoom. */
    public static final double MIN_SCALE = Viewport.MIN_SCALE;
    /** Largest zoom. */
    public static final double MAX_SCALE = Viewport.MAX_SCALE;
    /** Pixels drawn beyond each side of the view, so that a pan can move the last frame instead of drawing. */
    public static final double MARGIN = 128;
    /** Grid step, in graph units; moves snap to it. */
    public static final double GRID = AutoLayout.GRID;

    private final GraphViewModel vm;
    private final Canvas canvas = new Canvas();
    private final CanvasRenderer renderer = new CanvasRenderer();
    private final Viewport vp = new Viewport();
    private final Overlay overlay = new Overlay();
    private final Label empty = new Label("Double-click or press Space to add a node \u00b7 drag from a port to wire");
    private final Label toast = new Label();
    private final PauseTransition toastTimer = new PauseTransition(Duration.seconds(4));
    private final QuickSearchViewModel quickVm = new QuickSearchViewModel();
    private final QuickSearchView quick = new QuickSearchView(quickVm);
    private final CanvasInput input;
    private final List<Runnable> viewListeners = new ArrayList<>();
    private CanvasModel model = CanvasModel.emptyModel();
    private boolean dirty = true;
    /** The viewport of the last full frame; pans and zooms since then are shown by transforming that frame. */
    private final Viewport rendered = new Viewport();
    private final Viewport shifted = new Viewport();
    private final Translate layerShift = new Translate();
    private final Scale layerScale = new Scale(1, 1, 0, 0);
    private final PauseTransition settle = new PauseTransition(Duration.millis(250));
    private boolean hasFrame;
    private boolean fitPending = true;
    private long frames;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            boolean running = vm.runMarks().containsValue(RunMark.RUNNING);
            if (running) {
                overlay.phase = (now / 40_000_000L) % 16;
                dirty = true;
            }
            if (dirty) renderFrame();
            if (!running) stop();
        }
    };

    public GraphCanvasView(GraphViewModel vm) {
        this.vm = vm;
        getStyleClass().add("graph-canvas");
        setFocusTraversable(true);
        empty.getStyleClass().add("graph-empty");
        empty.setMouseTransparent(true);
        toast.setId("canvasToast");
        toast.getStyleClass().add("canvas-toast");
        toast.setWrapText(true);
        toast.setMaxWidth(560);
        toast.setMouseTransparent(true);
        toast.setVisible(false);
        toastTimer.setOnFinished(e -> toast.setVisible(false));
        quick.setVisible(false);
        quick.setManaged(false);
        getChildren().addAll(canvas, empty, toast, quick);
        canvas.setManaged(false);
        canvas.getTransforms().setAll(layerShift, layerScale);
        settle.setOnFinished(e -> redraw());
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);

        vm.versionProperty().addListener((o, a, b) -> rebuild());
        vm.documentProperty().addListener((o, a, b) -> {
            fitPending = true;
            hideQuickSearch();
            requestLayout();
        });
        vm.selection().nodes().addListener((SetChangeListener<String>) c -> selectionChanged());
        vm.selection().wireProperty().addListener((o, a, b) -> selectionChanged());
        vm.selection().groupProperty().addListener((o, a, b) -> selectionChanged());
        vm.runMarks().addListener((MapChangeListener<String, RunMark>) c -> {
            model.markRuns(vm.runMarks(), vm.runFailures());
            redraw();
        });
        vm.edits().messageProperty().addListener((o, a, b) -> { if (!b.isEmpty()) showToast(b, true); });
        input = new CanvasInput(this, vm, overlay, vp);
        rebuild();
    }

    private void rebuild() {
        model = CanvasModel.of(vm.getNodes(), vm.getWires(), vm.getGroups(), vm.getDiagnostics());
        selectionChanged();
        model.markRuns(vm.runMarks(), vm.runFailures());
        empty.setVisible(vm.getNodes().isEmpty() && vm.getGroups().isEmpty());
        // A graph that opens empty is not fitted later: its first node goes where the user put it.
        if (fitPending && model.bounds() == null && vm.getDocument() != null) fitPending = false;
        if (fitPending && getWidth() > 0 && getHeight() > 0 && model.bounds() != null) fitToView();
        redraw();
    }

    private void selectionChanged() {
        Selection s = vm.selection();
        model.select(s.nodes(), s.wireProperty().get(), s.groupProperty().get());
        redraw();
    }

    /** Asks for a frame at the next pulse. */
    public void redraw() {
        dirty = true;
        timer.start();
    }

    /**
     * Draws a full frame now (the benchmark times this; tests call it before counting). The canvas is larger
     * than the view by {@link #MARGIN} on every side, so that pans and zooms can be shown by moving and scaling
     * this frame until the next full one.
     */
    public void renderFrame() {
        dirty = false;
        frames++;
        settle.stop();
        shifted.set(vp.scale(), vp.tx() + MARGIN, vp.ty() + MARGIN);
        renderer.draw(canvas.getGraphicsContext2D(), canvas.getWidth(), canvas.getHeight(), shifted, model, overlay);
        rendered.set(vp.scale(), vp.tx(), vp.ty());
        layerShift.setX(-MARGIN);
        layerShift.setY(-MARGIN);
        layerScale.setX(1);
        layerScale.setY(1);
        hasFrame = true;
    }

    /**
     * After a pan or zoom: while the last full frame still covers the view at a scale within [0.6, 1.7] of its
     * own, it is moved and scaled (cheap on any pipeline) and a crisp frame follows once the view has been still
     * for a moment; otherwise a full frame is drawn at the next pulse.
     */
    void viewChanged() {
        fitPending = false;
        for (Runnable r : List.copyOf(viewListeners)) r.run();
        if (dirty || !hasFrame) {
            redraw();
            return;
        }
        double k = vp.scale() / rendered.scale();
        double dx = vp.tx() - (rendered.tx() + MARGIN) * k;
        double dy = vp.ty() - (rendered.ty() + MARGIN) * k;
        boolean covers = dx <= 0 && dy <= 0 && dx + canvas.getWidth() * k >= getWidth()
                && dy + canvas.getHeight() * k >= getHeight();
        if (!covers || k < 0.6 || k > 1.7) {
            redraw();
            return;
        }
        layerShift.setX(dx);
        layerShift.setY(dy);
        layerScale.setX(k);
        layerScale.setY(k);
        settle.playFromStart();
    }

    /** Sets zoom and translation (view = graph * scale + translation). */
    public void setView(double scale, double tx, double ty) {
        vp.set(scale, tx, ty);
        viewChanged();
    }

    /** Pans the view by (dx, dy) pixels. */
    public void panBy(double dx, double dy) {
        vp.pan(dx, dy);
        viewChanged();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (canvas.getWidth() != w + 2 * MARGIN || canvas.getHeight() != h + 2 * MARGIN) {
            canvas.setWidth(w + 2 * MARGIN);
            canvas.setHeight(h + 2 * MARGIN);
            redraw();
        }
        empty.autosize();
        empty.relocate((w - empty.getWidth()) / 2, (h - empty.getHeight()) / 2);
        // Bottom left, clear of the minimap in the bottom right corner.
        toast.setMaxWidth(Math.max(200, Math.min(620, w - 260)));
        toast.autosize();
        toast.relocate(16, h - toast.getHeight() - 18);
        quick.autosize();
        if (fitPending && w > 0 && h > 0 && model.bounds() != null) fitToView();
    }

    /** Zooms by {@code factor} keeping the graph point under view point (x, y) in place. */
    public void zoomAt(double x, double y, double factor) {
        vp.zoomAt(x, y, factor);
        viewChanged();
    }

    /** Scales and centres the graph so that all of it shows (never above 100%). */
    public void fitToView() {
        double[] b = model.bounds();
        if (b == null || getWidth() <= 0 || getHeight() <= 0) return;
        vp.fit(b[0], b[1], b[2], b[3], getWidth(), getHeight(), 36, 1.0);
        viewChanged();
    }

    /** Pans so that node {@code id} sits in the middle of the view (no-op for an unknown id). */
    public void centreOn(String id) {
        int i = model.indexOf(id);
        if (i < 0) return;
        NodeView n = model.node(i);
        vp.centreOn(n.x() + n.width() / 2, n.y() + n.height() / 2, getWidth(), getHeight());
        viewChanged();
    }

    /** Pans so that graph point (gx, gy) sits in the middle of the view (the minimap calls this). */
    public void panTo(double gx, double gy) {
        vp.centreOn(gx, gy, getWidth(), getHeight());
        viewChanged();
    }

    /** The visible part of the graph: min x, min y, max x, max y in graph units. */
    public double[] visibleGraphRect() {
        return new double[] {vp.toGraphX(0), vp.toGraphY(0), vp.toGraphX(getWidth()), vp.toGraphY(getHeight())};
    }

    /** The graph's extent (cards and group boxes), or null when empty. */
    public double[] graphBounds() {
        return model.bounds();
    }

    /** Called after every pan and zoom. */
    public void addViewListener(Runnable r) {
        viewListeners.add(r);
    }

    /** The zoom factor now. */
    public double zoom() {
        return vp.scale();
    }

    /** The viewport (zoom and translation). */
    public Viewport viewport() {
        return vp;
    }

    /** Node cards drawn in the latest frame (drawn now if one is pending). */
    public int drawnNodeCount() {
        if (dirty) renderFrame();
        return renderer.drawnNodes();
    }

    /** Wires drawn in the latest frame (drawn now if one is pending). */
    public int drawnWireCount() {
        if (dirty) renderFrame();
        return renderer.drawnWires();
    }

    /** Frames drawn so far. */
    public long frameCount() {
        return frames;
    }

    /** Uses the colours of {@code p} (light or dark theme). */
    public void setPalette(CanvasPalette p) {
        renderer.setPalette(p);
        redraw();
    }

    /** The node's card centre in screen coordinates (for robots), or null. */
    public Point2D nodeScreenCentre(String id) {
        int i = model.indexOf(id);
        if (i < 0) return null;
        NodeView n = model.node(i);
        return localToScreen(vp.toViewX(n.x() + n.width() / 2), vp.toViewY(n.y() + 20));
    }

    /** Whether node {@code id}'s whole card lies inside the canvas as it is shown now. */
    public boolean isNodeFullyVisible(String id) {
        int i = model.indexOf(id);
        if (i < 0) return false;
        NodeView n = model.node(i);
        return vp.toViewX(n.x()) >= 0 && vp.toViewY(n.y()) >= 0 && vp.toViewX(n.x() + n.width()) <= getWidth()
                && vp.toViewY(n.y() + n.height()) <= getHeight();
    }

    /** A port's centre in screen coordinates (for robots), or null. */
    public Point2D portScreenPoint(String id, String port, boolean isInput) {
        int i = model.indexOf(id);
        if (i < 0) return null;
        NodeView n = model.node(i);
        int k = isInput ? n.inputIndex(port) : n.outputIndex(port);
        if (k < 0) return null;
        double gx = isInput ? n.x() : n.x() + GraphLayout.NODE_WIDTH;
        return localToScreen(vp.toViewX(gx), vp.toViewY(n.y() + GraphLayout.portY(k)));
    }

    /** A graph point in screen coordinates (for robots). */
    public Point2D graphToScreen(double gx, double gy) {
        return localToScreen(vp.toViewX(gx), vp.toViewY(gy));
    }

    /**
     * Opens the quick-search popup at view point (x, y). With {@code port} set (a wire dropped there), only types
     * with a fitting port are offered and the node added is wired to it.
     */
    public void showQuickSearch(double x, double y, PortRef port, boolean portIsOutput) {
        List<NodeType> types = port == null ? vm.registry().thenApply(io.rlwb.app.editor.NodeCatalog::sorted).getNow(List.of())
                : vm.edits().compatibleTypes(port, portIsOutput);
        if (types.isEmpty()) {
            showToast(port == null ? "The node types are still loading." : "No node type has a port that fits " + port, true);
            return;
        }
        quickVm.offer(types, port == null ? "Add node" : "Add a node wired to " + port);
        double gx = vp.toGraphX(x);
        double gy = vp.toGraphY(y);
        Consumer<NodeType> add = t -> {
            hideQuickSearch();
            if (port == null) {
                vm.edits().addNode(t.id(), AutoLayout.snap(gx - 24), AutoLayout.snap(gy - 20));
            } else {
                double nx = portIsOutput ? gx + 24 : gx - GraphLayout.NODE_WIDTH - 24;
                vm.edits().addNodeWiredTo(t.id(), AutoLayout.snap(nx), AutoLayout.snap(gy - GraphLayout.portY(0)), port,
                        portIsOutput);
            }
        };
        quick.setOnChoose(add);
        quick.setOnClose(this::hideQuickSearch);
        quick.applyCss();
        quick.autosize();
        double w = Math.max(quick.getWidth(), 340);
        double h = Math.max(quick.getHeight(), 320);
        quick.relocate(Math.max(8, Math.min(x, getWidth() - w - 8)), Math.max(8, Math.min(y, getHeight() - h - 8)));
        quick.setVisible(true);
        quick.toFront();
        quick.focus();
    }

    /** Closes the quick-search popup. */
    public void hideQuickSearch() {
        if (!quick.isVisible()) return;
        quick.setVisible(false);
        requestFocus();
    }

    /** True while the quick-search popup shows. */
    public boolean isQuickSearchShowing() {
        return quick.isVisible();
    }

    /** The quick-search popup (tests type into it). */
    public QuickSearchView quickSearch() {
        return quick;
    }

    /** Shows a short message over the bottom of the canvas for a few seconds. */
    public void showToast(String text, boolean problem) {
        toast.setText(text);
        toast.getStyleClass().remove("canvas-toast-problem");
        if (problem) toast.getStyleClass().add("canvas-toast-problem");
        toast.setVisible(true);
        toast.toFront();
        quick.toFront();
        requestLayout();
        toastTimer.playFromStart();
    }

    /** The toast's text now (empty when hidden). */
    public String toastText() {
        return toast.isVisible() ? toast.getText() : "";
    }

    /** Turns snapping moves to the grid on or off. */
    public void setSnapToGrid(boolean on) {
        input.setSnap(on);
    }

    /** Where the context menu's and the keys' actions come from. */
    public void setCommands(Shortcuts commands) {
        input.setCommands(commands);
    }

    /** The model the last frame drew (for tests). */
    public CanvasModel model() {
        return model;
    }

    /** Checks a wire while it is dragged (for the overlay). */
    ConnectionRules.Verdict check(PortRef from, PortRef to) {
        return vm.edits().check(from, to);
    }

    /** Group boxes now drawn. */
    List<Groups.GroupBox> groups() {
        return vm.getGroups();
    }
}
