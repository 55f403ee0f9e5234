package io.rlwb.plugins.morl;

import io.rlwb.engine.rl.TrajectoryBatch;

/**
 * Mean return vector of a member's recent training episodes (the last {@code window} per objective), the estimate
 * of J that scalarisation gradients and the log barrier use. Undiscounted returns arrive from the collector's
 * episode metrics ({@link #add}); returns discounted like the Pareto monitor's evaluation (its {@code gamma} below 1)
 * are summed here from the batches ({@link #observe}), so that J and the thresholds taken from evaluations are in
 * the same units.
 */
final class ReturnTracker {
    private final double[][] ring;
    private final int[] count;
    private final double[] fallback;
    private double[][] running;
    private double[] discount;

    ReturnTracker(int objectives, int window, double[] fallback) {
        this.ring = new double[objectives][window];
        this.count = new int[objectives];
        this.fallback = fallback == null ? new double[objectives] : fallback.clone();
    }

    void add(int objective, double value) {
        if (objective < 0) return;
        ring[objective][count[objective]++ % ring[objective].length] = value;
    }

    /** Adds the episodes that end in {@code b}, with returns {@code sum_t gamma^t r_(t+1)} per objective. */
    void observe(TrajectoryBatch b, double gamma) {
        int k = ring.length;
        if (running == null) {
            running = new double[b.numEnvs][k];
            discount = new double[b.numEnvs];
            java.util.Arrays.fill(discount, 1.0);
        }
        for (int t = 0; t < b.numSteps; t++) {
            for (int e = 0; e < b.numEnvs; e++) {
                int row = t * b.numEnvs + e;
                for (int j = 0; j < k; j++) running[e][j] += discount[e] * b.rewardVectors[row * k + j];
                discount[e] *= gamma;
                if (b.ends[row].done()) {
                    for (int j = 0; j < k; j++) add(j, running[e][j]);
                    java.util.Arrays.fill(running[e], 0.0);
                    discount[e] = 1.0;
                }
            }
        }
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
