package io.rlwb.plugins.llm.reward;

import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Task;

/**
 * 1 when the completion is the task's exact answer and ended with {@code <eos>}, else 0: the verifiable reward of
 * RL with verifiable rewards. A completion the length limit cut scores 0 even if its text equals the answer, since
 * the policy never said it was done.
 */
public final class CorrectnessHead implements RewardHead {
    private final Task task;

    public CorrectnessHead(Task task) {
        this.task = task;
    }

    @Override
    public String name() {
        return "correctness";
    }

    @Override
    public double score(Example example, String completion, boolean finished) {
        return finished && task.correct(example, completion) ? 1 : 0;
    }
}
