package io.rlwb.app.inspect.kv;

import io.rlwb.app.ui.plot.Legend;
import io.rlwb.app.ui.plot.PlotCanvas;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.PlotFrame;
import io.rlwb.app.viewmodel.inspect.KvViewModel;
import io.rlwb.engine.plot.Scale;
import io.rlwb.engine.plot.TickLabels;
import io.rlwb.engine.telemetry.KvCacheSnapshot;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * A layer-by-position map of the shown decode step: one row per layer, one cell per token position, coloured by
 * what the cache did with it (retained, merged, quantised, evicted).
 */
public final class KvTokenMap extends PlotCanvas {
    private static final PlotFrame FRAME = new PlotFrame(64, 18, 34, 40);
    private final KvViewModel vm;

    public KvTokenMap(KvViewModel vm) {
        this.vm = vm;
        vm.versionProperty().addListener((o, a, b) -> requestRedraw());
        setPrefHeight(200);
    }

    /** Colour of a token state. */
    public static Color state(PlotColors c, int s) {
        return switch (s) {
            case KvCacheSnapshot.RETAINED -> c.series(0);
            case KvCacheSnapshot.MERGED -> c.series(1);
            case KvCacheSnapshot.QUANTISED -> c.series(4);
            default -> c.grid();
        };
    }

    @Override
    protected void paint(GraphicsContext g, double w, double h, PlotColors c) {
        g.setFill(c.background());
        g.fillRect(0, 0, w, h);
        byte[][] map = vm.tokenMap();
        KvCacheSnapshot s = vm.shown();
        if (s == null || map.length == 0) return;
        int positions = 0;
        for (byte[] r : map) if (r != null) positions = Math.max(positions, r.length);
        if (positions == 0) {
            FRAME.message(g, w, h, c, "This kernel does not report token positions.");
            return;
        }
        double pw = FRAME.plotWidth(w);
        double ph = FRAME.plotHeight(h);
        double rowH = ph / map.length;
        double cellW = pw / positions;
        for (int l = 0; l < map.length; l++) {
            double top = FRAME.top() + l * rowH;
            if (map[l] != null) {
                for (int p = 0; p < map[l].length; p++) {
                    g.setFill(state(c, map[l][p]));
                    g.fillRect(FRAME.left() + p * cellW, top + 1, Math.max(1, cellW - (cellW > 6 ? 0.5 : 0)), rowH - 2);
                }
            }
            g.setFill(c.muted());
            g.setFont(PlotFrame.TICK_FONT);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("layer " + l, FRAME.left() - 8, top + rowH / 2);
        }
        Scale x = FRAME.xScale(0, positions, false, w);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (double t : x.ticks(FRAME.xTickCount(w))) g.fillText(TickLabels.of(t), x.map(t), FRAME.top() + ph + 5);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText("token position", FRAME.left() + pw, h - 2);
        double legendStart = Legend.draw(g, w - FRAME.right(), 12, new String[] {"retained", "merged", "quantised",
                "evicted"}, new Color[] {state(c, 1), state(c, 2), state(c, 3), state(c, 0)}, c.text());
        Legend.titleBefore(g, 8, 12, legendStart, c.text(), "Tokens at decode step " + s.decodeStep(),
                "Step " + s.decodeStep());
    }
}
