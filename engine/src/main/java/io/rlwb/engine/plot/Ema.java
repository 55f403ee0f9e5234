package io.rlwb.engine.plot;

/**
 * Exponential moving average with debiasing, as TensorBoard smooths scalars: with weight {@code w} in [0, 1),
 * {@code last = w * last + (1 - w) * y} starting from 0, divided by {@code 1 - w^n} so the first points are not
 * pulled towards zero. Weight 0 leaves the series as it is. Fed point by point, so a growing series is smoothed
 * incrementally.
 */
public final class Ema {
    private final double weight;
    private double last;
    private double debias;

    /** @param weight smoothing in [0, 1); values outside are clamped to [0, 0.999] */
    public Ema(double weight) {
        this.weight = Double.isFinite(weight) ? Math.max(0, Math.min(0.999, weight)) : 0;
    }

    /** The smoothing weight in use. */
    public double weight() {
        return weight;
    }

    /** Feeds the next value; returns the smoothed value at it. A non-finite value passes through unsmoothed. */
    public double next(double y) {
        if (!Double.isFinite(y)) return y;
        last = weight * last + (1 - weight) * y;
        debias = weight * debias + (1 - weight);
        return last / debias;
    }

    /** Forgets what was fed. */
    public void reset() {
        last = 0;
        debias = 0;
    }

    /** The smoothed copy of the first {@code n} values of {@code ys}. */
    public static double[] smooth(double[] ys, int n, double weight) {
        Ema e = new Ema(weight);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = e.next(ys[i]);
        return out;
    }

    /** Smooths {@code source} from point {@code from} on into {@code target} (x copied); returns the new size. */
    public int extend(Series source, Series target) {
        int from = target.size();
        for (int i = from; i < source.size(); i++) target.add(source.x(i), next(source.y(i)));
        return target.size();
    }
}
