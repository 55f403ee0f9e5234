package io.rlwb.plugins.llm.reward.model;

import io.rlwb.plugins.llm.reward.RewardHead;
import io.rlwb.plugins.llm.task.Example;
import java.util.ArrayList;
import java.util.List;

/**
 * One label of a {@link LearnedReward} (a reward model or an ensemble) as a {@link RewardHead} named
 * {@code rm/<label>}: the proxy reward a trainer optimises in place of a rule-based head. {@link #scoreAll} runs the
 * model once over the whole batch (what GRPO calls, once per step), {@link #score} once per completion.
 */
public final class LearnedRewardHead implements RewardHead {
    private final LearnedReward model;
    private final int label;
    private final String name;

    /** @throws IllegalArgumentException when the model has no label {@code label} */
    public LearnedRewardHead(LearnedReward model, String label) {
        this.model = model;
        this.label = model.names().indexOf(label);
        if (this.label < 0) {
            throw new IllegalArgumentException("parameter 'label': the reward model scores " + model.names()
                    + ", not '" + label + "'");
        }
        this.name = "rm/" + label;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double score(Example example, String completion, boolean finished) {
        return model.scores(List.of(example), List.of(completion), List.of(finished))[0][label];
    }

    /** One pass of the model (all its members) per call of {@link #scoreAll}. */
    @Override
    public long scoringBytes(long rows) {
        return model.scoringBytes(rows);
    }

    @Override
    public double[] scoreAll(List<Example> examples, List<String> completions, boolean[] finished) {
        List<Boolean> f = new ArrayList<>(finished.length);
        for (boolean b : finished) f.add(b);
        double[][] all = model.scores(examples, completions, f);
        double[] out = new double[all.length];
        for (int i = 0; i < out.length; i++) out[i] = all[i][label];
        return out;
    }
}
