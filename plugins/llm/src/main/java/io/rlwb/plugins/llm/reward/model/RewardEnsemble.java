package io.rlwb.plugins.llm.reward.model;

import io.rlwb.plugins.llm.task.Example;
import java.util.List;

/**
 * {@code k} reward models of the same configuration trained from different seeds, their scores combined per label
 * (Coste et al., "Reward Model Ensembles Help Mitigate Overoptimization", 2023):
 * <ul>
 *   <li>{@link Combination#MEAN}: {@code mean_i r_i};</li>
 *   <li>{@link Combination#WORST_CASE}: {@code min_i r_i} (the most pessimistic member);</li>
 *   <li>{@link Combination#UNCERTAINTY_WEIGHTED}: {@code mean_i r_i - kappa * std_i r_i}, the population standard
 *       deviation over members: a penalty where members disagree, i.e. off the labelled distribution.</li>
 * </ul>
 */
public final class RewardEnsemble implements LearnedReward {
    /** How member scores become one score. */
    public enum Combination { MEAN, WORST_CASE, UNCERTAINTY_WEIGHTED }

    private final List<? extends LearnedReward> members;
    private final Combination combination;
    private final double kappa;

    public RewardEnsemble(List<? extends LearnedReward> members, Combination combination, double kappa) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("reward ensemble needs at least one member");
        }
        for (LearnedReward m : members) {
            if (!m.names().equals(members.get(0).names())) {
                throw new IllegalArgumentException("reward ensemble members score different labels: "
                        + members.get(0).names() + " and " + m.names());
            }
        }
        if (!(kappa >= 0) || Double.isInfinite(kappa)) {
            throw new IllegalArgumentException("reward ensemble parameter 'kappa' must be finite and >= 0, got "
                    + kappa);
        }
        this.members = List.copyOf(members);
        this.combination = combination;
        this.kappa = kappa;
    }

    public List<? extends LearnedReward> members() {
        return members;
    }

    public Combination combination() {
        return combination;
    }

    public double kappa() {
        return kappa;
    }

    @Override
    public List<String> names() {
        return members.get(0).names();
    }

    /** The combination of one label's member scores. */
    public static double combine(double[] memberScores, Combination c, double kappa) {
        int k = memberScores.length;
        double mean = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double r : memberScores) {
            mean += r / k;
            min = Math.min(min, r);
        }
        return switch (c) {
            case MEAN -> mean;
            case WORST_CASE -> min;
            case UNCERTAINTY_WEIGHTED -> {
                double var = 0;
                for (double r : memberScores) var += (r - mean) * (r - mean) / k;
                yield mean - kappa * Math.sqrt(var);
            }
        };
    }

    /** Every member scores every completion: the members' bytes summed. */
    @Override
    public long scoringBytes(long rows) {
        long sum = 0;
        for (LearnedReward m : members) sum += m.scoringBytes(rows);
        return sum;
    }

    @Override
    public double[][] scores(List<Example> examples, List<String> completions, List<Boolean> finished) {
        int k = members.size();
        double[][][] per = new double[k][][];
        for (int m = 0; m < k; m++) per[m] = members.get(m).scores(examples, completions, finished);
        int b = examples.size();
        int h = names().size();
        double[][] out = new double[b][h];
        double[] column = new double[k];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < h; j++) {
                for (int m = 0; m < k; m++) column[m] = per[m][i][j];
                out[i][j] = combine(column, combination, kappa);
            }
        }
        return out;
    }
}
