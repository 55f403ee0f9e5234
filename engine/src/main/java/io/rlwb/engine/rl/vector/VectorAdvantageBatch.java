package io.rlwb.engine.rl.vector;

import io.rlwb.engine.rl.TrajectoryBatch;

/**
 * Trajectories with per-objective advantages, returns and values, each row-major {@code [rows * k]}. What flows on
 * a {@code vector-advantages} port.
 */
public record VectorAdvantageBatch(TrajectoryBatch trajectories, int numObjectives, float[] advantages,
                                   float[] returns, float[] values) {
    public int rows() {
        return trajectories.rows();
    }

    /**
     * Scalar advantages {@code A_i = sum_j c_j A_ij}: the policy-gradient direction of {@code sum_j c_j J_j}.
     * Linear scalarisation uses the weights as {@code c}; a utility's gradient at the current returns gives the
     * direction of a non-linear utility; the log barrier of constrained optimisation gives its multipliers.
     */
    public float[] combine(double[] c) {
        if (c.length != numObjectives) {
            throw new IllegalArgumentException("need " + numObjectives + " coefficients, got " + c.length);
        }
        float[] out = new float[rows()];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int j = 0; j < numObjectives; j++) s += c[j] * advantages[i * numObjectives + j];
            out[i] = (float) s;
        }
        return out;
    }
}
