package io.rlwb.plugins.llm.rl;

import java.util.Arrays;
import java.util.List;

/**
 * Turns the scalar rewards of groups of completions into per-token advantages for {@link GrpoTrainer}: GRPO's
 * group-relative estimator gives every token of a completion its completion's advantage; TEMPO adds the prefix
 * tree's branch-point TD term. Swapping the estimator is all that separates the two trainers.
 */
public interface AdvantageEstimator {
    /** {@code "grpo"} or {@code "tempo"}. */
    String name();

    /**
     * Per-token advantages, {@code out[i][k]} for token {@code k} of completion {@code i}; completions are laid out
     * as consecutive groups of {@code groupSize}.
     */
    double[][] advantages(List<int[]> completions, double[] rewards, int groupSize);

    /** The scale mode of the group-relative part. */
    GroupAdvantages.Scale scale();

    /** GRPO's estimator: the completion's group-relative advantage at every token. */
    static AdvantageEstimator groupRelative(GroupAdvantages.Scale scale) {
        return new ScaledEstimator("grpo", scale, (completions, rewards, groupSize, a) -> {
            double[][] out = new double[completions.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = new double[completions.get(i).length];
                Arrays.fill(out[i], a[i]);
            }
            return out;
        });
    }

    /** TEMPO's estimator: group-relative advantage plus {@link PrefixTree#tdTerm} at branching tokens. */
    static AdvantageEstimator tempo(GroupAdvantages.Scale scale) {
        return new ScaledEstimator("tempo", scale, (completions, rewards, groupSize, a) -> {
            double[][] out = new double[completions.size()][];
            for (int g = 0; g < completions.size() / groupSize; g++) {
                int from = g * groupSize;
                PrefixTree tree = new PrefixTree(completions.subList(from, from + groupSize),
                        Arrays.copyOfRange(rewards, from, from + groupSize));
                double[][] t = tree.tempoAdvantages(Arrays.copyOfRange(a, from, from + groupSize));
                System.arraycopy(t, 0, out, from, groupSize);
            }
            return out;
        });
    }
}
