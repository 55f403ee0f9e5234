package io.rlwb.engine.morl;

/**
 * Maps a vector of objective values to one number under preference weights: a scalarising utility
 * {@code u_w(v)}. Used two ways: per step (a combiner node turns each step's reward vector into the scalar
 * reward) and on expected returns (a population trainer ascends {@code u_w(J)} with the policy gradient
 * {@code sum_j du/dJ_j grad J_j}, which needs {@link #gradient}). What flows on a {@code combiner} port.
 */
public interface RewardCombiner {
    /** Short name for records: {@code linear}, {@code chebyshev}. */
    String name();

    /** {@code u_w(values)}. */
    double combine(double[] values, double[] weights);

    /** {@code du_w / dv} at {@code values} (a subgradient where u is not differentiable), written into {@code out}. */
    void gradient(double[] values, double[] weights, double[] out);
}
