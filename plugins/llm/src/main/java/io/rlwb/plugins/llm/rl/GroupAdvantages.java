package io.rlwb.plugins.llm.rl;

import java.util.Locale;

/**
 * GRPO's group-relative advantages: the completions of one prompt form a group of {@code G} consecutive rewards,
 * and each completion's advantage is its reward minus the group mean, divided by a standard deviation
 * (Bessel-corrected, plus {@value #EPS}) according to {@link Scale}: the group's ({@code group}, TRL's default), the
 * whole batch's ({@code batch}), or none ({@code none}, Dr. GRPO's unbiased form).
 */
public final class GroupAdvantages {
    /** Added to the standard deviation, as TRL does. */
    public static final double EPS = 1e-4;

    /** TRL's {@code scale_rewards}. */
    public enum Scale {
        GROUP, BATCH, NONE;

        public static Scale parse(String s) {
            for (Scale v : values()) {
                if (v.name().toLowerCase(Locale.ROOT).equals(s)) return v;
            }
            throw new IllegalArgumentException("grpo parameter 'scaleRewards' must be group, batch or none; got '"
                    + s + "'");
        }
    }

    /**
     * @param advantages one per completion
     * @param groupMean one per group
     * @param groupStd one per group (Bessel-corrected)
     * @param fracZeroStd share of groups whose rewards are all equal (TRL's {@code frac_reward_zero_std}): they give
     *     no learning signal
     */
    public record Result(double[] advantages, double[] groupMean, double[] groupStd, double fracZeroStd) {}

    private GroupAdvantages() {}

    /** Advantages of {@code rewards}, laid out as consecutive groups of {@code groupSize}. */
    public static Result compute(double[] rewards, int groupSize, Scale scale) {
        if (groupSize < 2 || rewards.length % groupSize != 0) {
            throw new IllegalArgumentException("grpo parameter 'groupSize' must be >= 2 and divide the "
                    + rewards.length + " rewards, got " + groupSize);
        }
        int groups = rewards.length / groupSize;
        double[] mean = new double[groups];
        double[] std = new double[groups];
        int zero = 0;
        for (int g = 0; g < groups; g++) {
            mean[g] = mean(rewards, g * groupSize, groupSize);
            std[g] = std(rewards, g * groupSize, groupSize, mean[g]);
            if (std[g] < 1e-8) zero++;
        }
        double batchStd = std(rewards, 0, rewards.length, mean(rewards, 0, rewards.length));
        double[] adv = new double[rewards.length];
        for (int i = 0; i < rewards.length; i++) {
            int g = i / groupSize;
            double centred = rewards[i] - mean[g];
            adv[i] = switch (scale) {
                case GROUP -> centred / (std[g] + EPS);
                case BATCH -> centred / (batchStd + EPS);
                case NONE -> centred;
            };
        }
        return new Result(adv, mean, std, (double) zero / groups);
    }

    static double mean(double[] v, int from, int n) {
        double s = 0;
        for (int i = from; i < from + n; i++) s += v[i];
        return s / n;
    }

    static double std(double[] v, int from, int n, double mean) {
        if (n < 2) return 0;
        double s = 0;
        for (int i = from; i < from + n; i++) s += (v[i] - mean) * (v[i] - mean);
        return Math.sqrt(s / (n - 1));
    }
}
