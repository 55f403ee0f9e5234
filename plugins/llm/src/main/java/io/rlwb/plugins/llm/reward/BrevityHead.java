package io.rlwb.plugins.llm.reward;

import io.rlwb.plugins.llm.task.Example;

/**
 * Prefers short completions: 1 up to {@code budget} characters, then falling linearly to 0 at {@code 2 * budget}
 * characters and staying there; a completion the length limit cut scores 0. On its own it rewards saying little;
 * combined with correctness it penalises rambling after the answer.
 */
public final class BrevityHead implements RewardHead {
    private final int budget;

    public BrevityHead(int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("brevity head parameter 'budget' must be >= 1, got " + budget);
        }
        this.budget = budget;
    }

    public int budget() {
        return budget;
    }

    @Override
    public String name() {
        return "brevity";
    }

    @Override
    public double score(Example example, String completion, boolean finished) {
        if (!finished) return 0;
        int over = Math.max(0, completion.length() - budget);
        return Math.max(0, 1 - (double) over / budget);
    }
}
