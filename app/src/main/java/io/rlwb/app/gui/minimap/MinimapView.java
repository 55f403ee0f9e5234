package io.rlwb.app.gui.minimap;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.css.converter.PaintConverter;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;

/**
 * An overview of the whole graph: every node as a small rectangle in its category colour, and the part the
 * canvas shows now as a framed rectangle. A click centres the canvas's view on that point, a drag moves it
 * along (grabbing the frame keeps the grab point under the pointer); both go through
 * {@link #setOnViewportMove}. One canvas, one fill per node: redrawing 500 nodes takes well under a
 * millisecond. Redraws happen at most once a pulse: call {@link #redraw()} when the graph changed; changes of
 * {@link #viewportProperty()} and of the size redraw by themselves.
 *
 * <p>CSS: the region's background and border come from {@code .minimap}; {@code -rlwb-viewport-color} sets the
 * frame's colour, {@code -rlwb-mask-color} the veil over what lies outside the view.
 */
public final class MinimapView extends Region {
    /**
     * A node as the minimap draws it, in graph coordinates.
     *
     * @param color the node's category colour
     */
    public record Box(double x, double y, double width, double height, Color color) {}

    private static final double PAD = 8;

    private final Canvas canvas = new Canvas();
    private final ObjectProperty<Rectangle2D> viewport = new SimpleObjectProperty<>(this, "viewport");
    private Supplier<? extends Collection<Box>> boxes = List::of;
    private Consumer<Point2D> onViewportMove = p -> {};
    private boolean dirty = true;
    private int draws;
    /** The mapping of the last draw; frozen during a drag so the map does not shift under the pointer. */
    private Mapping mapping;
    private Mapping dragMapping;
    private Point2D grabOffset;
    private Point2D pressedAt;
    private boolean moved;

    private final StyleableObjectProperty<Paint> viewportColor = new StyleableObjectProperty<>(Color.web("#2563eb")) {
        @Override public Object getBean() { return MinimapView.this; }

        @Override public String getName() { return "viewportColor"; }

        @Override public CssMetaData<MinimapView, Paint> getCssMetaData() { return VIEWPORT_COLOR; }

        @Override protected void invalidated() { redraw(); }
    };

    private final StyleableObjectProperty<Paint> maskColor = new StyleableObjectProperty<>(DEFAULT_MASK) {
        @Override public Object getBean() { return MinimapView.this; }

        @Override public String getName() { return "maskColor"; }

        @Override public CssMetaData<MinimapView, Paint> getCssMetaData() { return MASK_COLOR; }

        @Override protected void invalidated() { redraw(); }
    };

    private static final Color DEFAULT_MASK = Color.rgb(255, 255, 255, 0.55);

    private static final CssMetaData<MinimapView, Paint> MASK_COLOR = new CssMetaData<>("-rlwb-mask-color",
            PaintConverter.getInstance(), DEFAULT_MASK) {
        @Override public boolean isSettable(MinimapView v) { return !v.maskColor.isBound(); }

        @Override public StyleableProperty<Paint> getStyleableProperty(MinimapView v) { return v.maskColor; }
    };

    private static final CssMetaData<MinimapView, Paint> VIEWPORT_COLOR = new CssMetaData<>("-rlwb-viewport-color",
            PaintConverter.getInstance(), Color.web("#2563eb")) {
        @Override public boolean isSettable(MinimapView v) { return !v.viewportColor.isBound(); }

        @Override public StyleableProperty<Paint> getStyleableProperty(MinimapView v) { return v.viewportColor; }
    };

    private static final List<CssMetaData<? extends Styleable, ?>> CSS_META;

    static {
        List<CssMetaData<? extends Styleable, ?>> l = new java.util.ArrayList<>(Region.getClassCssMetaData());
        l.add(VIEWPORT_COLOR);
        l.add(MASK_COLOR);
        CSS_META = List.copyOf(l);
    }

    /** An empty minimap; give it nodes with {@link #setBoxes}. */
    public MinimapView() {
        getStyleClass().add("minimap");
        getChildren().add(canvas);
        canvas.setMouseTransparent(true);
        setPrefSize(220, 150);
        setMinSize(80, 60);
        viewport.addListener((o, a, b) -> redraw());
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
    }

    /** Where the nodes come from; read at every redraw. */
    public void setBoxes(Supplier<? extends Collection<Box>> source) {
        boxes = Objects.requireNonNull(source, "source");
        redraw();
    }

    /** The part of the graph the canvas shows, in graph coordinates; null draws no frame. */
    public ObjectProperty<Rectangle2D> viewportProperty() {
        return viewport;
    }

    public void setViewport(Rectangle2D r) {
        viewport.set(r);
    }

    /** Called with the graph point that should become the centre of the canvas's view. */
    public void setOnViewportMove(Consumer<Point2D> handler) {
        onViewportMove = handler == null ? p -> {} : handler;
    }

    /** Asks for a redraw in the next pulse (several calls in one pulse draw once). */
    public void redraw() {
        dirty = true;
        requestLayout();
    }

    /** How many times the map has been drawn (tests check that redraws coalesce). */
    public int drawCount() {
        return draws;
    }

    /** The graph point under a point of this region, by the last draw; null before the first draw. */
    public Point2D toGraph(double x, double y) {
        Mapping m = dragMapping != null ? dragMapping : mapping;
        return m == null ? null : m.toGraph(x, y);
    }

    /** The veil over what lies outside the view, from CSS ({@code -rlwb-mask-color}). */
    public ObjectProperty<Paint> maskColorProperty() {
        return maskColor;
    }

    /** The frame colour from CSS ({@code -rlwb-viewport-color}). */
    public ObjectProperty<Paint> viewportColorProperty() {
        return viewportColor;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS_META;
    }

    /** The CSS properties of this class: those of {@link Region}, {@code -rlwb-viewport-color}, {@code -rlwb-mask-color}. */
    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS_META;
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double w = Math.max(0, Math.floor(getWidth() - in.getLeft() - in.getRight()));
        double h = Math.max(0, Math.floor(getHeight() - in.getTop() - in.getBottom()));
        canvas.relocate(in.getLeft(), in.getTop());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            dirty = true;
        }
        if (dirty) draw();
    }

    private void draw() {
        dirty = false;
        draws++;
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        Collection<Box> all = boxes.get();
        Rectangle2D view = viewport.get();
        Mapping m = dragMapping != null ? dragMapping : Mapping.fit(all, view, w, h, canvas.getLayoutX(), canvas.getLayoutY());
        mapping = m;
        if (m == null) return;
        for (Box b : all) {
            g.setFill(b.color());
            // At least 2 px, so a node stays visible on a large graph.
            double bw = Math.max(2, b.width() * m.scale);
            double bh = Math.max(2, b.height() * m.scale);
            g.fillRect(m.x(b.x()), m.y(b.y()), bw, bh);
        }
        if (view != null) {
            Paint frame = viewportColor.get();
            double x = m.x(view.getMinX());
            double y = m.y(view.getMinY());
            double vw = view.getWidth() * m.scale;
            double vh = view.getHeight() * m.scale;
            // What lies outside the view is veiled, so the frame stands out however busy the graph is.
            g.setFill(maskColor.get());
            g.fillRect(0, 0, w, Math.max(0, y));
            g.fillRect(0, y + vh, w, Math.max(0, h - y - vh));
            g.fillRect(0, y, Math.max(0, x), vh);
            g.fillRect(x + vw, y, Math.max(0, w - x - vw), vh);
            g.setGlobalAlpha(0.10);
            g.setFill(frame);
            g.fillRect(x, y, vw, vh);
            g.setGlobalAlpha(1);
            g.setStroke(frame);
            g.setLineWidth(2);
            g.strokeRect(Math.round(x) + 0.5, Math.round(y) + 0.5, Math.max(2, Math.round(vw) - 1), Math.max(2, Math.round(vh) - 1));
        }
    }

    private void pressed(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY || mapping == null) return;
        dragMapping = mapping;
        pressedAt = new Point2D(e.getX(), e.getY());
        moved = false;
        Point2D p = dragMapping.toGraph(e.getX(), e.getY());
        Rectangle2D view = viewport.get();
        if (view != null && view.contains(p)) {
            // Grabbing the frame: a drag keeps the grab point under the pointer instead of jumping;
            // a click without a drag centres there on release.
            grabOffset = new Point2D(view.getMinX() + view.getWidth() / 2 - p.getX(),
                    view.getMinY() + view.getHeight() / 2 - p.getY());
        } else {
            grabOffset = Point2D.ZERO;
            moved = true;
            onViewportMove.accept(p);
        }
        e.consume();
    }

    private void dragged(MouseEvent e) {
        if (dragMapping == null || grabOffset == null) return;
        if (!moved && pressedAt.distance(e.getX(), e.getY()) < 3) return; // a shaky click is no drag
        moved = true;
        Point2D p = dragMapping.toGraph(e.getX(), e.getY());
        onViewportMove.accept(p.add(grabOffset));
        e.consume();
    }

    private void released(MouseEvent e) {
        if (dragMapping != null && !moved && e.getButton() == MouseButton.PRIMARY) {
            onViewportMove.accept(dragMapping.toGraph(e.getX(), e.getY()));
        }
        dragMapping = null;
        grabOffset = null;
        pressedAt = null;
    }

    /**
     * Graph to canvas coordinates: a uniform scale, centred in the canvas. {@code left}, {@code top}: where the
     * canvas sits in the region, for turning pointer positions into graph points.
     */
    private record Mapping(double scale, double cx, double cy, double minX, double minY, double left, double top) {
        static Mapping fit(Collection<Box> boxes, Rectangle2D view, double w, double h, double left, double top) {
            double x0 = Double.POSITIVE_INFINITY;
            double y0 = Double.POSITIVE_INFINITY;
            double x1 = Double.NEGATIVE_INFINITY;
            double y1 = Double.NEGATIVE_INFINITY;
            for (Box b : boxes) {
                x0 = Math.min(x0, b.x());
                y0 = Math.min(y0, b.y());
                x1 = Math.max(x1, b.x() + b.width());
                y1 = Math.max(y1, b.y() + b.height());
            }
            if (view != null) {
                x0 = Math.min(x0, view.getMinX());
                y0 = Math.min(y0, view.getMinY());
                x1 = Math.max(x1, view.getMaxX());
                y1 = Math.max(y1, view.getMaxY());
            }
            if (!(x1 > x0) || !(y1 > y0) || w <= 2 * PAD || h <= 2 * PAD) return null;
            double s = Math.min((w - 2 * PAD) / (x1 - x0), (h - 2 * PAD) / (y1 - y0));
            return new Mapping(s, (w - s * (x1 - x0)) / 2, (h - s * (y1 - y0)) / 2, x0, y0, left, top);
        }

        double x(double gx) {
            return cx + (gx - minX) * scale;
        }

        double y(double gy) {
            return cy + (gy - minY) * scale;
        }

        /** The graph point under region point ({@code rx}, {@code ry}). */
        Point2D toGraph(double rx, double ry) {
            return new Point2D(minX + (rx - left - cx) / scale, minY + (ry - top - cy) / scale);
        }
    }
}
