package io.rlwb.engine.rl;

/**
 * Trajectories with an estimator's output attached: advantages, the returns the critic regresses to, and
 * the values at collection time. What flows on an {@code advantages} port.
 */
public record AdvantageBatch(TrajectoryBatch trajectories, float[] advantages, float[] returns, float[] values) {
    public int rows() {
        return trajectories.rows();
    }
}
