package io.rlwb.app.gui;

import io.rlwb.engine.spi.PortKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Draws the graph of a {@link GraphViewModel}: node cards (id, type name, category colour and icon, input
 * ports on the left, output ports on the right; component ports as diamonds, data ports as circles, coloured
 * by port type) and wires as cubic curves from output to input. Drag on empty space pans, the wheel zooms
 * about the pointer. A seed of the editor: nothing here edits the graph yet.
 */
public final class GraphCanvasView extends Region {
    /** Smallest zoom. */
    public static final double MIN_SCALE = 0.25;
    /** Largest zoom. */
    public static final double MAX_SCALE = 2.5;
    private static final double GRID = 24;

    private final GraphViewModel vm;
    private final Canvas grid = new Canvas();
    private final Group wireLayer = new Group();
    private final Group nodeLayer = new Group();
    private final Group content = new Group(wireLayer, nodeLayer);
    private final Translate translate = new Translate();
    private final Scale scale = new Scale(1, 1, 0, 0);
    private final Label empty = new Label("Open a graph file: File \u203a Open\u2026 (Ctrl+O)");
    private boolean fitPending = true;
    private double dragX;
    private double dragY;
    private boolean panning;

    public GraphCanvasView(GraphViewModel vm) {
        this.vm = vm;
        getStyleClass().add("graph-canvas");
        content.getTransforms().addAll(translate, scale);
        grid.setMouseTransparent(true);
        empty.getStyleClass().add("graph-empty");
        empty.setMouseTransparent(true);
        getChildren().addAll(grid, content, empty);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);

        ListChangeListener<Object> rebuild = c -> rebuild();
        vm.getNodes().addListener(rebuild);
        vm.getWires().addListener(rebuild);
        vm.documentProperty().addListener((o, a, b) -> {
            fitPending = true;
            requestLayout();
        });

        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getButton() == MouseButton.PRIMARY || e.getButton() == MouseButton.MIDDLE) {
                panning = true;
                dragX = e.getX();
                dragY = e.getY();
                setCursorPanning(true);
            }
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (!panning) return;
            translate.setX(translate.getX() + e.getX() - dragX);
            translate.setY(translate.getY() + e.getY() - dragY);
            dragX = e.getX();
            dragY = e.getY();
            fitPending = false;
            drawGrid();
        });
        addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            panning = false;
            setCursorPanning(false);
        });
        addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() == 0) return;
            zoomAt(e.getX(), e.getY(), Math.pow(1.1, e.getDeltaY() / 40.0));
            e.consume();
        });
        rebuild();
    }

    private void setCursorPanning(boolean on) {
        setCursor(on ? javafx.scene.Cursor.CLOSED_HAND : javafx.scene.Cursor.DEFAULT);
    }

    /** Zooms by {@code factor} keeping the graph point under ({@code x}, {@code y}) in place. */
    public void zoomAt(double x, double y, double factor) {
        double s = scale.getX();
        double ns = Math.max(MIN_SCALE, Math.min(MAX_SCALE, s * factor));
        double gx = (x - translate.getX()) / s;
        double gy = (y - translate.getY()) / s;
        scale.setX(ns);
        scale.setY(ns);
        translate.setX(x - ns * gx);
        translate.setY(y - ns * gy);
        fitPending = false;
        drawGrid();
    }

    /** Scales and centres the graph so that all of it shows (never above 100%). */
    public void fitToView() {
        double w = getWidth();
        double h = getHeight();
        List<NodeView> nodes = vm.getNodes();
        if (w <= 0 || h <= 0 || nodes.isEmpty()) return;
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (NodeView n : nodes) {
            minX = Math.min(minX, n.x());
            minY = Math.min(minY, n.y());
            maxX = Math.max(maxX, n.x() + n.width());
            maxY = Math.max(maxY, n.y() + n.height());
        }
        double pad = 36;
        double s = Math.min(1.0, Math.min((w - 2 * pad) / (maxX - minX), (h - 2 * pad) / (maxY - minY)));
        s = Math.max(MIN_SCALE, s);
        scale.setX(s);
        scale.setY(s);
        translate.setX((w - s * (maxX - minX)) / 2 - s * minX);
        translate.setY((h - s * (maxY - minY)) / 2 - s * minY);
        fitPending = false;
        drawGrid();
    }

    /** Pans so that node {@code id} sits in the middle of the view (no-op for an unknown id). */
    public void centreOn(String id) {
        for (NodeView n : vm.getNodes()) {
            if (!n.id().equals(id)) continue;
            double s = scale.getX();
            translate.setX(getWidth() / 2 - s * (n.x() + n.width() / 2));
            translate.setY(getHeight() / 2 - s * (n.y() + n.height() / 2));
            fitPending = false;
            drawGrid();
            return;
        }
    }

    /** The zoom factor now. */
    public double zoom() {
        return scale.getX();
    }

    /** Node cards on the canvas now. */
    public int drawnNodeCount() {
        return nodeLayer.getChildren().size();
    }

    /** Wires on the canvas now. */
    public int drawnWireCount() {
        return wireLayer.getChildren().size();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (grid.getWidth() != w || grid.getHeight() != h) {
            grid.setWidth(w);
            grid.setHeight(h);
            drawGrid();
        }
        empty.autosize();
        empty.relocate((w - empty.getWidth()) / 2, (h - empty.getHeight()) / 2);
        if (fitPending && w > 0 && h > 0 && !vm.getNodes().isEmpty()) fitToView();
    }

    private void drawGrid() {
        GraphicsContext g = grid.getGraphicsContext2D();
        double w = grid.getWidth();
        double h = grid.getHeight();
        g.clearRect(0, 0, w, h);
        double step = GRID * scale.getX();
        while (step < 12) step *= 2;
        double ox = ((translate.getX() % step) + step) % step;
        double oy = ((translate.getY() % step) + step) % step;
        g.setFill(Color.web("#cbd5e1"));
        double r = 1.1;
        for (double x = ox; x < w; x += step) {
            for (double y = oy; y < h; y += step) {
                g.fillOval(x - r, y - r, 2 * r, 2 * r);
            }
        }
    }

    private void rebuild() {
        List<NodeView> nodes = vm.getNodes();
        Map<String, NodeView> byId = new HashMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        Set<String> wired = new HashSet<>();
        for (WireView w : vm.getWires()) {
            wired.add(w.fromNode() + ".out." + w.fromPort());
            wired.add(w.toNode() + ".in." + w.toPort());
        }
        nodeLayer.getChildren().setAll(nodes.stream().map(n -> card(n, wired)).toList());
        wireLayer.getChildren().clear();
        for (WireView w : vm.getWires()) {
            NodeView a = byId.get(w.fromNode());
            NodeView b = byId.get(w.toNode());
            if (a != null && b != null) wireLayer.getChildren().add(wire(w, a, b));
        }
        empty.setVisible(nodes.isEmpty());
        requestLayout();
    }

    private static Node wire(WireView w, NodeView from, NodeView to) {
        double[] p = GraphLayout.outputAnchor(from, from.outputIndex(w.fromPort()));
        double[] q = GraphLayout.inputAnchor(to, to.inputIndex(w.toPort()));
        double dx = Math.max(48, Math.abs(q[0] - p[0]) * 0.5);
        CubicCurve c = new CubicCurve(p[0], p[1], p[0] + dx, p[1], q[0] - dx, q[1], q[0], q[1]);
        c.setFill(null);
        c.getStyleClass().add("graph-wire");
        if (!w.valid()) {
            c.getStyleClass().add("wire-invalid");
            c.setStroke(Color.web("#dc2626"));
            c.getStrokeDashArray().setAll(6.0, 5.0);
        } else {
            c.setStroke(GraphStyle.portColor(w.typeId()).deriveColor(0, 1, 1, 0.85));
            if (w.kind() == PortKind.COMPONENT) {
                c.getStyleClass().add("wire-component");
                c.getStrokeDashArray().setAll(7.0, 4.0);
            } else {
                c.getStyleClass().add("wire-data");
            }
        }
        Tooltip.install(c, tooltip(w.label() + "\n" + w.typeId() + (w.kind() == null ? "" : " (" + kindName(w.kind()) + ")")
                + (w.valid() ? "" : "\nnot a valid wire: see the problems list")));
        return c;
    }

    private static Node card(NodeView n, Set<String> wired) {
        double w = GraphLayout.NODE_WIDTH;
        double h = n.height();
        Color accent = GraphStyle.categoryColor(n.category());

        Pane card = new Pane();
        card.getStyleClass().add("graph-node");
        switch (n.status()) {
            case ERROR -> card.getStyleClass().add("node-error");
            case WARNING -> card.getStyleClass().add("node-warning");
            default -> { }
        }
        if (!n.known()) card.getStyleClass().add("node-unknown");
        card.setId("node-" + n.id());
        card.setPrefSize(w, h);
        card.setMinSize(w, h);
        card.setMaxSize(w, h);
        card.relocate(n.x(), n.y());

        Region body = new Region();
        body.getStyleClass().add("node-body");
        body.resizeRelocate(0, 0, w, h);
        body.setManaged(false);

        Region band = new Region();
        band.getStyleClass().add("node-band");
        band.setStyle("-fx-background-color: " + GraphStyle.hex(accent) + ";");
        band.setManaged(false);
        band.resizeRelocate(0, 0, w, 4);

        Region header = new Region();
        header.getStyleClass().add("node-header");
        header.setStyle("-fx-background-color: " + GraphStyle.hex(Color.WHITE.interpolate(accent, 0.09)) + ";");
        header.setManaged(false);
        header.resizeRelocate(1, 4, w - 2, GraphLayout.HEADER - 8);

        FontIcon icon = new FontIcon(GraphStyle.categoryIcon(n.category()));
        icon.setIconSize(16);
        icon.setIconColor(Color.WHITE);
        StackPane badge = new StackPane(icon);
        badge.getStyleClass().add("node-badge");
        badge.setStyle("-fx-background-color: " + GraphStyle.hex(accent) + ";");
        badge.setManaged(false);
        badge.resizeRelocate(10, 12, 28, 28);

        Label title = new Label(n.id());
        title.getStyleClass().add("node-title");
        Label type = new Label(n.displayName());
        type.getStyleClass().add("node-type");
        for (Label l : List.of(title, type)) {
            l.setTextOverrun(OverrunStyle.ELLIPSIS);
            l.setManaged(false);
        }
        title.resizeRelocate(46, 9, w - 56, 18);
        type.resizeRelocate(46, 27, w - 56, 15);

        Region rule = new Region();
        rule.getStyleClass().add("node-rule");
        rule.setManaged(false);
        rule.resizeRelocate(1, GraphLayout.HEADER - 4, w - 2, 1);

        card.getChildren().addAll(body, band, header, rule, badge, title, type);
        for (int i = 0; i < n.inputs().size(); i++) {
            PortView p = n.inputs().get(i);
            double y = GraphLayout.portY(i);
            Label l = portLabel(p);
            l.resizeRelocate(12, y - 9, w / 2 - 14, 18);
            l.setAlignment(Pos.CENTER_LEFT);
            card.getChildren().addAll(l, portShape(p, 0, y, wired.contains(n.id() + ".in." + p.name()), true));
        }
        for (int i = 0; i < n.outputs().size(); i++) {
            PortView p = n.outputs().get(i);
            double y = GraphLayout.portY(i);
            Label l = portLabel(p);
            l.resizeRelocate(w / 2 + 2, y - 9, w / 2 - 14, 18);
            l.setAlignment(Pos.CENTER_RIGHT);
            card.getChildren().addAll(l, portShape(p, w, y, wired.contains(n.id() + ".out." + p.name()), false));
        }
        StringBuilder tip = new StringBuilder(n.id()).append("\n").append(n.displayName()).append("  (")
                .append(n.typeId()).append(")\n").append(n.category());
        for (String problem : n.problems()) tip.append("\n\u2022 ").append(problem);
        Tooltip.install(card, tooltip(tip.toString()));
        return card;
    }

    private static Label portLabel(PortView p) {
        Label l = new Label(p.name());
        l.getStyleClass().add("port-label");
        if (!p.declared()) l.getStyleClass().add("port-undeclared");
        l.setTextOverrun(OverrunStyle.ELLIPSIS);
        l.setManaged(false);
        return l;
    }

    private static Shape portShape(PortView p, double x, double y, boolean wired, boolean input) {
        Color c = GraphStyle.portColor(p.typeId());
        Shape s;
        if (p.kind() == PortKind.COMPONENT) {
            double a = 9.5;
            Rectangle r = new Rectangle(x - a / 2, y - a / 2, a, a);
            r.setRotate(45);
            r.getStyleClass().add("port-component");
            s = r;
        } else {
            s = new Circle(x, y, 5.5);
            s.getStyleClass().add(p.kind() == null ? "port-unknown" : "port-data");
        }
        s.getStyleClass().add("port");
        boolean hollow = !wired;
        s.setFill(hollow ? Color.WHITE : c);
        s.setStroke(hollow ? c : Color.WHITE);
        s.setStrokeWidth(hollow ? 2 : 1.5);
        if (!p.declared()) {
            s.setStroke(Color.web("#dc2626"));
            s.getStrokeDashArray().setAll(2.0, 2.0);
        }
        String kind = p.kind() == null ? "unknown kind" : kindName(p.kind());
        String req = input && p.required() ? ", required" : "";
        Tooltip.install(s, tooltip((input ? "in  " : "out  ") + p.name() + " : " + p.typeId() + "  (" + kind + req + ")"
                + (p.description().isEmpty() ? "" : "\n" + p.description())
                + (input && p.required() && !wired ? "\nnot wired" : "")));
        return s;
    }

    private static String kindName(PortKind k) {
        return k == PortKind.COMPONENT ? "component" : "data";
    }

    private static Tooltip tooltip(String text) {
        Tooltip t = new Tooltip(text);
        t.setShowDelay(Duration.millis(300));
        return t;
    }
}
