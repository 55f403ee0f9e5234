package io.rlwb.app.ui.plot;

import io.rlwb.engine.plot.Scale;
import io.rlwb.engine.plot.Series;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;

/**
 * Draws decimated series on a canvas: a line through the bucket means and, for buckets holding several points,
 * a vertical bar from their minimum to their maximum, so a spike one point wide stays visible at any zoom.
 * Each part is one path, so a series costs a few draw calls however long it is.
 */
public final class LinePainter {
    private LinePainter() {}

    /** Decimates {@code s} to one bucket per pixel column of {@code x}'s range and draws it. */
    public static Series.Decimated draw(GraphicsContext g, Series s, Scale x, Scale y, Color line, double width,
                                        Color bars) {
        double lo = Math.min(x.d0(), x.d1());
        double hi = Math.max(x.d0(), x.d1());
        int buckets = (int) Math.max(1, Math.abs(x.r1() - x.r0()));
        Series.Decimated d = s.decimate(lo, hi, buckets);
        draw(g, d, x, y, line, width, bars);
        return d;
    }

    /** Draws an already decimated series; {@code bars} null leaves the min-max bars out. */
    public static void draw(GraphicsContext g, Series.Decimated d, Scale x, Scale y, Color line, double width,
                            Color bars) {
        if (d.size() == 0) return;
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
        g.setLineDashes();
        if (bars != null) {
            g.setStroke(bars);
            g.setLineWidth(1);
            g.beginPath();
            boolean any = false;
            for (int i = 0; i < d.size(); i++) {
                if (d.count()[i] > 1 && d.max()[i] > d.min()[i]) {
                    double px = Math.floor(x.map(d.x()[i])) + 0.5;
                    g.moveTo(px, y.map(d.min()[i]));
                    g.lineTo(px, y.map(d.max()[i]));
                    any = true;
                }
            }
            if (any) g.stroke();
        }
        g.setStroke(line);
        g.setLineWidth(width);
        g.beginPath();
        for (int i = 0; i < d.size(); i++) {
            double px = x.map(d.x()[i]);
            double py = y.map(d.mean()[i]);
            if (i == 0) g.moveTo(px, py);
            else g.lineTo(px, py);
        }
        g.stroke();
        if (d.size() == 1) {
            g.setFill(line);
            double px = x.map(d.x()[0]);
            double py = y.map(d.mean()[0]);
            g.fillOval(px - width - 1, py - width - 1, 2 * width + 2, 2 * width + 2);
        }
    }

    /**
     * Draws a decimated series into a {@link RasterLayer} whose pixel (0, 0) is at chart pixel ({@code ox},
     * {@code oy}): the same marks as {@link #draw(GraphicsContext, Series.Decimated, Scale, Scale, Color, double,
     * Color)}, blended in Java, for long live series.
     */
    public static void draw(RasterLayer r, double ox, double oy, Series.Decimated d, Scale x, Scale y, Color line,
                            double width, Color bars) {
        if (d.size() == 0) return;
        if (bars != null) {
            for (int i = 0; i < d.size(); i++) {
                if (d.count()[i] > 1 && d.max()[i] > d.min()[i]) {
                    r.vbar(x.map(d.x()[i]) - ox, y.map(d.min()[i]) - oy, y.map(d.max()[i]) - oy, bars);
                }
            }
        }
        double px = x.map(d.x()[0]) - ox;
        double py = y.map(d.mean()[0]) - oy;
        if (d.size() == 1) r.dot(px, py, width + 1, line);
        for (int i = 1; i < d.size(); i++) {
            double qx = x.map(d.x()[i]) - ox;
            double qy = y.map(d.mean()[i]) - oy;
            r.line(px, py, qx, qy, line, width);
            px = qx;
            py = qy;
        }
    }

    /** A filled dot of diameter {@code size} with a ring of {@code ring} colour (markers, scatter points). */
    public static void dot(GraphicsContext g, double px, double py, double size, Color fill, Color ring) {
        g.setFill(fill);
        g.fillOval(px - size / 2, py - size / 2, size, size);
        if (ring != null) {
            g.setStroke(ring);
            g.setLineWidth(1.2);
            g.strokeOval(px - size / 2, py - size / 2, size, size);
        }
    }
}
