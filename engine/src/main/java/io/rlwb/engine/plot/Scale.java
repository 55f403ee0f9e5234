package io.rlwb.engine.plot;

import java.util.List;

/**
 * Maps data values of one axis to pixels (or points) and back, linearly or logarithmically. A log scale maps
 * values at or below zero to the lower edge. Immutable; pure arithmetic, used by every chart of the GUI and
 * of the reports.
 *
 * @param log whether the axis is logarithmic (base 10)
 * @param d0 data value at {@code r0}
 * @param d1 data value at {@code r1}
 * @param r0 pixel of {@code d0} (for a y axis: the bottom of the plot)
 * @param r1 pixel of {@code d1}
 */
public record Scale(boolean log, double d0, double d1, double r0, double r1) {

    public Scale {
        if (log && !(d0 > 0 && d1 > 0)) {
            throw new IllegalArgumentException("log scale needs a positive domain, got [" + d0 + ", " + d1 + "]");
        }
        if (d1 == d0) d1 = d0 + (log ? d0 : 1);
    }

    /** A linear scale. */
    public static Scale linear(double d0, double d1, double r0, double r1) {
        return new Scale(false, d0, d1, r0, r1);
    }

    /** A base-10 log scale; the domain must be positive. */
    public static Scale log(double d0, double d1, double r0, double r1) {
        return new Scale(true, d0, d1, r0, r1);
    }

    /** The pixel of data value {@code v}. */
    public double map(double v) {
        double t;
        if (log) {
            double lv = v > 0 ? Math.log10(v) : Math.log10(Math.min(d0, d1));
            t = (lv - Math.log10(d0)) / (Math.log10(d1) - Math.log10(d0));
        } else {
            t = (v - d0) / (d1 - d0);
        }
        return r0 + t * (r1 - r0);
    }

    /** The data value at pixel {@code px}. */
    public double invert(double px) {
        double t = (px - r0) / (r1 - r0);
        if (log) return Math.pow(10, Math.log10(d0) + t * (Math.log10(d1) - Math.log10(d0)));
        return d0 + t * (d1 - d0);
    }

    /** The same domain drawn over other pixels. */
    public Scale withRange(double nr0, double nr1) {
        return new Scale(log, d0, d1, nr0, nr1);
    }

    /** Tick values inside the domain, at most about {@code maxTicks} of them. */
    public List<Double> ticks(int maxTicks) {
        double lo = Math.min(d0, d1);
        double hi = Math.max(d0, d1);
        if (log) return AxisTicks.logValues(lo, hi, maxTicks);
        AxisTicks t = AxisTicks.of(lo, hi, maxTicks);
        return t.values().stream().filter(v -> v >= lo - t.step() * 1e-6 && v <= hi + t.step() * 1e-6).toList();
    }

    /**
     * A domain for data in {@code [lo, hi]}: on a linear axis widened to nice tick bounds (with a 4% margin, and
     * 0 kept as the floor of data that never goes negative); on a log axis, to whole decades of the positive part.
     *
     * @return {@code {d0, d1}}
     */
    public static double[] niceDomain(double lo, double hi, boolean log, int maxTicks) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            lo = log ? 1 : 0;
            hi = log ? 10 : 1;
        }
        if (log) {
            if (!(hi > 0)) hi = 1;
            if (!(lo > 0)) lo = hi / 1000;
            double a = Math.pow(10, Math.floor(Math.log10(lo) + 1e-9));
            double b = Math.pow(10, Math.ceil(Math.log10(hi) - 1e-9));
            if (b <= a) b = a * 10;
            return new double[] {a, b};
        }
        double span = hi - lo;
        double l = lo - span * 0.04;
        if (lo >= 0 && l < 0) l = 0;
        AxisTicks t = AxisTicks.of(l, hi + span * 0.04, maxTicks);
        return new double[] {t.min(), t.max()};
    }
}
