package io.rlwb.plugins.llm.task;

/**
 * One verifiable task instance: the prompt the policy sees and the one correct answer.
 *
 * @param prompt text (may contain special literals such as {@code <sep>})
 * @param answer the exact completion that scores 1, without {@code <eos>}
 */
public record Example(String prompt, String answer) {}
