package io.rlwb.plugins.llm.reward;

import io.rlwb.engine.morl.RewardCombiner;
import io.rlwb.plugins.llm.task.Example;
import java.util.ArrayList;
import java.util.List;

/**
 * Several {@link RewardHead}s scored together and combined into one scalar by an engine {@link RewardCombiner}
 * under preference weights (one per head). With one head and weight 1 under the linear combiner the scalar is that
 * head's score.
 */
public final class RewardVector {
    private final List<RewardHead> heads;
    private final RewardCombiner combiner;
    private final double[] weights;

    public RewardVector(List<RewardHead> heads, RewardCombiner combiner, double[] weights) {
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("a reward vector needs at least one reward head");
        }
        if (weights.length != heads.size()) {
            throw new IllegalArgumentException("reward combiner parameter 'weights' has " + weights.length
                    + " entries but " + heads.size() + " reward heads are wired " + names(heads));
        }
        this.heads = List.copyOf(heads);
        this.combiner = combiner;
        this.weights = weights.clone();
    }

    public List<RewardHead> heads() {
        return heads;
    }

    public List<String> names() {
        return names(heads);
    }

    /** Each head's score, in head order. */
    public double[] scores(Example example, String completion, boolean finished) {
        double[] v = new double[heads.size()];
        for (int i = 0; i < v.length; i++) v[i] = heads.get(i).score(example, completion, finished);
        return v;
    }

    /** The combined scalar of a score vector. */
    public double combine(double[] scores) {
        return combiner.combine(scores, weights);
    }

    private static List<String> names(List<RewardHead> heads) {
        List<String> n = new ArrayList<>();
        for (RewardHead h : heads) n.add(h.name());
        return n;
    }
}
