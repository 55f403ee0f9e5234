package io.rlwb.plugins.llm.rl;

import java.util.List;

/**
 * An {@link AdvantageEstimator} by name and scale mode: it computes the group-relative advantages of the rewards
 * ({@link GroupAdvantages}) and hands them to {@code perToken}, which spreads them over the tokens. The two estimators
 * differ only there.
 */
record ScaledEstimator(String name, GroupAdvantages.Scale scale, PerToken perToken) implements AdvantageEstimator {
    /** Per-token advantages from the completions, their rewards and their group-relative advantages. */
    @FunctionalInterface
    interface PerToken {
        double[][] advantages(List<int[]> completions, double[] rewards, int groupSize, double[] groupAdvantages);
    }

    @Override
    public double[][] advantages(List<int[]> completions, double[] rewards, int groupSize) {
        double[] a = GroupAdvantages.compute(rewards, groupSize, scale).advantages();
        return perToken.advantages(completions, rewards, groupSize, a);
    }
}
