package io.rlwb.engine.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * "Nice" axis ranges and ticks: steps of 1, 2 or 5 times a power of ten, so labels read 0, 50k, 100k rather
 * than 0, 37,500, 75,000; on a log axis, powers of ten (and 2 and 5 times them when few decades are shown).
 * Pure functions, shared by the GUI's charts and the reports' SVG and PDF charts.
 *
 * @param min first tick (at or below the data minimum)
 * @param max last tick (at or above the data maximum)
 * @param step distance between ticks (on a log axis: the factor between decades, 10)
 */
public record AxisTicks(double min, double max, double step) {

    /** Ticks covering {@code [lo, hi]} with at most about {@code maxTicks} intervals. */
    public static AxisTicks of(double lo, double hi, int maxTicks) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            lo = 0;
            hi = 1;
        }
        if (hi < lo) {
            double t = lo;
            lo = hi;
            hi = t;
        }
        if (hi - lo < 1e-12) {
            double pad = Math.abs(lo) > 1e-12 ? Math.abs(lo) * 0.1 : 1;
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / Math.max(1, maxTicks));
        double min = Math.floor(lo / step + 1e-9) * step;
        double max = Math.ceil(hi / step - 1e-9) * step;
        return new AxisTicks(min, max, step);
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code raw}. */
    public static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) return 1;
        double exp = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / exp;
        double nice = f <= 1.0 + 1e-9 ? 1 : f <= 2.0 + 1e-9 ? 2 : f <= 5.0 + 1e-9 ? 5 : 10;
        return nice * exp;
    }

    /** The tick values from {@link #min} to {@link #max}. */
    public List<Double> values() {
        List<Double> v = new ArrayList<>();
        int n = (int) Math.round((max - min) / step);
        for (int i = 0; i <= n && i <= 1000; i++) {
            double x = min + i * step;
            v.add(Math.abs(x) < step * 1e-9 ? 0.0 : x);
        }
        return v;
    }

    /**
     * Ticks of a log axis over {@code [lo, hi]} (both positive): the powers of ten inside it, thinned to at most
     * about {@code maxTicks}; when the range spans less than two decades, also 2 and 5 times them. Falls back to
     * the range ends when no such tick lies inside.
     */
    public static List<Double> logValues(double lo, double hi, int maxTicks) {
        if (!(lo > 0) || !(hi > lo)) return List.of();
        int e0 = (int) Math.floor(Math.log10(lo) + 1e-9);
        int e1 = (int) Math.ceil(Math.log10(hi) - 1e-9);
        int decades = Math.max(1, e1 - e0);
        int every = Math.max(1, (int) Math.ceil(decades / (double) Math.max(1, maxTicks)));
        boolean fine = Math.log10(hi) - Math.log10(lo) < 2;
        List<Double> v = new ArrayList<>();
        for (int e = e0; e <= e1; e++) {
            double p = Math.pow(10, e);
            double[] mults = fine ? new double[] {1, 2, 5} : new double[] {1};
            for (double m : mults) {
                double t = m * p;
                if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9) && (m != 1 || Math.floorMod(e, every) == 0)) v.add(t);
            }
        }
        if (v.isEmpty()) {
            v.add(lo);
            v.add(hi);
        }
        return v;
    }
}
