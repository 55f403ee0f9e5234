package io.rlwb.plugins.llm.reward;

import io.rlwb.plugins.llm.task.Example;
import java.util.List;

/**
 * One component of a vector reward for a language policy's completion: a rule-based score of the decoded text
 * against the task instance it answers. Several heads form a {@link RewardVector}; the engine's reward combiners
 * ({@code LinearCombiner}, {@code ChebyshevCombiner}, Lagrangian constraints) turn the vector into the scalar
 * reward GRPO and DPO optimise.
 */
public interface RewardHead {
    /** Short name, used in metric keys ({@code rewards/<name>/mean}). */
    String name();

    /**
     * The score of {@code completion} (decoded text without {@code <eos>} and other specials).
     *
     * @param finished true when the completion ended with {@code <eos>}, false when the length limit cut it
     */
    double score(Example example, String completion, boolean finished);

    /**
     * The scores of a batch of completions, {@code completions.get(i)} answering {@code examples.get(i)}. One call
     * per head per trainer step, so a head with a model behind it (a learned reward) overrides this to run one
     * batched forward pass; rule-based heads keep this loop over {@link #score}.
     */
    default double[] scoreAll(List<Example> examples, List<String> completions, boolean[] finished) {
        double[] out = new double[completions.size()];
        for (int i = 0; i < out.length; i++) out[i] = score(examples.get(i), completions.get(i), finished[i]);
        return out;
    }

    /**
     * Estimated native bytes one {@link #scoreAll} over {@code rows} completions leaves behind until collected: 0 for
     * rule-based heads, a model's forward pass for a learned one (a trainer adds it to its collection estimate).
     */
    default long scoringBytes(long rows) {
        return 0;
    }
}
