package io.rlwb.app.inspect.pareto;

import io.rlwb.app.ui.plot.Legend;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.PlotFrame;
import io.rlwb.app.viewmodel.inspect.ParetoViewModel;
import io.rlwb.engine.plot.Scale;
import io.rlwb.engine.telemetry.ParetoSnapshot.Point;
import java.util.List;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * The archive on the chosen pair of objectives: front points solid with the staircase of the front, dominated
 * points faded, the selected policy ringed. With three or more objectives a policy on the front of all of them
 * that the chosen pair hides (another point is at least as good in both shown objectives) is a ring, not faded.
 * Hovering a point tells its policy, values and weights; a click selects it.
 */
public final class ParetoScatter extends PickableParetoChart {
    private static final PlotFrame FRAME = new PlotFrame(64, 18, 50, 40);
    private static final double PICK = 8;
    private Scale lastX;
    private Scale lastY;

    public ParetoScatter(ParetoViewModel vm) {
        super(vm);
    }

    /** Colour of front points. */
    public static Color front(PlotColors c) {
        return c.series(0);
    }

    /** The point under pixel (x, y), within {@value #PICK} px, or null. */
    @Override
    public Point pointAt(double x, double y) {
        if (lastX == null) return null;
        Point best = null;
        double bestD = PICK * PICK;
        for (Point p : vm.points()) {
            double dx = lastX.map(p.values()[vm.xObjectiveProperty().get()]) - x;
            double dy = lastY.map(p.values()[vm.yObjectiveProperty().get()]) - y;
            if (dx * dx + dy * dy < bestD) {
                bestD = dx * dx + dy * dy;
                best = p;
            }
        }
        return best;
    }

    /** Pixel of a point's {@code (x, y)} objectives in the last paint (tests click there). */
    public double[] pixelOf(Point p) {
        return new double[] {lastX.map(p.values()[vm.xObjectiveProperty().get()]),
                lastY.map(p.values()[vm.yObjectiveProperty().get()])};
    }

    @Override
    protected void paint(GraphicsContext g, double w, double h, PlotColors c) {
        g.setFill(c.background());
        g.fillRect(0, 0, w, h);
        List<Point> pts = vm.points();
        if (pts.isEmpty() || vm.objectives().size() < 2) return;
        int i = vm.xObjectiveProperty().get();
        int j = vm.yObjectiveProperty().get();
        double[][] r = vm.ranges();
        double[] xd = Scale.niceDomain(r[i][0], r[i][1], false, FRAME.xTickCount(w));
        double[] yd = Scale.niceDomain(r[j][0], r[j][1], false, FRAME.yTickCount(h));
        Scale x = FRAME.xScale(xd[0], xd[1], false, w);
        Scale y = FRAME.yScale(yd[0], yd[1], false, h);
        lastX = x;
        lastY = y;
        String kind = vm.valueKind();
        FRAME.drawAxes(g, w, h, x, y, c, vm.objectives().get(i) + " (" + kind + ") \u2192",
                "\u2191 " + vm.objectives().get(j) + " (" + kind + ")");
        FRAME.clip(g, w, h);
        // The pair's dominance is O(n^2): computed once per paint for the step line, the dots and the rings.
        boolean[] dom = vm.dominatedShown();
        boolean[] hidden = ParetoViewModel.hiddenFront(pts, dom);
        List<double[]> steps = vm.frontSteps(dom);
        Color col = front(c);
        if (!steps.isEmpty()) {
            g.setStroke(col);
            g.setLineWidth(2);
            g.beginPath();
            // From the y axis at the best y, down the staircase, to the x axis at the best x.
            g.moveTo(x.map(xd[0]), y.map(steps.get(0)[1]));
            for (double[] s : steps) g.lineTo(x.map(s[0]), y.map(s[1]));
            g.lineTo(x.map(steps.get(steps.size() - 1)[0]), y.map(yd[0]));
            g.stroke();
        }
        // Dominated in every sense: faint. On the front of all objectives but hidden in this pair (three or more
        // objectives): a ring. On the front of this pair: filled.
        for (int k = 0; k < pts.size(); k++) {
            if (!dom[k] || hidden[k]) continue;
            g.setFill(c.muted().deriveColor(0, 1, 1, 0.35));
            g.fillOval(x.map(pts.get(k).values()[i]) - 4, y.map(pts.get(k).values()[j]) - 4, 8, 8);
        }
        for (int k = 0; k < pts.size(); k++) {
            if (!hidden[k]) continue;
            g.setStroke(col);
            g.setLineWidth(2);
            g.strokeOval(x.map(pts.get(k).values()[i]) - 5, y.map(pts.get(k).values()[j]) - 5, 10, 10);
        }
        for (int k = 0; k < pts.size(); k++) {
            if (dom[k]) continue;
            g.setFill(col);
            g.fillOval(x.map(pts.get(k).values()[i]) - 5, y.map(pts.get(k).values()[j]) - 5, 10, 10);
        }
        Point sel = vm.selectedPoint();
        if (sel != null) {
            g.setStroke(c.series(3));
            g.setLineWidth(2.5);
            g.strokeOval(x.map(sel.values()[i]) - 9, y.map(sel.values()[j]) - 9, 18, 18);
        }
        g.restore();
        if (vm.objectives().size() > 2) {
            Legend.draw(g, w - FRAME.right(), 12, new String[] {"front", "front, hidden here",
                    "dominated", "selected"},
                    new Color[] {col, col.deriveColor(0, 1, 1, 0.6), c.muted().deriveColor(0, 1, 1, 0.35), c.series(3)},
                    c.text());
        } else {
            Legend.draw(g, w - FRAME.right(), 12, new String[] {"front (step line)", "dominated", "selected"},
                    new Color[] {col, c.muted().deriveColor(0, 1, 1, 0.35), c.series(3)}, c.text());
        }
    }
}
