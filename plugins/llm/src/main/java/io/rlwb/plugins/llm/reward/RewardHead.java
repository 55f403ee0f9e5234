package io.rlwb.plugins.llm.reward;

import io.rlwb.plugins.llm.task.Example;

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
}
