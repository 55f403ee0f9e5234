package io.rlwb.engine.morl;

/** A {@link RewardCombiner} that also carries the preference weights its node was configured with. */
public interface WeightedCombiner extends RewardCombiner {
    /** The configured weights for {@code k} objectives (equal weights when none were set). */
    double[] weights(int k);
}
