package io.rlwb.app.gui;

import io.rlwb.engine.plot.AxisTicks;
import io.rlwb.engine.plot.Series;

import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The live return curve: a lightweight line chart on one {@link Canvas} (a node per point would not scale to
 * long runs). Training episode returns are drawn faint and decimated per pixel column (minimum to maximum, so
 * spikes stay), their moving average as a solid line, evaluation means as markers. Redraws only when the
 * {@link RunViewModel}'s data version or the size changes.
 */
public final class ReturnChartView extends Region {
    private static final Color RAW = Color.web("#3b82f6", 0.28);
    private static final Color AVG = Color.web("#2563eb");
    private static final Color EVAL = Color.web("#f97316");
    /** Theme colours, read at each draw so the chart follows the light and dark themes. */
    private Color gridColor = Color.web("#e9edf2");
    private Color axisColor = Color.web("#94a3b8");
    private Color textColor = Color.web("#64748b");
    private Color surfaceColor = Color.WHITE;
    private static final double LEFT = 50;
    private static final double RIGHT = 16;
    private static final double TOP = 30;
    private static final double BOTTOM = 36;

    private final RunViewModel vm;
    private final Canvas canvas = new Canvas();
    private final Font small = Font.font("System", 11);
    private final Font legendFont = Font.font("System", 11.5);
    private final Font emptyFont = Font.font("System", FontWeight.NORMAL, 13);
    private long drawnVersion = -1;
    private int draws;

    public ReturnChartView(RunViewModel vm) {
        this.vm = vm;
        getStyleClass().add("return-chart");
        getChildren().add(canvas);
        vm.dataVersionProperty().addListener((o, a, b) -> redraw());
        vm.stateProperty().addListener((o, a, b) -> redraw());
        sceneProperty().addListener((o, old, scene) -> {
            if (scene != null) {
                io.rlwb.app.gui.theme.Themes.themeProperty(scene).addListener((p, a, b) -> {
                    drawnVersion = -1;
                    redraw();
                });
            }
        });
        setMinSize(200, 160);
        setPrefSize(420, 300);
    }

    /** Times the chart has been drawn (tests check it redraws only on change). */
    public int drawCount() {
        return draws;
    }

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            drawnVersion = -1;
            redraw();
        }
    }

    /** Draws the series as they are now, when they changed since the last draw. */
    public void redraw() {
        long v = vm.dataVersionProperty().get() * 31 + vm.getState().ordinal();
        if (v == drawnVersion && canvas.getWidth() > 0) return;
        drawnVersion = v;
        draw();
    }

    private void draw() {
        draws++;
        io.rlwb.app.gui.theme.Theme theme = getScene() == null ? io.rlwb.app.gui.theme.Theme.LIGHT
                : io.rlwb.app.gui.theme.Themes.of(getScene());
        gridColor = theme.chartGrid();
        textColor = theme.mutedText();
        axisColor = theme.mutedText().deriveColor(0, 1, 1, 0.7);
        surfaceColor = theme.nodeSurface();
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (w < 80 || h < 80) return;
        Series raw = vm.returns();
        Series avg = vm.returnsAverage();
        Series ev = vm.evals();
        double pw = w - LEFT - RIGHT;
        double ph = h - TOP - BOTTOM;

        double maxX = Math.max(raw.isEmpty() ? 0 : raw.lastX(), ev.isEmpty() ? 0 : ev.lastX());
        double minY = min(raw.minY(), ev.minY());
        double maxY = max(raw.maxY(), ev.maxY());
        boolean emptyData = raw.isEmpty() && ev.isEmpty();
        if (emptyData) {
            minY = 0;
            maxY = 500;
            maxX = 100_000;
        }
        if (!(maxX > 0)) maxX = 1;
        AxisTicks xt = AxisTicks.of(0, maxX, Math.max(2, (int) (pw / 80)));
        double span = maxY - minY;
        double lo = minY - span * 0.04;
        if (minY >= 0 && lo < 0) lo = 0; // returns that never go negative keep 0 as the floor
        AxisTicks yt = AxisTicks.of(lo, maxY + span * 0.04, Math.max(2, (int) (ph / 44)));
        double x0 = 0;
        double x1 = xt.max();
        double y0 = yt.min();
        double y1 = yt.max();

        // Grid and tick labels.
        g.setLineWidth(1);
        g.setFont(small);
        g.setFill(textColor);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (double t : yt.values()) {
            double py = snap(TOP + ph - (t - y0) / (y1 - y0) * ph);
            g.setStroke(gridColor);
            g.strokeLine(LEFT, py, LEFT + pw, py);
            g.fillText(Formats.compact(t), LEFT - 8, py);
        }
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (double t : xt.values()) {
            double px = snap(LEFT + (t - x0) / (x1 - x0) * pw);
            g.setStroke(gridColor);
            g.strokeLine(px, TOP, px, TOP + ph);
            g.setStroke(axisColor);
            g.strokeLine(px, TOP + ph, px, TOP + ph + 4);
            g.fillText(Formats.compact(t), px, TOP + ph + 7);
        }
        g.setStroke(axisColor);
        g.strokeLine(LEFT, snap(TOP + ph), LEFT + pw, snap(TOP + ph));
        g.strokeLine(snap(LEFT), TOP, snap(LEFT), TOP + ph);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText("env steps", LEFT + pw, h - 2);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText("return", 8, TOP - 14);

        if (emptyData) {
            g.setFont(emptyFont);
            g.setTextAlign(TextAlignment.CENTER);
            g.setFill(textColor);
            g.fillText(vm.getState().active() ? "Waiting for the first episode\u2026" : "No data yet: press Run",
                    LEFT + pw / 2, TOP + ph / 2);
            return;
        }

        g.save();
        g.beginPath();
        g.rect(LEFT, TOP - 1, pw + 1, ph + 2);
        g.clip();
        int buckets = Math.max(1, (int) pw);
        Mapper m = new Mapper(x0, x1, y0, y1, pw, ph);
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);

        // Raw episode returns: min-max bars per pixel column, joined through their means.
        Series.Decimated d = raw.decimate(x0, x1, buckets);
        g.setStroke(RAW);
        g.setLineWidth(1);
        polyline(g, m, d, false);
        for (int i = 0; i < d.size(); i++) {
            if (d.count()[i] > 1) {
                double px = m.x(d.x()[i]);
                g.strokeLine(px, m.y(d.min()[i]), px, m.y(d.max()[i]));
            }
        }
        // Moving average.
        Series.Decimated a = avg.decimate(x0, x1, buckets);
        g.setStroke(AVG);
        g.setLineWidth(2.2);
        polyline(g, m, a, true);

        // Evaluations: a thin line through markers.
        if (!ev.isEmpty()) {
            g.setStroke(EVAL.deriveColor(0, 1, 1, 0.6));
            g.setLineWidth(1.2);
            g.setLineDashes(4, 3);
            g.beginPath();
            for (int i = 0; i < ev.size(); i++) {
                if (i == 0) g.moveTo(m.x(ev.x(i)), m.y(ev.y(i)));
                else g.lineTo(m.x(ev.x(i)), m.y(ev.y(i)));
            }
            g.stroke();
            g.setLineDashes();
            g.setLineWidth(1.5);
            int stride = Math.max(1, ev.size() / 200);
            for (int i = 0; i < ev.size(); i += stride) {
                double px = m.x(ev.x(i));
                double py = m.y(ev.y(i));
                g.setFill(EVAL);
                g.fillOval(px - 4, py - 4, 8, 8);
                g.setStroke(surfaceColor);
                g.strokeOval(px - 4, py - 4, 8, 8);
            }
        }
        g.restore();
        legend(g, w, raw, ev);
    }

    private void legend(GraphicsContext g, double w, Series raw, Series ev) {
        g.setFont(legendFont);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        double y = TOP - 14;
        record Entry(String label, Color color, int kind) {}
        List<Entry> entries = List.of(
                new Entry("episode return", RAW.deriveColor(0, 1, 1, 2.2), 0),
                new Entry("mean of " + RunViewModel.AVERAGE_WINDOW, AVG, 0),
                new Entry("eval", EVAL, 1));
        double x = w - RIGHT;
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            double tw = textWidth(e.label());
            x -= tw;
            g.setFill(textColor);
            g.fillText(e.label(), x, y);
            x -= 6;
            if (e.kind() == 1) {
                g.setFill(e.color());
                g.fillOval(x - 8, y - 4, 8, 8);
                x -= 8;
            } else {
                g.setStroke(e.color());
                g.setLineWidth(i == 0 ? 1.5 : 2.2);
                g.strokeLine(x - 16, y, x, y);
                x -= 16;
            }
            x -= 14;
        }
        if (!raw.isEmpty()) {
            g.setFill(textColor);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(GraphViewModel.plural(raw.size(), "episode")
                    + (ev.isEmpty() ? "" : ", " + GraphViewModel.plural(ev.size(), "evaluation")),
                    LEFT + 8, TOP + 10);
        }
    }

    private double textWidth(String s) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(s);
        t.setFont(legendFont);
        return t.getLayoutBounds().getWidth();
    }

    private static void polyline(GraphicsContext g, Mapper m, Series.Decimated d, boolean mean) {
        if (d.size() == 0) return;
        g.beginPath();
        for (int i = 0; i < d.size(); i++) {
            double px = m.x(d.x()[i]);
            double py = m.y(d.mean()[i]);
            if (i == 0) g.moveTo(px, py);
            else g.lineTo(px, py);
        }
        g.stroke();
        if (d.size() == 1 && mean) {
            double px = m.x(d.x()[0]);
            double py = m.y(d.mean()[0]);
            g.strokeLine(px, py, px, py);
        }
    }

    private static double snap(double v) {
        return Math.floor(v) + 0.5;
    }

    private static double min(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    private record Mapper(double x0, double x1, double y0, double y1, double pw, double ph) {
        double x(double v) {
            return LEFT + (v - x0) / (x1 - x0) * pw;
        }

        double y(double v) {
            return TOP + ph - (v - y0) / (y1 - y0) * ph;
        }
    }
}
