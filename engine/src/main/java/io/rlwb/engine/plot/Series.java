package io.rlwb.engine.plot;

import java.util.Arrays;

/**
 * A series of (x, y) points with x non-decreasing (env steps), owned by one thread (the UI thread in the
 * application): not thread-safe. Other threads hand points in through a queue (the GUI's telemetry inbox).
 *
 * <p>Memory is bounded: a series holds at most {@link #capacity()} entries. When it is full, neighbouring
 * entries are merged in pairs, so each entry then stands for several points: its x and y are their means
 * ({@link #x}, {@link #y}), and it keeps their minimum, maximum and count ({@link #minY(int)}, {@link #maxY(int)},
 * {@link #count(int)}). A run logging a million points per key thus costs the same memory as one logging
 * {@code capacity} (ADR 0003, docs/benchmarks.md). Extremes survive the merging exactly, so a spike stays
 * visible; only detail finer than {@code points / capacity} steps is lost.
 *
 * <p>Long series are drawn decimated: {@link #decimate} keeps, per pixel column, the minimum, maximum and
 * mean, so a spike stays visible however many points fall into one column.
 */
public final class Series {
    /** Entries a series holds by default before it merges them: far more than any plot has pixel columns. */
    public static final int DEFAULT_CAPACITY = 1 << 15;
    /** A capacity that is never reached: every point is kept as it came (files read for export). */
    public static final int UNBOUNDED = Integer.MAX_VALUE - 8;

    private final int capacity;
    private double[] xs = new double[256];
    private double[] ys = new double[256];
    private double[] lo = new double[256];
    private double[] hi = new double[256];
    private long[] counts = new long[256];
    private int size;
    private long points;
    private long merges;
    private double minY = Double.POSITIVE_INFINITY;
    private double maxY = Double.NEGATIVE_INFINITY;
    private double lastX = Double.NaN;
    private double lastY = Double.NaN;

    /** A series of at most {@link #DEFAULT_CAPACITY} entries. */
    public Series() {
        this(DEFAULT_CAPACITY);
    }

    /** A series of at most {@code capacity} entries (at least 2). */
    public Series(int capacity) {
        if (capacity < 2) throw new IllegalArgumentException("capacity must be at least 2, got " + capacity);
        this.capacity = capacity;
    }

    /** Appends a point; a non-finite y is ignored. An x smaller than the last one is raised to it. */
    public void add(double x, double y) {
        if (!Double.isFinite(y) || Double.isNaN(x)) return;
        if (size > 0 && x < lastX) x = lastX;
        if (size == capacity) compact();
        if (size == xs.length) grow((int) Math.min(capacity, 2L * size));
        xs[size] = x;
        ys[size] = y;
        lo[size] = y;
        hi[size] = y;
        counts[size] = 1;
        size++;
        points++;
        lastX = x;
        lastY = y;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
    }

    private void grow(int n) {
        xs = Arrays.copyOf(xs, n);
        ys = Arrays.copyOf(ys, n);
        lo = Arrays.copyOf(lo, n);
        hi = Arrays.copyOf(hi, n);
        counts = Arrays.copyOf(counts, n);
    }

    /** Merges neighbouring entries in pairs: count-weighted means, extremes kept. */
    private void compact() {
        int n = 0;
        for (int i = 0; i < size; i += 2) {
            if (i + 1 == size) {
                xs[n] = xs[i];
                ys[n] = ys[i];
                lo[n] = lo[i];
                hi[n] = hi[i];
                counts[n] = counts[i];
            } else {
                long c = counts[i] + counts[i + 1];
                double wa = counts[i] / (double) c;
                double wb = counts[i + 1] / (double) c;
                xs[n] = xs[i] * wa + xs[i + 1] * wb;
                ys[n] = ys[i] * wa + ys[i + 1] * wb;
                lo[n] = Math.min(lo[i], lo[i + 1]);
                hi[n] = Math.max(hi[i], hi[i + 1]);
                counts[n] = c;
            }
            n++;
        }
        size = n;
        merges++;
    }

    /**
     * How often the entries were merged since creation: when it changes, entry indices no longer name the points
     * they named before, and whoever keeps work per index (an incremental smoothing) starts over.
     */
    public long merges() { return merges; }

    /** Entries held (at most {@link #capacity()}); each stands for {@link #count(int)} points. */
    public int size() { return size; }

    public boolean isEmpty() { return size == 0; }

    /** The most entries this series holds before it merges them. */
    public int capacity() { return capacity; }

    /** Points added since creation or the last {@link #clear()}, however many entries hold them. */
    public long points() { return points; }

    /** x of entry {@code i}: the point's x, or the mean x of the points merged into it. */
    public double x(int i) {
        check(i);
        return xs[i];
    }

    /** y of entry {@code i}: the point's y, or the mean y of the points merged into it. */
    public double y(int i) {
        check(i);
        return ys[i];
    }

    /** Smallest y of the points of entry {@code i}. */
    public double minY(int i) {
        check(i);
        return lo[i];
    }

    /** Largest y of the points of entry {@code i}. */
    public double maxY(int i) {
        check(i);
        return hi[i];
    }

    /** Number of points entry {@code i} stands for. */
    public long count(int i) {
        check(i);
        return counts[i];
    }

    /** Largest x, or NaN when empty. */
    public double lastX() { return size == 0 ? Double.NaN : lastX; }

    /** y of the last point added (never merged away), or NaN when empty. */
    public double lastY() { return size == 0 ? Double.NaN : lastY; }

    /** Smallest y, or NaN when empty. */
    public double minY() { return size == 0 ? Double.NaN : minY; }

    /** Largest y, or NaN when empty. */
    public double maxY() { return size == 0 ? Double.NaN : maxY; }

    public void clear() {
        size = 0;
        points = 0;
        minY = Double.POSITIVE_INFINITY;
        maxY = Double.NEGATIVE_INFINITY;
        lastX = Double.NaN;
        lastY = Double.NaN;
    }

    private void check(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException(i + " of " + size);
    }

    /** Index of the first entry with x at or above {@code x}. */
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
     * the plot's width in pixels. Empty buckets are left out. Merged entries count with all their points.
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
        int entries = 0;
        for (int i = lowerBound(x0); i < size && xs[i] <= x1; i++) {
            int b = width <= 0 ? 0 : Math.min(buckets - 1, (int) ((xs[i] - x0) * perX));
            if (b != cur) {
                cur = b;
                // A bucket holding one point sits at that point's x, so sparse series draw exactly.
                bx[n] = xs[i];
                bmin[n] = Double.POSITIVE_INFINITY;
                bmax[n] = Double.NEGATIVE_INFINITY;
                n++;
                entries = 0;
            }
            int k = n - 1;
            if (lo[i] < bmin[k]) bmin[k] = lo[i];
            if (hi[i] > bmax[k]) bmax[k] = hi[i];
            bmean[k] += ys[i] * counts[i];
            bcount[k] = (int) Math.min(Integer.MAX_VALUE, bcount[k] + counts[i]);
            entries++;
            if (entries == 2 && width > 0) bx[k] = x0 + (b + 0.5) * width / buckets;
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
