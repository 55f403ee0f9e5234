package io.rlwb.plugins.llm.reward;

import io.rlwb.engine.morl.AdaptiveCombiner;
import io.rlwb.engine.morl.RewardCombiner;
import io.rlwb.plugins.llm.task.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several {@link RewardHead}s scored together and combined into one scalar by an engine {@link RewardCombiner}
 * under preference weights (one per head). With one head and weight 1 under the linear combiner the scalar is that
 * head's score. An {@link AdaptiveCombiner} (dynamic weighting, Lagrangian constraints) must be bound to the
 * heads' names before it is passed in; its weights then move with {@link #update} after every batch.
 *
 * <p>A vector may also carry <em>gold</em> heads ({@link #withGold}): scored on the same completions and reported,
 * never combined into the reward. When the optimised heads are a learned proxy (a reward model), the gold heads
 * (the rule-based truth) show overoptimisation as the proxy and gold curves parting.
 */
public final class RewardVector {
    private final List<RewardHead> heads;
    private final RewardCombiner combiner;
    private final double[] weights;
    private final List<RewardHead> gold;

    public RewardVector(List<RewardHead> heads, RewardCombiner combiner, double[] weights) {
        this(heads, combiner, weights, List.of());
    }

    private RewardVector(List<RewardHead> heads, RewardCombiner combiner, double[] weights, List<RewardHead> gold) {
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
        this.gold = List.copyOf(gold);
    }

    /** This vector with {@code gold} heads that are scored and reported beside it but never combined. */
    public RewardVector withGold(List<RewardHead> gold) {
        return new RewardVector(heads, combiner, weights, gold);
    }

    /** The gold heads (empty when none). */
    public List<RewardHead> gold() {
        return gold;
    }

    public List<String> goldNames() {
        return names(gold);
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

    /** Each head's scores of a batch, {@code [completion][head]}: one {@link RewardHead#scoreAll} per head. */
    public double[][] scoreAll(List<Example> examples, List<String> completions, boolean[] finished) {
        return scoreAll(heads, examples, completions, finished);
    }

    /** The gold heads' scores of a batch, {@code [completion][gold head]}. */
    public double[][] goldScoreAll(List<Example> examples, List<String> completions, boolean[] finished) {
        return scoreAll(gold, examples, completions, finished);
    }

    private static double[][] scoreAll(List<RewardHead> heads, List<Example> examples, List<String> completions,
            boolean[] finished) {
        if (examples.size() != completions.size() || finished.length != completions.size()) {
            throw new IllegalArgumentException("reward batch: " + examples.size() + " examples, "
                    + completions.size() + " completions, " + finished.length + " finished flags");
        }
        double[][] out = new double[completions.size()][heads.size()];
        for (int h = 0; h < heads.size(); h++) {
            double[] col = heads.get(h).scoreAll(examples, completions, finished);
            for (int i = 0; i < out.length; i++) out[i][h] = col[i];
        }
        return out;
    }

    /**
     * The combined scalar of a score vector: under the configured weights, or under an
     * {@link AdaptiveCombiner}'s current ones.
     */
    public double combine(double[] scores) {
        return combiner.combine(scores, combiner instanceof AdaptiveCombiner a ? a.weights(heads.size()) : weights);
    }

    /**
     * After a batch: moves an {@link AdaptiveCombiner}'s weights from the heads' mean scores and returns its state
     * to log ({@code weight_<head>}, {@code lambda_<head>}); empty for a fixed combiner.
     */
    public Map<String, Double> update(double[] headMeans) {
        if (!(combiner instanceof AdaptiveCombiner a)) return Map.of();
        a.update(headMeans);
        return a.metrics();
    }

    private static List<String> names(List<RewardHead> heads) {
        List<String> n = new ArrayList<>();
        for (RewardHead h : heads) n.add(h.name());
        return n;
    }
}
