package io.rlwb.app.inspect.pareto;

import io.rlwb.app.ui.plot.Legend;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.PlotFrame;
import io.rlwb.app.viewmodel.inspect.ParetoViewModel;
import io.rlwb.engine.plot.TickLabels;
import io.rlwb.engine.telemetry.ParetoSnapshot.Point;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * Parallel coordinates of the archive, for three objectives or more: one vertical axis per objective (its range
 * over the run, labelled at both ends), one polyline per policy; policies on the front (in all objectives) solid,
 * dominated ones faint, the selected one highlighted. Hovering a line tells its policy; a click selects the nearest
 * line (front lines win ties, as they are drawn on top), a click away from every line clears the selection.
 */
public final class ParallelCoordinates extends PickableParetoChart {
    private static final PlotFrame FRAME = new PlotFrame(44, 44, 48, 40);
    /** How close (pixels) a click must come to a line to pick it. */
    private static final double PICK = 6;
    /** Axis x positions, plot top and height of the last paint; null before the first. */
    private double[] axes;
    private double top;
    private double height;
    /** The objective ranges of the last paint: picking maps values exactly as that paint did, without rescanning. */
    private double[][] ranges;

    public ParallelCoordinates(ParetoViewModel vm) {
        super(vm);
    }

    /** The policy whose line passes nearest pixel (x, y), within {@value #PICK} px; null if none. */
    @Override
    public Point pointAt(double x, double y) {
        if (axes == null) return null;
        Point best = null;
        double bestD = PICK;
        for (Point p : vm.points()) {
            double d = distance(p, x, y);
            if (d < bestD || (d == bestD && best != null && best.dominated() && !p.dominated())) {
                bestD = d;
                best = p;
            }
        }
        return best;
    }

    /** Pixel where a policy's line crosses the axis of objective {@code k} in the last paint (tests click there). */
    public double[] pixelOf(Point p, int k) {
        return new double[] {axes[k], yOf(p, k)};
    }

    private double yOf(Point p, int k) {
        return top + height * (1 - ParetoViewModel.normalise(p.values()[k], ranges[k]));
    }

    private double distance(Point p, double x, double y) {
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k + 1 < axes.length; k++) {
            double x0 = axes[k], y0 = yOf(p, k), x1 = axes[k + 1], y1 = yOf(p, k + 1);
            double dx = x1 - x0, dy = y1 - y0;
            double t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
            best = Math.min(best, Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)));
        }
        return best;
    }

    @Override
    protected void paint(GraphicsContext g, double w, double h, PlotColors c) {
        g.setFill(c.background());
        g.fillRect(0, 0, w, h);
        List<Point> pts = vm.points();
        int m = vm.objectives().size();
        if (pts.isEmpty() || m < 2) return;
        double[][] r = vm.ranges();
        double pw = FRAME.plotWidth(w);
        double ph = FRAME.plotHeight(h);
        double top = FRAME.top();
        double[] ax = new double[m];
        for (int k = 0; k < m; k++) ax[k] = FRAME.left() + pw * k / (m - 1);
        this.axes = ax;
        this.ranges = r;
        this.top = top;
        this.height = ph;
        g.setLineWidth(1.5);
        for (int pass = 0; pass < 3; pass++) {
            for (Point p : pts) {
                boolean sel = p.policy().equals(vm.selectedProperty().get());
                int layer = sel ? 2 : p.dominated() ? 0 : 1;
                if (layer != pass) continue;
                g.setStroke(sel ? c.series(3) : p.dominated() ? c.muted().deriveColor(0, 1, 1, 0.25) : c.series(0, 0.85));
                g.setLineWidth(sel ? 3 : 1.5);
                g.beginPath();
                for (int k = 0; k < m; k++) {
                    double py = yOf(p, k);
                    if (k == 0) g.moveTo(ax[k], py);
                    else g.lineTo(ax[k], py);
                }
                g.stroke();
            }
        }
        g.setFont(PlotFrame.TICK_FONT);
        g.setTextAlign(TextAlignment.CENTER);
        for (int k = 0; k < m; k++) {
            g.setStroke(c.axis());
            g.setLineWidth(1);
            g.strokeLine(PlotFrame.snap(ax[k]), top, PlotFrame.snap(ax[k]), top + ph);
            g.setFill(c.muted());
            g.setTextBaseline(VPos.BOTTOM);
            g.fillText(TickLabels.of(r[k][1]), ax[k], top - 3);
            g.setTextBaseline(VPos.TOP);
            g.fillText(TickLabels.of(r[k][0]), ax[k], top + ph + 3);
            g.setFill(c.text());
            g.setFont(PlotFrame.LABEL_FONT);
            g.fillText(vm.objectives().get(k), ax[k], top + ph + 19);
            g.setFont(PlotFrame.TICK_FONT);
        }
        double legendStart = Legend.draw(g, w - 14, 12, new String[] {"front", "dominated", "selected"},
                new Color[] {c.series(0), c.muted().deriveColor(0, 1, 1, 0.25), c.series(3)}, c.text());
        Legend.titleBefore(g, 8, 12, legendStart, c.text(),
                "Parallel coordinates (" + vm.valueKind() + "): each axis spans its objective's range over the run, "
                        + "higher is better",
                "Each axis: its objective's range, higher is better", "Higher is better");
    }
}
