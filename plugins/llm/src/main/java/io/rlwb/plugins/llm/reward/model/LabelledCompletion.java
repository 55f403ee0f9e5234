package io.rlwb.plugins.llm.reward.model;

import io.rlwb.plugins.llm.task.Example;

/**
 * One completion of a task instance with its label vector (one entry per reward-model head, in head order).
 *
 * @param finished true when the completion ended with {@code <eos>}; the model reads it as a trailing {@code <eos>}
 */
public record LabelledCompletion(Example example, String completion, boolean finished, double[] labels) {
    public LabelledCompletion {
        labels = labels.clone();
    }
}
