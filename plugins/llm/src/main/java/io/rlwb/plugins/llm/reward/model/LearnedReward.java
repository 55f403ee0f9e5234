package io.rlwb.plugins.llm.reward.model;

import io.rlwb.plugins.llm.reward.RewardHead;
import io.rlwb.plugins.llm.task.Example;
import java.util.ArrayList;
import java.util.List;

/**
 * A learned vector reward: scores a completion on several named labels at once. Both a single
 * {@link RewardModel} and a {@link RewardEnsemble} are one. {@link #heads()} views each label as an ordinary
 * {@link RewardHead}, so a learned reward drops into a {@link io.rlwb.plugins.llm.reward.RewardVector} (and so into
 * GRPO) in place of, or beside, the rule-based heads.
 */
public interface LearnedReward {
    /** Label names, in output order. */
    List<String> names();

    /** One score per label for each completion (batched: one forward pass for all of them). */
    double[][] scores(List<Example> examples, List<String> completions, List<Boolean> finished);

    /**
     * Estimated native bytes one {@link #scores} call over {@code rows} completions leaves behind until the Java
     * objects are collected (ND4J frees native memory only then): what a trainer adds to its collection estimate for
     * each scoring pass. 0 unless a model says otherwise.
     */
    default long scoringBytes(long rows) {
        return 0;
    }

    /**
     * Each label as a {@link RewardHead} named {@code rm/<label>}. The heads of one call share a one-entry memo, so
     * scoring the same completion with each of them in turn (as {@link io.rlwb.plugins.llm.reward.RewardVector}
     * does) runs the model once.
     */
    default List<RewardHead> heads() {
        List<RewardHead> out = new ArrayList<>();
        List<String> names = names();
        Object[] memo = new Object[4]; // example, completion, finished, scores
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            String name = "rm/" + names.get(i);
            out.add(new RewardHead() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public double score(Example example, String completion, boolean finished) {
                    synchronized (memo) {
                        if (!(example.equals(memo[0]) && completion.equals(memo[1])
                                && Boolean.valueOf(finished).equals(memo[2]))) {
                            memo[3] = scores(List.of(example), List.of(completion), List.of(finished))[0];
                            memo[0] = example;
                            memo[1] = completion;
                            memo[2] = finished;
                        }
                        return ((double[]) memo[3])[index];
                    }
                }
            });
        }
        return out;
    }
}
