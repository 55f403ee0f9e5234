package io.rlwb.plugins.morl;

/**
 * Mean undiscounted return vector of a member's recent training episodes (the last {@code window} per objective),
 * the estimate of J that scalarisation gradients and the log barrier use.
 */
final class ReturnTracker {
    private final double[][] ring;
    private final int[] count;
    private final double[] fallback;

    ReturnTracker(int objectives, int window, double[] fallback) {
        this.ring = new double[objectives][window];
        this.count = new int[objectives];
        this.fallback = fallback == null ? new double[objectives] : fallback.clone();
    }

    void add(int objective, double value) {
        if (objective < 0) return;
        ring[objective][count[objective]++ % ring[objective].length] = value;
    }

    /** The recent mean per objective; the fallback where no episode has ended yet. */
    double[] mean() {
        double[] m = new double[ring.length];
        for (int j = 0; j < ring.length; j++) {
            int n = Math.min(count[j], ring[j].length);
            if (n == 0) {
                m[j] = fallback[j];
                continue;
            }
            double s = 0;
            for (int i = 0; i < n; i++) s += ring[j][i];
            m[j] = s / n;
        }
        return m;
    }
}
