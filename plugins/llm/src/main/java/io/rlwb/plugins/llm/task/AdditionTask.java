package io.rlwb.plugins.llm.task;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Multi-digit addition: prompt {@code "a+b="}, answer the decimal digits of {@code a + b} (most significant
 * first, no leading zeros; or least significant first with {@code reversed}, the order in which a carry is
 * computed, which small transformers learn much faster: Lee et al. 2023, "Teaching Arithmetic to Small
 * Transformers"). Each operand first draws its digit count uniformly from {@code [minDigits,
 * maxDigits]}, then a number with exactly that many digits (one-digit numbers include 0). An instance's identity
 * is the ordered pair (a, b); pairs are partitioned into training and held-out by {@link Splits}.
 */
public final class AdditionTask implements Task {
    /**
     * @param minDigits fewest digits of an operand (default 1)
     * @param maxDigits most digits of an operand (default 2, at most 9)
     * @param heldOutFraction share of the pairs held out (default 0.2)
     * @param seed fixes the partition (default 1)
     * @param reversed answers written least significant digit first (default false)
     */
    public record Config(int minDigits, int maxDigits, double heldOutFraction, long seed, boolean reversed) {
        public Config {
            if (minDigits < 1) {
                throw new IllegalArgumentException("addition parameter 'minDigits' must be >= 1, got " + minDigits);
            }
            if (maxDigits < minDigits || maxDigits > 9) {
                throw new IllegalArgumentException("addition parameter 'maxDigits' must lie in [minDigits = "
                        + minDigits + ", 9], got " + maxDigits);
            }
            Splits.checkFraction("addition", heldOutFraction);
        }

        /** Answers most significant digit first. */
        public Config(int minDigits, int maxDigits, double heldOutFraction, long seed) {
            this(minDigits, maxDigits, heldOutFraction, seed, false);
        }

        public static Config defaults() {
            return new Config(1, 2, 0.2, 1, false);
        }
    }

    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000};

    private final Config config;

    public AdditionTask(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "addition";
    }

    @Override
    public String alphabet() {
        return "0123456789+=";
    }

    @Override
    public List<String> separators() {
        return List.of();
    }

    @Override
    public int maxAnswerLength() {
        return config.maxDigits() + 1;
    }

    @Override
    public int maxPromptTokens() {
        return 2 * config.maxDigits() + 2;
    }

    @Override
    public Example sample(Split split, SplittableRandom rng) {
        for (int tries = 0; tries < 100_000; tries++) {
            long a = operand(rng);
            long b = operand(rng);
            if (Splits.in(split, config.seed(), a * POW10[config.maxDigits()] + b, config.heldOutFraction())) {
                String sum = Long.toString(a + b);
                return new Example(a + "+" + b + "=",
                        config.reversed() ? new StringBuilder(sum).reverse().toString() : sum);
            }
        }
        throw new IllegalStateException("addition: no " + split + " pair found in 100000 draws; the split is empty "
                + "for " + config);
    }

    private long operand(SplittableRandom rng) {
        int d = config.minDigits() + rng.nextInt(config.maxDigits() - config.minDigits() + 1);
        return d == 1 ? rng.nextInt(10) : POW10[d - 1] + rng.nextLong(POW10[d] - POW10[d - 1]);
    }
}
