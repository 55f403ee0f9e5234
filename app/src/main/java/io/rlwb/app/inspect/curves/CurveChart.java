package io.rlwb.app.inspect.curves;

import io.rlwb.app.ui.plot.HoverTooltip;
import io.rlwb.app.ui.plot.LinePainter;
import io.rlwb.app.ui.plot.PlotCanvas;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.PlotFrame;
import io.rlwb.app.ui.plot.RasterLayer;
import io.rlwb.app.viewmodel.inspect.CurvesViewModel;
import io.rlwb.engine.plot.Scale;
import io.rlwb.engine.plot.Series;
import io.rlwb.engine.plot.TickLabels;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.text.TextAlignment;

/**
 * One learning-curve chart: the metric keys of a {@link CurvesViewModel.ChartSpec} for every run shown, raw values
 * faint (per pixel column a bar from minimum to maximum, so spikes stay) and the smoothed curve solid. Wheel zooms
 * the steps around the mouse (Ctrl+wheel the values), a left drag zooms to the box, a right or middle drag (or
 * Shift+drag) pans, a double click or R fits the data again; L toggles the log scale, arrows pan, + and - zoom.
 * Repaints at most once per frame.
 */
public final class CurveChart extends PlotCanvas {
    private final CurvesViewModel vm;
    private CurvesViewModel.ChartSpec spec;
    private final javafx.beans.property.ObjectProperty<CurvesViewModel.ChartSpec> specProperty =
            new javafx.beans.property.SimpleObjectProperty<>(this, "spec");
    private final PlotFrame frame = PlotFrame.STANDARD;
    private final HoverTooltip hover;
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private boolean boxing;
    private boolean panning;
    private final RasterLayer[] layers = {new RasterLayer(), new RasterLayer()};
    private int flip;

    public CurveChart(CurvesViewModel vm, CurvesViewModel.ChartSpec spec) {
        this.vm = vm;
        this.spec = spec;
        specProperty.set(spec);
        specProperty.addListener((o, a, b) -> {
            this.spec = b;
            requestRedraw();
        });
        getStyleClass().add("curve-chart");
        setFocusTraversable(true);
        vm.versionProperty().addListener((o, a, b) -> requestRedraw());
        hover = HoverTooltip.install(canvas(), this::describe);
        canvas().addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        canvas().addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas().addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas().addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        setOnKeyPressed(e -> {
            boolean used = true;
            if (e.getCode() == KeyCode.R || e.getCode() == KeyCode.HOME) vm.reset(spec);
            else if (e.getCode() == KeyCode.L) vm.logYProperty().set(!vm.logYProperty().get());
            else if (e.getCode() == KeyCode.LEFT) vm.pan(spec, -0.1, 0);
            else if (e.getCode() == KeyCode.RIGHT) vm.pan(spec, 0.1, 0);
            else if (e.getCode() == KeyCode.UP) vm.pan(spec, 0, 0.1);
            else if (e.getCode() == KeyCode.DOWN) vm.pan(spec, 0, -0.1);
            else if (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.EQUALS || e.getCode() == KeyCode.ADD) {
                vm.zoomBy(spec, 0.8, 0.5, 0.5, false, false);
            } else if (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT) {
                vm.zoomBy(spec, 1.25, 0.5, 0.5, false, false);
            } else used = false;
            if (used) e.consume();
        });
    }

    /** The chart this draws. */
    public CurvesViewModel.ChartSpec spec() {
        return spec;
    }

    /** The keys shown; the run panel's chart changes them to follow what the live run records. */
    public javafx.beans.property.ReadOnlyObjectProperty<CurvesViewModel.ChartSpec> specProperty() {
        return specProperty;
    }

    /** Shows other keys. */
    public void setSpec(CurvesViewModel.ChartSpec spec) {
        specProperty.set(spec);
    }

    /** The hover tooltip (tests read its text). */
    public HoverTooltip hover() {
        return hover;
    }

    private Scale xScale(CurvesViewModel.Viewport v) {
        return frame.xScale(v.x0(), v.x1(), false, canvas().getWidth());
    }

    private Scale yScale(CurvesViewModel.Viewport v) {
        return frame.yScale(v.y0(), v.y1(), v.logY(), canvas().getHeight());
    }

    @Override
    protected void paint(GraphicsContext g, double w, double h, PlotColors c) {
        g.setFill(c.background());
        g.fillRect(0, 0, w, h);
        if (w < 80 || h < 80) return;
        CurvesViewModel.Viewport v = vm.viewport(spec);
        Scale x = xScale(v);
        Scale y = yScale(v);
        boolean legendByKey = vm.sources().size() <= 1 && spec.keys().size() > 1;
        String title = (legendByKey ? "" : spec.title()) + (v.logY() ? "  (log)" : "");
        frame.drawAxes(g, w, h, x, y, c, "env steps", title);
        boolean any = false;
        List<CurvesViewModel.Source> sources = vm.sources();
        // Series are blended into a pixel layer (one image for the renderer), alternating two layers so the
        // renderer never reads a buffer being drawn.
        RasterLayer layer = layers[flip ^= 1];
        double ox = frame.left();
        double oy = frame.top() - 1;
        layer.reset((int) Math.ceil(frame.plotWidth(w)) + 1, (int) Math.ceil(frame.plotHeight(h)) + 2);
        double weight = vm.smoothingProperty().get();
        int buckets = (int) Math.max(1, frame.plotWidth(w));
        for (int i = 0; i < sources.size(); i++) {
            CurvesViewModel.Source s = sources.get(i);
            for (int k = 0; k < spec.keys().size(); k++) {
                String key = spec.keys().get(k);
                Series raw = vm.raw(s, key);
                if (raw == null) continue;
                any = true;
                int colour = sources.size() > 1 ? i : k;
                Series.Decimated d = raw.decimate(v.x0(), v.x1(), buckets);
                if (weight > 0) {
                    LinePainter.draw(layer, ox, oy, d, x, y, c.series(colour, 0.3), 1, c.series(colour, 0.3));
                    Series.Decimated sm = vm.smoothed(s, key).decimate(v.x0(), v.x1(), buckets);
                    LinePainter.draw(layer, ox, oy, sm, x, y, c.series(colour), 2, null);
                } else {
                    LinePainter.draw(layer, ox, oy, d, x, y, c.series(colour), 1.5, c.series(colour, 0.6));
                }
            }
        }
        g.drawImage(layer.image(), ox, oy);
        frame.clip(g, w, h);
        if (boxing) {
            g.setFill(c.series(0, 0.12));
            g.setStroke(c.series(0, 0.8));
            g.setLineWidth(1);
            double bx = Math.min(pressX, lastX);
            double by = Math.min(pressY, lastY);
            g.fillRect(bx, by, Math.abs(lastX - pressX), Math.abs(lastY - pressY));
            g.strokeRect(bx + 0.5, by + 0.5, Math.abs(lastX - pressX), Math.abs(lastY - pressY));
        }
        g.restore();
        if (!any) {
            frame.message(g, w, h, c, sources.isEmpty() ? "No runs: start a run, or open a run folder"
                    : "No values of " + spec.title() + " in the runs shown");
            return;
        }
        legend(g, w, c, sources, title.isEmpty() ? frame.left() : 8 + textWidth(title) + 16);
    }

    private void legend(GraphicsContext g, double w, PlotColors c, List<CurvesViewModel.Source> sources,
                        double titleEnd) {
        g.setFont(PlotFrame.LABEL_FONT);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        double right = w - frame.right();
        double ly = frame.top() - 14;
        boolean byRun = sources.size() > 1;
        int n = byRun ? sources.size() : spec.keys().size();
        String[] labels = new String[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            String label = byRun ? sources.get(i).label() : spec.keys().get(i);
            if (!byRun && spec.keys().size() == 1) label = sources.isEmpty() ? "" : sources.get(0).label();
            if (label.length() > 32) label = label.substring(0, 31) + "\u2026";
            labels[i] = label;
            total += textWidth(label) + 36;
        }
        if (!byRun && right - total < titleEnd) {
            // Too narrow for whole keys: the last part of each (episodic_return, return_mean).
            for (int i = 0; i < n; i++) labels[i] = labels[i].substring(labels[i].lastIndexOf('/') + 1);
        }
        double[] widths = new double[n];
        for (int i = 0; i < n; i++) widths[i] = textWidth(labels[i]);
        LegendLayout layout = LegendLayout.place(widths, right, titleEnd);
        if (!layout.inBox()) {
            for (int i = 0; i < n; i++) {
                g.setFill(c.muted());
                g.fillText(labels[i], layout.x()[i], ly);
                swatch(g, c, i, layout.x()[i] - widths[i] - LegendLayout.SWATCH, ly);
            }
            return;
        }
        // Not all fit beside the title: a box in the plot's top-left corner, one entry per line (at most
        // MAX_BOX_LINES; the last line then counts the runs left out, which the Runs tab lists).
        if (n > MAX_BOX_LINES) {
            String more = "\u2026 " + (n - MAX_BOX_LINES + 1) + " more";
            n = MAX_BOX_LINES;
            labels[n - 1] = more;
            widths[n - 1] = textWidth(more);
        }
        double line = 16;
        double boxW = 0;
        for (int i = 0; i < n; i++) boxW = Math.max(boxW, widths[i]);
        boxW += LegendLayout.SWATCH + 12;
        double bx = frame.left() + 6;
        double by = frame.top() + 6;
        g.setFill(c.background().deriveColor(0, 1, 1, 0.85));
        g.fillRect(bx, by, boxW, n * line + 6);
        g.setStroke(c.grid());
        g.setLineWidth(1);
        g.strokeRect(bx + 0.5, by + 0.5, boxW, n * line + 6);
        g.setTextAlign(TextAlignment.LEFT);
        for (int i = 0; i < n; i++) {
            double cy = by + 3 + line * (i + 0.5);
            if (i < n - 1 || n < MAX_BOX_LINES || labels.length <= MAX_BOX_LINES) swatch(g, c, i, bx + 6, cy);
            g.setFill(c.muted());
            g.fillText(labels[i], bx + 6 + LegendLayout.SWATCH, cy);
        }
    }

    /** Lines of the legend box at most. */
    private static final int MAX_BOX_LINES = 8;

    private static void swatch(GraphicsContext g, PlotColors c, int i, double x, double y) {
        g.setStroke(c.series(i));
        g.setLineWidth(2);
        g.strokeLine(x, y, x + 16, y);
    }

    private final java.util.Map<String, Double> widths = new java.util.HashMap<>();

    /** Width of a legend or title text, measured once per string (measuring is slow; charts repaint every frame). */
    private double textWidth(String s) {
        if (widths.size() > 256) widths.clear();
        return widths.computeIfAbsent(s, k -> {
            javafx.scene.text.Text t = new javafx.scene.text.Text(k);
            t.setFont(PlotFrame.LABEL_FONT);
            return t.getLayoutBounds().getWidth();
        });
    }

    private String describe(double px, double py) {
        double w = canvas().getWidth();
        double h = canvas().getHeight();
        if (!frame.contains(px, py, w, h)) return null;
        CurvesViewModel.Viewport v = vm.viewport(spec);
        double step = xScale(v).invert(px);
        List<CurvesViewModel.Reading> rs = vm.readingsAt(spec, step);
        if (rs.isEmpty()) return null;
        StringBuilder sb = new StringBuilder();
        for (CurvesViewModel.Reading r : rs) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(r.run()).append("  ").append(r.key()).append("  step ").append(TickLabels.of(r.x()))
                    .append(":  ").append(format(r.raw()));
            if (vm.smoothingProperty().get() > 0) sb.append("  (smoothed ").append(format(r.smoothed())).append(')');
        }
        return sb.toString();
    }

    private static String format(double v) {
        return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String.format(java.util.Locale.ROOT, "%.4g", v)
                : String.format(java.util.Locale.ROOT, "%.3e", v);
    }

    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() == 0) return;
        double w = canvas().getWidth();
        double h = canvas().getHeight();
        double fx = (e.getX() - frame.left()) / frame.plotWidth(w);
        double fy = 1 - (e.getY() - frame.top()) / frame.plotHeight(h);
        double factor = e.getDeltaY() > 0 ? 0.8 : 1.25;
        vm.zoomBy(spec, factor, clamp(fx), clamp(fy), !e.isControlDown(), e.isControlDown());
        e.consume();
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        // A scroll pane around the chart takes the focus when the press bubbles up to it: take it back after.
        javafx.application.Platform.runLater(this::requestFocus);
        pressX = lastX = e.getX();
        pressY = lastY = e.getY();
        if (e.getClickCount() == 2 && e.getButton() == MouseButton.PRIMARY) {
            vm.reset(spec);
            return;
        }
        panning = e.getButton() != MouseButton.PRIMARY || e.isShiftDown();
        boxing = !panning;
    }

    private void dragged(MouseEvent e) {
        double w = canvas().getWidth();
        double h = canvas().getHeight();
        if (panning) {
            vm.pan(spec, -(e.getX() - lastX) / frame.plotWidth(w), (e.getY() - lastY) / frame.plotHeight(h));
        }
        lastX = e.getX();
        lastY = e.getY();
        if (boxing) requestRedraw();
    }

    private void released(MouseEvent e) {
        if (boxing && Math.abs(e.getX() - pressX) > 4 && Math.abs(e.getY() - pressY) > 4) {
            CurvesViewModel.Viewport v = vm.viewport(spec);
            Scale x = xScale(v);
            Scale y = yScale(v);
            vm.zoomTo(spec, x.invert(pressX), x.invert(e.getX()), y.invert(pressY), y.invert(e.getY()));
        }
        boxing = false;
        panning = false;
        requestRedraw();
    }

    private static double clamp(double f) {
        return Math.max(0, Math.min(1, f));
    }

}
