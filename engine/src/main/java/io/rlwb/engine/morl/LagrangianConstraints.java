package io.rlwb.engine.morl;

/**
 * Lagrangian relaxation of "maximise objective {@code main} subject to {@code J_i >= c_i}" for a set of
 * constrained objectives (as in constrained RLHF): the scalar reward is {@code r_main + sum_i lambda_i r_i}, and
 * after each batch every multiplier takes one projected gradient-ascent step on its constraint's violation,
 * {@code lambda_i <- max(0, lambda_i + lr (c_i - J_i))}, where {@code J_i} is the batch's estimate of the
 * constrained quantity (mean reward of objective i per step). A violated constraint (J_i < c_i) raises its
 * multiplier; a satisfied one lowers it toward zero.
 */
public final class LagrangianConstraints implements io.rlwb.engine.spi.Stateful {
    private final int main;
    private final int[] constrained;
    private final double[] thresholds;
    private final double[] lambda;
    private final double lr;

    /**
     * @param main index of the objective to maximise
     * @param constrained indices of the constrained objectives
     * @param thresholds lower bound c_i per constrained objective
     * @param initial initial multipliers (>= 0)
     * @param lr multiplier learning rate
     */
    public LagrangianConstraints(int main, int[] constrained, double[] thresholds, double[] initial, double lr) {
        if (constrained.length != thresholds.length || constrained.length != initial.length) {
            throw new IllegalArgumentException("one threshold and one initial multiplier per constrained objective");
        }
        this.main = main;
        this.constrained = constrained.clone();
        this.thresholds = thresholds.clone();
        this.lambda = initial.clone();
        for (double l : lambda) if (!(l >= 0)) throw new IllegalArgumentException("multipliers must be >= 0, got " + l);
        this.lr = lr;
    }

    public double[] multipliers() {
        return lambda.clone();
    }

    /** Indices of the constrained objectives, in multiplier order (a copy). */
    public int[] constrained() {
        return constrained.clone();
    }

    /**
     * The weights of {@link #combine} as a linear scalarisation of {@code k} objectives: 1 on the main objective,
     * {@code lambda_i} on constrained objective i, 0 elsewhere.
     */
    public double[] effectiveWeights(int k) {
        double[] w = new double[k];
        w[main] = 1;
        for (int i = 0; i < constrained.length; i++) w[constrained[i]] += lambda[i];
        return w;
    }

    /** {@code r_main + sum_i lambda_i r_i} for one reward vector. */
    public double combine(float[] r, int offset) {
        double s = r[offset + main];
        for (int i = 0; i < constrained.length; i++) s += lambda[i] * r[offset + constrained[i]];
        return s;
    }

    /** One ascent step per multiplier from the estimates {@code J} (indexed by objective). */
    public void update(double[] estimates) {
        for (int i = 0; i < constrained.length; i++) {
            lambda[i] = Math.max(0.0, lambda[i] + lr * (thresholds[i] - estimates[constrained[i]]));
        }
    }

    /** The multipliers (everything else is configuration). */
    @Override
    public void saveState(io.rlwb.engine.spi.StateWriter out) {
        out.doubles("lambda", lambda);
    }

    @Override
    public void restoreState(io.rlwb.engine.spi.StateReader in) {
        double[] saved = in.doubles("lambda");
        if (saved.length != lambda.length) {
            throw new IllegalArgumentException("Lagrangian state 'lambda': " + saved.length + " multipliers for "
                    + lambda.length + " constrained objectives");
        }
        System.arraycopy(saved, 0, lambda, 0, lambda.length);
    }
}
