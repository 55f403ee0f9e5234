package io.rlwb.app.inspect.credit;

import io.rlwb.app.ui.plot.Legend;
import io.rlwb.app.ui.plot.PlotCanvas;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.PlotFrame;
import io.rlwb.app.viewmodel.inspect.CreditViewModel;
import io.rlwb.engine.plot.Scale;
import java.util.List;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * Reward, value, TD error, advantage and return of the shown episode over its steps, with the step cursor as a
 * vertical line; a click moves the cursor to the step under the mouse.
 */
public final class CreditChart extends PlotCanvas {
    private static final PlotFrame FRAME = new PlotFrame(60, 18, 50, 38);
    private final CreditViewModel vm;
    private Scale lastX;

    public CreditChart(CreditViewModel vm) {
        this.vm = vm;
        vm.versionProperty().addListener((o, a, b) -> requestRedraw());
        canvas().setOnMouseClicked(e -> {
            if (lastX == null || vm.steps().isEmpty()) return;
            vm.cursorProperty().set((int) Math.round(lastX.invert(e.getX())));
            vm.moveCursor(0);
        });
    }

    /** Colour of quantity {@code k} of {@link CreditViewModel#QUANTITIES}. */
    public static Color quantity(PlotColors c, int k) {
        return c.series(new int[] {2, 0, 4, 1, 3}[k]);
    }

    @Override
    protected void paint(GraphicsContext g, double w, double h, PlotColors c) {
        g.setFill(c.background());
        g.fillRect(0, 0, w, h);
        int n = vm.steps().size();
        if (n == 0) return;
        List<String> qs = CreditViewModel.QUANTITIES;
        double[][] ys = new double[qs.size()][];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < qs.size(); k++) {
            ys[k] = vm.series(qs.get(k));
            for (double v : ys[k]) if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double[] xd = Scale.niceDomain(0, Math.max(1, n - 1), false, FRAME.xTickCount(w));
        double[] yd = Scale.niceDomain(lo, hi, false, FRAME.yTickCount(h));
        Scale x = FRAME.xScale(xd[0], xd[1], false, w);
        Scale y = FRAME.yScale(yd[0], yd[1], false, h);
        lastX = x;
        FRAME.drawAxes(g, w, h, x, y, c, "step t of the episode", "reward / value / return units");
        FRAME.clip(g, w, h);
        if (yd[0] < 0 && yd[1] > 0) {
            g.setStroke(c.axis());
            g.setLineWidth(1);
            g.strokeLine(FRAME.left(), PlotFrame.snap(y.map(0)), w - FRAME.right(), PlotFrame.snap(y.map(0)));
        }
        for (int k = 0; k < qs.size(); k++) {
            g.setStroke(quantity(c, k));
            g.setLineWidth(k == 3 ? 2.4 : 1.6);
            g.beginPath();
            for (int i = 0; i < n; i++) {
                if (i == 0) g.moveTo(x.map(i), y.map(ys[k][i]));
                else g.lineTo(x.map(i), y.map(ys[k][i]));
            }
            g.stroke();
        }
        int cur = vm.cursorProperty().get();
        g.setStroke(c.text());
        g.setLineWidth(1.5);
        g.strokeLine(PlotFrame.snap(x.map(cur)), FRAME.top(), PlotFrame.snap(x.map(cur)), FRAME.top() + FRAME.plotHeight(h));
        for (int k = 0; k < qs.size(); k++) {
            g.setFill(quantity(c, k));
            g.fillOval(x.map(cur) - 4, y.map(ys[k][cur]) - 4, 8, 8);
        }
        g.restore();
        Color[] cols = new Color[qs.size()];
        for (int k = 0; k < cols.length; k++) cols[k] = quantity(c, k);
        Legend.draw(g, w - FRAME.right(), 12, qs.toArray(String[]::new), cols, c.text());
    }
}
