package io.rlwb.app.inspect.kv;

import io.rlwb.app.ui.plot.Legend;
import io.rlwb.app.ui.plot.PlotCanvas;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.PlotFrame;
import io.rlwb.app.viewmodel.inspect.KvViewModel;
import io.rlwb.engine.plot.Scale;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * Bytes of the KV cache per layer over decode steps, stacked (layer 0 at the bottom), against the dashed line of
 * what a full fp32 cache would hold; the y axis in KiB or MiB as the sizes need.
 */
public final class KvMemoryChart extends PlotCanvas {
    private static final PlotFrame FRAME = new PlotFrame(64, 18, 50, 40);
    private final KvViewModel vm;

    public KvMemoryChart(KvViewModel vm) {
        this.vm = vm;
        vm.versionProperty().addListener((o, a, b) -> requestRedraw());
    }

    /** Colour of layer {@code l}'s band (opaque: bands touch, they must not mix). */
    public static Color layer(PlotColors c, int l) {
        return c.background().interpolate(c.series(l), 0.75);
    }

    @Override
    protected void paint(GraphicsContext g, double w, double h, PlotColors c) {
        g.setFill(c.background());
        g.fillRect(0, 0, w, h);
        double[] xs = vm.decodeSteps();
        if (xs.length == 0) return;
        double[][] stack = vm.stackedBytes();
        double[] full = vm.fullBytes();
        double hi = 0;
        for (double f : full) hi = Math.max(hi, f);
        if (stack.length > 0) for (double v : stack[stack.length - 1]) hi = Math.max(hi, v);
        double unit = hi >= 4 * 1024 * 1024 ? 1024 * 1024 : 1024;
        String unitName = unit > 1024 ? "MiB" : "KiB";
        double[] xd = Scale.niceDomain(xs[0], xs[xs.length - 1], false, FRAME.xTickCount(w));
        double[] yd = Scale.niceDomain(0, hi / unit, false, FRAME.yTickCount(h));
        Scale x = FRAME.xScale(xd[0], xd[1], false, w);
        Scale y = FRAME.yScale(yd[0], yd[1], false, h);
        FRAME.drawAxes(g, w, h, x, y, c, "decode step (tokens generated)", "cache size (" + unitName + ")");
        FRAME.clip(g, w, h);
        for (int l = stack.length - 1; l >= 0; l--) {
            g.setFill(layer(c, l));
            g.beginPath();
            g.moveTo(x.map(xs[0]), y.map(0));
            for (int i = 0; i < xs.length; i++) g.lineTo(x.map(xs[i]), y.map(stack[l][i] / unit));
            g.lineTo(x.map(xs[xs.length - 1]), y.map(0));
            g.closePath();
            g.fill();
        }
        g.setStroke(c.text());
        g.setLineWidth(2);
        g.setLineDashes(7, 5);
        g.beginPath();
        for (int i = 0; i < xs.length; i++) {
            if (i == 0) g.moveTo(x.map(xs[i]), y.map(full[i] / unit));
            else g.lineTo(x.map(xs[i]), y.map(full[i] / unit));
        }
        g.stroke();
        g.setLineDashes();
        g.restore();
        int n = stack.length;
        String[] names = new String[n + 1];
        Color[] cols = new Color[n + 1];
        for (int l = 0; l < n; l++) {
            names[l] = "layer " + l;
            cols[l] = layer(c, l);
        }
        names[n] = "full cache (fp32)";
        cols[n] = c.text();
        Legend.draw(g, w - FRAME.right(), 12, names, cols, c.text());
    }
}
