package io.rlwb.app.inspect.distribution;

import io.rlwb.app.ui.plot.Legend;
import io.rlwb.app.ui.plot.PlotCanvas;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.PlotFrame;
import io.rlwb.app.viewmodel.inspect.DistributionShape;
import io.rlwb.app.viewmodel.inspect.DistributionViewModel;
import io.rlwb.engine.plot.Scale;
import io.rlwb.engine.plot.TickLabels;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot.Probe;
import java.util.List;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * The chosen probe's predicted distribution in the shown snapshot, drawn in the critic's own terms: categorical
 * bins as bars of probability, quantiles as a step CDF, a Gaussian as its density curve, a scalar critic as a
 * mark at its value; the predicted mean as a dashed line and the observed return as a solid one.
 */
public final class DistributionChart extends PlotCanvas {
    private static final PlotFrame FRAME = new PlotFrame(62, 18, 50, 38);
    private final DistributionViewModel vm;

    public DistributionChart(DistributionViewModel vm) {
        this.vm = vm;
        vm.versionProperty().addListener((o, a, b) -> requestRedraw());
    }

    /** Colour of the prediction. */
    public static Color predicted(PlotColors c) {
        return c.series(0);
    }

    /** Colour of the observed return. */
    public static Color observed(PlotColors c) {
        return c.series(1);
    }

    @Override
    protected void paint(GraphicsContext g, double w, double h, PlotColors c) {
        g.setFill(c.background());
        g.fillRect(0, 0, w, h);
        Probe p = vm.shownProbe();
        if (p == null) return;
        double[] r = vm.returnRange();
        double[] xd = Scale.niceDomain(r[0], r[1], false, FRAME.xTickCount(w));
        Scale x = FRAME.xScale(xd[0], xd[1], false, w);
        String kind = p.kind();
        double top;
        String yTitle;
        switch (kind) {
            case "categorical" -> {
                top = 0;
                for (double v : p.probs()) top = Math.max(top, v);
                yTitle = "probability per bin";
            }
            case "quantile" -> {
                top = 1;
                yTitle = "cumulative probability (\u03c4)";
            }
            case "gaussian" -> {
                top = DistributionShape.of(p, 1).maxY();
                yTitle = "density (1 / return)";
            }
            default -> {
                top = 1;
                yTitle = "scalar critic: a point estimate, no spread";
            }
        }
        double[] yd = Scale.niceDomain(0, top * 1.05, false, FRAME.yTickCount(h));
        Scale y = FRAME.yScale(yd[0], yd[1], false, h);
        // A scalar critic's height means nothing: no y ticks, the values are written next to the marks instead.
        boolean scalar = !List.of("categorical", "quantile", "gaussian").contains(kind);
        FRAME.drawAxes(g, w, h, x, y, c, "return (discounted)", yTitle, !scalar);
        Color col = predicted(c);
        FRAME.clip(g, w, h);
        switch (kind) {
            case "categorical" -> {
                double[] e = p.binEdges();
                g.setFill(c.series(0, 0.55));
                g.setStroke(col);
                g.setLineWidth(1);
                for (int k = 0; k < p.probs().length; k++) {
                    double x0 = x.map(e[k]);
                    double x1 = x.map(e[k + 1]);
                    double y0 = y.map(p.probs()[k]);
                    double gap = x1 - x0 > 4 ? 1 : 0;
                    g.fillRect(x0 + gap / 2, y0, Math.max(1, x1 - x0 - gap), y.map(0) - y0);
                }
            }
            case "quantile" -> {
                double[] q = p.quantiles().clone();
                java.util.Arrays.sort(q);
                double[] t = p.taus();
                g.setStroke(col);
                g.setLineWidth(2);
                g.beginPath();
                g.moveTo(x.map(xd[0]), y.map(0));
                for (int i = 0; i < q.length; i++) {
                    double before = i == 0 ? 0 : t[i - 1];
                    double level = t.length == q.length ? t[i] : (i + 1.0) / q.length;
                    g.lineTo(x.map(q[i]), y.map(before));
                    g.lineTo(x.map(q[i]), y.map(level));
                }
                g.lineTo(x.map(xd[1]), y.map(t.length == 0 ? 1 : t[t.length - 1]));
                g.stroke();
                g.setFill(col);
                for (int i = 0; i < q.length; i++) {
                    double level = t.length == q.length ? t[i] : (i + 1.0) / q.length;
                    g.fillOval(x.map(q[i]) - 3, y.map(level) - 3, 6, 6);
                }
            }
            case "gaussian" -> {
                DistributionShape s = DistributionShape.of(p, 1);
                g.setFill(c.series(0, 0.25));
                g.setStroke(col);
                g.setLineWidth(2);
                g.beginPath();
                g.moveTo(x.map(s.xs()[0]), y.map(0));
                for (int i = 0; i < s.xs().length; i++) g.lineTo(x.map(s.xs()[i]), y.map(s.ys()[i]));
                g.lineTo(x.map(s.xs()[s.xs().length - 1]), y.map(0));
                g.closePath();
                g.fill();
                g.stroke();
            }
            default -> {
                double px = x.map(p.mean());
                g.setStroke(col);
                g.setLineWidth(4);
                g.strokeLine(px, y.map(0), px, y.map(0.8));
                g.setFill(col);
                g.fillOval(px - 7, y.map(0.8) - 7, 14, 14);
                g.setFont(PlotFrame.LABEL_FONT);
                g.setTextBaseline(javafx.geometry.VPos.CENTER);
                boolean right = px < FRAME.left() + FRAME.plotWidth(w) / 2;
                g.setTextAlign(right ? javafx.scene.text.TextAlignment.LEFT : javafx.scene.text.TextAlignment.RIGHT);
                g.fillText("V = " + TickLabels.of(p.mean()), px + (right ? 12 : -12), y.map(0.8));
                if (p.empiricalReturn() != null) {
                    double ox = x.map(p.empiricalReturn());
                    boolean oRight = ox < FRAME.left() + FRAME.plotWidth(w) / 2;
                    g.setTextAlign(oRight ? javafx.scene.text.TextAlignment.LEFT : javafx.scene.text.TextAlignment.RIGHT);
                    g.setFill(observed(c));
                    g.fillText("observed " + TickLabels.of(p.empiricalReturn()), ox + (oRight ? 8 : -8), y.map(0.55));
                }
            }
        }
        g.setLineWidth(1.5);
        g.setStroke(col);
        g.setLineDashes(6, 4);
        g.strokeLine(x.map(p.mean()), y.map(yd[0]), x.map(p.mean()), y.map(yd[1]));
        g.setLineDashes();
        if (p.empiricalReturn() != null) {
            g.setStroke(observed(c));
            g.setLineWidth(3);
            double px = PlotFrame.snap(x.map(p.empiricalReturn()));
            g.strokeLine(px, y.map(yd[0]), px, y.map(yd[1]));
        }
        g.restore();
        var s = vm.shown();
        double legendStart = Legend.draw(g, w - FRAME.right(), 12, new String[] {"predicted (mean dashed)",
                "observed return"}, new Color[] {col, observed(c)}, c.text());
        Legend.titleBefore(g, FRAME.left(), 12, legendStart, c.text(),
                p.label() + "  \u00b7  " + kind + "  \u00b7  step " + s.step(), p.label() + "  \u00b7  step " + s.step(),
                p.label());
    }
}
