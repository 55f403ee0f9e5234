package io.rlwb.engine.morl;

/**
 * Preference weights that adapt during training. After each batch the per-objective mean reward {@code m_j} is
 * compared with its exponential moving average {@code e_j} (rate {@code beta}); the normalised progress
 * {@code p_j = (m_j - e_j) / (|e_j| + s_j)}, with {@code s_j} a running mean absolute deviation, moves weight
 * toward the objectives that improve least: {@code w_j <- w_j exp(-eta p_j)}, floored at {@code minWeight} and
 * renormalised to sum 1 (an exponentiated-gradient step on the simplex). A simplified form of the seed paper's
 * idea (Learning to Optimize Multi-Objective Alignment Through Dynamic Reward Weighting), not its exact method.
 */
public final class DynamicWeighting implements io.rlwb.engine.spi.Stateful {
    private final double[] w;
    private final double[] ema;
    private final double[] dev;
    private final double eta;
    private final double beta;
    private final double minWeight;
    private boolean started;

    public DynamicWeighting(double[] initial, double eta, double beta, double minWeight) {
        this.w = initial.clone();
        this.ema = new double[w.length];
        this.dev = new double[w.length];
        this.eta = eta;
        this.beta = beta;
        this.minWeight = minWeight;
        normalise();
    }

    /** The current weights (a copy). */
    public double[] weights() {
        return w.clone();
    }

    /** Updates the weights from one batch's per-objective mean rewards. */
    public void update(double[] batchMeans) {
        if (batchMeans.length != w.length) {
            throw new IllegalArgumentException("need " + w.length + " means, got " + batchMeans.length);
        }
        if (!started) {
            System.arraycopy(batchMeans, 0, ema, 0, w.length);
            started = true;
            return;
        }
        for (int j = 0; j < w.length; j++) {
            double diff = batchMeans[j] - ema[j];
            dev[j] = (1 - beta) * dev[j] + beta * Math.abs(diff);
            double progress = diff / (Math.abs(ema[j]) + dev[j] + 1e-8);
            w[j] *= Math.exp(-eta * progress);
            ema[j] = (1 - beta) * ema[j] + beta * batchMeans[j];
        }
        normalise();
    }

    private void normalise() {
        double s = 0;
        for (int j = 0; j < w.length; j++) {
            w[j] = Math.max(w[j], minWeight);
            s += w[j];
        }
        for (int j = 0; j < w.length; j++) w[j] /= s;
    }

    /** The weights, the moving averages and deviations, and whether the first batch has been seen. */
    @Override
    public void saveState(io.rlwb.engine.spi.StateWriter out) {
        out.doubles("w", w);
        out.doubles("ema", ema);
        out.doubles("dev", dev);
        out.value("started", started ? 1L : 0L);
    }

    @Override
    public void restoreState(io.rlwb.engine.spi.StateReader in) {
        copy(in.doubles("w"), w, "w");
        copy(in.doubles("ema"), ema, "ema");
        copy(in.doubles("dev"), dev, "dev");
        started = in.longValue("started") != 0;
    }

    private static void copy(double[] from, double[] to, String name) {
        if (from.length != to.length) {
            throw new IllegalArgumentException("dynamic weighting state '" + name + "': " + from.length
                    + " values for " + to.length + " objectives");
        }
        System.arraycopy(from, 0, to, 0, to.length);
    }
}
