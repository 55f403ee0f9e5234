package io.rlwb.app.inspect.distribution;

import io.rlwb.app.ui.plot.Legend;
import io.rlwb.app.ui.plot.PlotCanvas;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.PlotFrame;
import io.rlwb.app.viewmodel.inspect.DistributionViewModel;
import io.rlwb.engine.plot.Scale;
import io.rlwb.engine.plot.TickLabels;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * A ridge (offset) plot of the chosen probe's predicted distribution over training: one filled density per
 * snapshot, oldest at the bottom, each scaled to its own peak, with its mean (a dot) and the observed return (a
 * tick) so drift and narrowing read at a glance.
 */
public final class RidgeChart extends PlotCanvas {
    /** Most ridges drawn. */
    public static final int MAX_ROWS = 14;
    private static final PlotFrame FRAME = new PlotFrame(86, 18, 34, 38);
    private final DistributionViewModel vm;

    public RidgeChart(DistributionViewModel vm) {
        this.vm = vm;
        vm.versionProperty().addListener((o, a, b) -> requestRedraw());
    }

    @Override
    protected void paint(GraphicsContext g, double w, double h, PlotColors c) {
        g.setFill(c.background());
        g.fillRect(0, 0, w, h);
        List<DistributionViewModel.RidgeRow> rows = vm.ridgeRows(MAX_ROWS, 1.6);
        if (rows.isEmpty()) return;
        double[] r = vm.returnRange();
        double[] xd = Scale.niceDomain(r[0], r[1], false, FRAME.xTickCount(w));
        Scale x = FRAME.xScale(xd[0], xd[1], false, w);
        Scale y = FRAME.yScale(0, 1, false, h);
        double pw = FRAME.plotWidth(w);
        g.setLineWidth(1);
        g.setFont(PlotFrame.TICK_FONT);
        for (double t : x.ticks(FRAME.xTickCount(w))) {
            double px = PlotFrame.snap(x.map(t));
            g.setStroke(c.grid());
            g.strokeLine(px, FRAME.top(), px, y.map(0));
            g.setFill(c.muted());
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            g.fillText(TickLabels.of(t), px, y.map(0) + 7);
        }
        g.setStroke(c.axis());
        g.strokeLine(FRAME.left(), PlotFrame.snap(y.map(0)), FRAME.left() + pw, PlotFrame.snap(y.map(0)));
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText("return (discounted)", FRAME.left() + pw, h - 2);
        Color line = c.series(0);
        // Newest (top) first, so older ridges in front overlap the ones behind them.
        for (int k = rows.size() - 1; k >= 0; k--) {
            DistributionViewModel.RidgeRow row = rows.get(k);
            double base = y.map(row.baseline());
            double peak = Math.max(1e-12, row.shape().maxY());
            double scale = (y.map(0) - y.map(row.height())) / peak;
            double[] xs = row.shape().xs();
            double[] ys = row.shape().ys();
            double age = rows.size() == 1 ? 1 : k / (double) (rows.size() - 1);
            g.setFill(c.series(0, 0.18 + 0.5 * age).interpolate(c.background(), 0.0));
            g.beginPath();
            g.moveTo(x.map(xs[0]), base);
            for (int i = 0; i < xs.length; i++) g.lineTo(x.map(xs[i]), base - ys[i] * scale);
            g.lineTo(x.map(xs[xs.length - 1]), base);
            g.closePath();
            g.fill();
            g.setStroke(line);
            g.setLineWidth(1.3);
            g.stroke();
            g.setStroke(c.grid());
            g.setLineWidth(1);
            g.strokeLine(FRAME.left(), PlotFrame.snap(base), FRAME.left() + pw, PlotFrame.snap(base));
            g.setFill(line);
            g.fillOval(x.map(row.probe().mean()) - 3, base - 3, 6, 6);
            if (row.probe().empiricalReturn() != null) {
                g.setStroke(c.series(1));
                g.setLineWidth(3);
                double px = x.map(row.probe().empiricalReturn());
                g.strokeLine(px, base + 1, px, base - Math.max(8, row.height() * 0.5 * (y.map(0) - y.map(1))));
            }
            g.setFill(c.muted());
            g.setFont(PlotFrame.TICK_FONT);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("step " + TickLabels.of(row.step()), FRAME.left() - 8, base - 4);
        }
        double legendStart = Legend.draw(g, w - FRAME.right(), 12, new String[] {"predicted (dot: mean)",
                "observed return"}, new Color[] {line, c.series(1)}, c.text());
        Legend.titleBefore(g, 8, 12, legendStart, c.text(), "Evolution over training (oldest at the bottom)",
                "Over training");
    }
}
