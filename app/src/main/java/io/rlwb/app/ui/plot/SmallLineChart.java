package io.rlwb.app.ui.plot;

import io.rlwb.engine.plot.Scale;
import java.util.function.Supplier;
import javafx.beans.value.ObservableValue;
import javafx.scene.canvas.GraphicsContext;

/**
 * A small line chart of one or more series over a shared x (env steps, decode steps), with a title and axis
 * titles: the metric strips beside the inspection views (hypervolume over time, compression ratio, KL). NaN
 * values break the line. Repaints when {@code version} changes, at most once per frame.
 */
public final class SmallLineChart extends PlotCanvas {
    private static final PlotFrame FRAME = new PlotFrame(56, 14, 28, 32);
    private final String title;
    private final String xTitle;
    private final String[] names;
    private final int[] colours;
    private final Supplier<double[]> xs;
    private final Supplier<double[][]> ys;

    /**
     * @param names one per series (shown as a legend when there are several)
     * @param colours palette index per series
     * @param ys one array per series, as long as {@code xs}
     */
    public SmallLineChart(String title, String xTitle, String[] names, int[] colours, Supplier<double[]> xs,
                          Supplier<double[][]> ys, ObservableValue<?> version) {
        this.title = title;
        this.xTitle = xTitle;
        this.names = names;
        this.colours = colours;
        this.xs = xs;
        this.ys = ys;
        version.addListener((o, a, b) -> requestRedraw());
        setMinSize(140, 110);
        setPrefSize(300, 150);
    }

    @Override
    protected void paint(GraphicsContext g, double w, double h, PlotColors c) {
        g.setFill(c.background());
        g.fillRect(0, 0, w, h);
        double[] x = xs.get();
        double[][] y = ys.get();
        if (x.length == 0) return;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] s : y) for (double v : s) if (Double.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        // One step only (a single snapshot): the axis runs from 0 to it, not over a one-step sliver whose ticks
        // would all read the same.
        double[] xd = x[x.length - 1] > x[0] ? new double[] {x[0], x[x.length - 1]}
                : new double[] {Math.min(0, x[0]), x[0] > 0 ? x[0] : x[0] + 1};
        double[] yd = Scale.niceDomain(lo, hi, false, FRAME.yTickCount(h));
        Scale sx = FRAME.xScale(xd[0], xd[1], false, w);
        Scale sy = FRAME.yScale(yd[0], yd[1], false, h);
        FRAME.drawAxes(g, w, h, sx, sy, c, xTitle, null);
        FRAME.clip(g, w, h);
        for (int k = 0; k < y.length; k++) {
            g.setStroke(c.series(colours[k]));
            g.setFill(c.series(colours[k]));
            g.setLineWidth(2);
            g.beginPath();
            boolean pen = false;
            for (int i = 0; i < x.length && i < y[k].length; i++) {
                if (!Double.isFinite(y[k][i])) {
                    pen = false;
                    continue;
                }
                double px = sx.map(x[i]);
                double py = sy.map(y[k][i]);
                if (pen) g.lineTo(px, py);
                else g.moveTo(px, py);
                pen = true;
                if (x.length <= 60) g.fillOval(px - 2.5, py - 2.5, 5, 5);
            }
            g.stroke();
        }
        g.restore();
        Legend.title(g, 8, 12, title, c.text());
        if (names.length > 1) {
            javafx.scene.paint.Color[] cols = new javafx.scene.paint.Color[names.length];
            for (int k = 0; k < names.length; k++) cols[k] = c.series(colours[k]);
            Legend.draw(g, w - FRAME.right(), 12, names, cols, c.text());
        }
    }
}
