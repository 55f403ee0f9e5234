package io.rlwb.engine.plot;

import java.util.Arrays;

/**
 * A growing series of (x, y) points with x non-decreasing (env steps), owned by one thread (the UI thread in
 * the application): not thread-safe. Other threads hand points in through a queue (the GUI's telemetry inbox).
 *
 * <p>Long series are drawn decimated: {@link #decimate} keeps, per pixel column, the minimum, maximum and
 * mean, so a spike stays visible however many points fall into one column.
 */
public final class Series {
    private double[] xs = new double[256];
    private double[] ys = new double[256];
    private int size;
    private double minY = Double.POSITIVE_INFINITY;
    private double maxY = Double.NEGATIVE_INFINITY;

    /** Appends a point; a non-finite y is ignored. An x smaller than the last one is raised to it. */
    public void add(double x, double y) {
        if (!Double.isFinite(y) || Double.isNaN(x)) return;
        if (size == xs.length) {
            xs = Arrays.copyOf(xs, size * 2);
            ys = Arrays.copyOf(ys, size * 2);
        }
        if (size > 0 && x < xs[size - 1]) x = xs[size - 1];
        xs[size] = x;
        ys[size] = y;
        size++;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
    }

    public int size() { return size; }

    public boolean isEmpty() { return size == 0; }

    public double x(int i) {
        check(i);
        return xs[i];
    }

    public double y(int i) {
        check(i);
        return ys[i];
    }

    /** Largest x, or NaN when empty. */
    public double lastX() { return size == 0 ? Double.NaN : xs[size - 1]; }

    /** Last y, or NaN when empty. */
    public double lastY() { return size == 0 ? Double.NaN : ys[size - 1]; }

    /** Smallest y, or NaN when empty. */
    public double minY() { return size == 0 ? Double.NaN : minY; }

    /** Largest y, or NaN when empty. */
    public double maxY() { return size == 0 ? Double.NaN : maxY; }

    public void clear() {
        size = 0;
        minY = Double.POSITIVE_INFINITY;
        maxY = Double.NEGATIVE_INFINITY;
    }

    private void check(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException(i + " of " + size);
    }

    /** Index of the first point with x at or above {@code x}. */
    public int lowerBound(double x) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /**
     * The points with x in {@code [x0, x1]}, summarised per bucket of equal width: {@code buckets} would be
     * the plot's width in pixels. Empty buckets are left out.
     */
    public Decimated decimate(double x0, double x1, int buckets) {
        buckets = Math.max(1, buckets);
        double[] bx = new double[buckets];
        double[] bmin = new double[buckets];
        double[] bmax = new double[buckets];
        double[] bmean = new double[buckets];
        int[] bcount = new int[buckets];
        if (size == 0 || !(x1 >= x0)) return new Decimated(bx, bmin, bmax, bmean, bcount, 0);
        double width = x1 - x0;
        double perX = width <= 0 ? 0 : buckets / width;
        int n = 0;
        int cur = -1;
        for (int i = lowerBound(x0); i < size && xs[i] <= x1; i++) {
            int b = width <= 0 ? 0 : Math.min(buckets - 1, (int) ((xs[i] - x0) * perX));
            if (b != cur) {
                cur = b;
                // A bucket holding one point sits at that point's x, so sparse series draw exactly.
                bx[n] = xs[i];
                bmin[n] = Double.POSITIVE_INFINITY;
                bmax[n] = Double.NEGATIVE_INFINITY;
                n++;
            }
            int k = n - 1;
            double y = ys[i];
            if (y < bmin[k]) bmin[k] = y;
            if (y > bmax[k]) bmax[k] = y;
            bmean[k] += y;
            bcount[k]++;
            if (bcount[k] == 2 && width > 0) bx[k] = x0 + (b + 0.5) * width / buckets;
        }
        for (int k = 0; k < n; k++) bmean[k] /= bcount[k];
        return new Decimated(bx, bmin, bmax, bmean, bcount, n);
    }

    /**
     * A decimated view of a series: the first {@code size} entries of each array are valid.
     *
     * @param x bucket centre, or the point's own x for a bucket holding one point
     * @param min smallest y in the bucket
     * @param max largest y in the bucket
     * @param mean mean y in the bucket
     * @param count points in the bucket
     * @param size number of non-empty buckets
     */
    public record Decimated(double[] x, double[] min, double[] max, double[] mean, int[] count, int size) {}
}
