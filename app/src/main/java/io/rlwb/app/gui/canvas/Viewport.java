package io.rlwb.app.gui.canvas;

/**
 * The canvas's view of the graph: a zoom factor and a translation. A graph point (gx, gy) is drawn at
 * (gx * scale + tx, gy * scale + ty).
 */
public final class Viewport {
    /** Smallest zoom: a 500-node graph fits a window. */
    public static final double MIN_SCALE = 0.1;
    /** Largest zoom. */
    public static final double MAX_SCALE = 2.5;

    private double scale = 1;
    private double tx;
    private double ty;

    public double scale() { return scale; }

    public double tx() { return tx; }

    public double ty() { return ty; }

    /** Sets zoom and translation (the zoom is clamped). */
    public void set(double s, double x, double y) {
        scale = clamp(s);
        tx = x;
        ty = y;
    }

    /** Moves the view by (dx, dy) pixels. */
    public void pan(double dx, double dy) {
        tx += dx;
        ty += dy;
    }

    /** Zooms by {@code factor} keeping the graph point under view point (x, y) in place. */
    public void zoomAt(double x, double y, double factor) {
        double ns = clamp(scale * factor);
        double gx = toGraphX(x);
        double gy = toGraphY(y);
        scale = ns;
        tx = x - ns * gx;
        ty = y - ns * gy;
    }

    /** Shows the graph rectangle in a view of w x h pixels with a margin, never above {@code maxScale}. */
    public void fit(double minX, double minY, double maxX, double maxY, double w, double h, double pad, double maxScale) {
        double gw = Math.max(1, maxX - minX);
        double gh = Math.max(1, maxY - minY);
        double s = clamp(Math.min(maxScale, Math.min((w - 2 * pad) / gw, (h - 2 * pad) / gh)));
        scale = s;
        tx = (w - s * gw) / 2 - s * minX;
        ty = (h - s * gh) / 2 - s * minY;
    }

    /** Puts graph point (gx, gy) at the middle of a w x h view. */
    public void centreOn(double gx, double gy, double w, double h) {
        tx = w / 2 - scale * gx;
        ty = h / 2 - scale * gy;
    }

    public double toGraphX(double vx) { return (vx - tx) / scale; }

    public double toGraphY(double vy) { return (vy - ty) / scale; }

    public double toViewX(double gx) { return gx * scale + tx; }

    public double toViewY(double gy) { return gy * scale + ty; }

    private static double clamp(double s) {
        return Math.max(MIN_SCALE, Math.min(MAX_SCALE, s));
    }
}
