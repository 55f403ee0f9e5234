package io.rlwb.engine.report;

import io.rlwb.engine.plot.Ema;
import io.rlwb.engine.plot.Scale;
import io.rlwb.engine.plot.Series;
import io.rlwb.engine.plot.TickLabels;
import java.util.List;

/**
 * The report's charts, drawn on any {@link VectorCanvas}: learning curves (raw values faint, decimated per unit of
 * width keeping minimum and maximum, with the debiased EMA solid), a 2-D Pareto scatter with the front
 * highlighted, and a categorical value distribution against the observed return. One chart fills the box it is
 * given.
 */
public final class ReportCharts {
    /** Series colours, in order. */
    public static final List<String> PALETTE = List.of("#2563eb", "#f97316", "#16a34a", "#dc2626", "#9333ea",
            "#0891b2", "#ca8a04", "#db2777");
    static final String TEXT = "#0f172a";
    static final String MUTED = "#64748b";
    static final String GRID = "#e2e8f0";
    static final String AXIS = "#94a3b8";
    static final double LEFT = 48;
    static final double RIGHT = 10;
    static final double TOP = 26;
    static final double BOTTOM = 30;
    /** Smoothing of the report's curves (TensorBoard's default). */
    public static final double SMOOTHING = 0.6;

    private ReportCharts() {}

    /**
     * One curve of a chart.
     *
     * @param label legend text
     * @param series the raw values
     */
    public record Curve(String label, Series series) {}

    /** The colour of curve {@code i}. */
    public static String colour(int i) {
        return PALETTE.get(Math.floorMod(i, PALETTE.size()));
    }

    /** A learning-curve chart of {@code curves} in the box {@code (x, y, w, h)}. */
    public static void lineChart(VectorCanvas c, double x, double y, double w, double h, String title,
                                 List<Curve> curves) {
        c.rect(x, y, w, h, "#ffffff", 1, GRID);
        c.text(x + 8, y + 16, title, 11, TEXT, VectorCanvas.Anchor.START, true);
        double x0 = 0;
        double x1 = Double.NEGATIVE_INFINITY;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Curve cv : curves) {
            if (cv.series().isEmpty()) continue;
            x0 = Math.min(x0, cv.series().x(0));
            x1 = Math.max(x1, cv.series().lastX());
            lo = Math.min(lo, cv.series().minY());
            hi = Math.max(hi, cv.series().maxY());
        }
        if (!(x1 > x0)) x1 = x0 + 1;
        double[] yd = Scale.niceDomain(lo, hi, false, 5);
        Scale xs = Scale.linear(x0, x1, x + LEFT, x + w - RIGHT);
        Scale ys = Scale.linear(yd[0], yd[1], y + h - BOTTOM, y + TOP);
        axes(c, xs, ys, x, y, w, h, "env steps");
        if (Double.isInfinite(lo)) {
            c.text(x + w / 2, y + h / 2, "no values", 11, MUTED, VectorCanvas.Anchor.MIDDLE, false);
            return;
        }
        int buckets = (int) Math.max(1, Math.abs(xs.r1() - xs.r0()));
        for (int i = 0; i < curves.size(); i++) {
            Series s = curves.get(i).series();
            if (s.isEmpty()) continue;
            String col = colour(i);
            Series.Decimated d = s.decimate(x0, x1, buckets);
            double[] px = new double[d.size()];
            double[] py = new double[d.size()];
            for (int k = 0; k < d.size(); k++) {
                px[k] = xs.map(d.x()[k]);
                py[k] = ys.map(d.mean()[k]);
                if (d.count()[k] > 1 && d.max()[k] > d.min()[k]) {
                    c.line(px[k], ys.map(d.min()[k]), px[k], ys.map(d.max()[k]), col, 0.6, 0.3, false);
                }
            }
            c.polyline(px, py, d.size(), col, 0.8, 0.35);
            Series sm = new Series();
            new Ema(SMOOTHING).extend(s, sm);
            Series.Decimated ds = sm.decimate(x0, x1, buckets);
            double[] qx = new double[ds.size()];
            double[] qy = new double[ds.size()];
            for (int k = 0; k < ds.size(); k++) {
                qx[k] = xs.map(ds.x()[k]);
                qy[k] = ys.map(ds.mean()[k]);
            }
            c.polyline(qx, qy, ds.size(), col, 1.8, 1);
        }
        legend(c, x + w - RIGHT, y + 16, curves.stream().map(Curve::label).toList());
    }

    /**
     * A scatter of two objectives: front points solid, dominated points faded, the front joined in order.
     *
     * @param points rows of {@code {a, b, dominated ? 1 : 0}}
     */
    public static void scatter(VectorCanvas c, double x, double y, double w, double h, String title, String xName,
                               String yName, List<double[]> points) {
        c.rect(x, y, w, h, "#ffffff", 1, GRID);
        c.text(x + 8, y + 16, title, 11, TEXT, VectorCanvas.Anchor.START, true);
        double ax = Double.POSITIVE_INFINITY;
        double bx = Double.NEGATIVE_INFINITY;
        double ay = Double.POSITIVE_INFINITY;
        double by = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            ax = Math.min(ax, p[0]);
            bx = Math.max(bx, p[0]);
            ay = Math.min(ay, p[1]);
            by = Math.max(by, p[1]);
        }
        double[] xd = Scale.niceDomain(ax, bx, false, 5);
        double[] yd = Scale.niceDomain(ay, by, false, 5);
        Scale xs = Scale.linear(xd[0], xd[1], x + LEFT, x + w - RIGHT);
        Scale ys = Scale.linear(yd[0], yd[1], y + h - BOTTOM, y + TOP);
        axes(c, xs, ys, x, y, w, h, xName);
        c.text(x + LEFT + 4, y + TOP + 10, yName, 9, MUTED, VectorCanvas.Anchor.START, false);
        List<double[]> front = points.stream().filter(p -> p[2] == 0).sorted((p, q) -> Double.compare(p[0], q[0]))
                .toList();
        double[] fx = new double[front.size()];
        double[] fy = new double[front.size()];
        for (int i = 0; i < front.size(); i++) {
            fx[i] = xs.map(front.get(i)[0]);
            fy[i] = ys.map(front.get(i)[1]);
        }
        c.polyline(fx, fy, front.size(), colour(0), 1, 0.6);
        for (double[] p : points) {
            boolean dominated = p[2] != 0;
            c.circle(xs.map(p[0]), ys.map(p[1]), dominated ? 3 : 4, dominated ? MUTED : colour(0),
                    dominated ? 0.35 : 1, dominated ? null : "#ffffff");
        }
        legend(c, x + w - RIGHT, y + 16, List.of("front (" + front.size() + ")"));
    }

    /**
     * A categorical distribution as bars over {@code edges}, its mean dashed and the observed return (when known)
     * as a solid line.
     */
    public static void distribution(VectorCanvas c, double x, double y, double w, double h, String title,
                                    double[] edges, double[] probs, double mean, Double observed) {
        c.rect(x, y, w, h, "#ffffff", 1, GRID);
        c.text(x + 8, y + 16, title, 11, TEXT, VectorCanvas.Anchor.START, true);
        double pmax = 0;
        for (double p : probs) pmax = Math.max(pmax, p);
        double[] yd = Scale.niceDomain(0, pmax, false, 4);
        Scale xs = Scale.linear(edges[0], edges[edges.length - 1], x + LEFT, x + w - RIGHT);
        Scale ys = Scale.linear(yd[0], yd[1], y + h - BOTTOM, y + TOP);
        axes(c, xs, ys, x, y, w, h, "return");
        for (int k = 0; k < probs.length; k++) {
            double l = xs.map(edges[k]);
            double r = xs.map(edges[k + 1]);
            c.rect(l + 0.5, ys.map(probs[k]), Math.max(0.5, r - l - 1), ys.map(0) - ys.map(probs[k]), colour(0), 0.7,
                    null);
        }
        c.line(xs.map(mean), y + TOP, xs.map(mean), y + h - BOTTOM, colour(1), 1.2, 1, true);
        if (observed != null) c.line(xs.map(observed), y + TOP, xs.map(observed), y + h - BOTTOM, colour(2), 1.5, 1, false);
        legend(c, x + w - RIGHT, y + 16, observed == null ? List.of("predicted", "mean")
                : List.of("predicted", "mean", "observed"));
    }

    private static void axes(VectorCanvas c, Scale xs, Scale ys, double x, double y, double w, double h,
                             String xTitle) {
        double bottom = y + h - BOTTOM;
        for (double t : ys.ticks(Math.max(2, (int) ((h - TOP - BOTTOM) / 36)))) {
            double py = ys.map(t);
            c.line(x + LEFT, py, x + w - RIGHT, py, GRID, 0.6, 1, false);
            c.text(x + LEFT - 5, py + 3, TickLabels.of(t), 8.5, MUTED, VectorCanvas.Anchor.END, false);
        }
        for (double t : xs.ticks(Math.max(2, (int) ((w - LEFT - RIGHT) / 70)))) {
            double px = xs.map(t);
            c.line(px, y + TOP, px, bottom, GRID, 0.6, 1, false);
            c.text(px, bottom + 12, TickLabels.of(t), 8.5, MUTED, VectorCanvas.Anchor.MIDDLE, false);
        }
        c.line(x + LEFT, bottom, x + w - RIGHT, bottom, AXIS, 0.8, 1, false);
        c.line(x + LEFT, y + TOP, x + LEFT, bottom, AXIS, 0.8, 1, false);
        c.text(x + w - RIGHT, y + h - 6, xTitle, 8.5, MUTED, VectorCanvas.Anchor.END, false);
    }

    private static void legend(VectorCanvas c, double right, double baseline, List<String> labels) {
        double at = right;
        for (int i = labels.size() - 1; i >= 0; i--) {
            String l = labels.get(i).length() > 40 ? labels.get(i).substring(0, 39) + "\u2026" : labels.get(i);
            double tw = c.textWidth(l, 8.5);
            c.text(at, baseline, l, 8.5, MUTED, VectorCanvas.Anchor.END, false);
            c.line(at - tw - 18, baseline - 3, at - tw - 5, baseline - 3, colour(i), 2, 1, false);
            at -= tw + 26;
        }
    }
}
