package io.rlwb.plugins.llm.task;

/**
 * The train / held-out partition of an instance space: an instance whose identity key hashes, under the task's
 * seed, below {@code heldOutFraction} is held out. A pure function of (seed, key), so the split of an instance
 * never depends on what else was drawn, and a generator keeps a draw only when it lands in the split asked for.
 */
public final class Splits {
    private Splits() {}

    /** Whether the instance with identity {@code key} belongs to the held-out split. */
    public static boolean heldOut(long seed, long key, double heldOutFraction) {
        long h = mix(mix(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L) ^ key);
        double u = (h >>> 11) * 0x1.0p-53;
        return u < heldOutFraction;
    }

    /** Whether {@code key} belongs to {@code split}. */
    public static boolean in(Split split, long seed, long key, double heldOutFraction) {
        return heldOut(seed, key, heldOutFraction) == (split == Split.TEST);
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static void checkFraction(String task, double f) {
        if (!(f > 0 && f < 1)) {
            throw new IllegalArgumentException(task + " parameter 'heldOutFraction' must lie in (0, 1), got " + f);
        }
    }
}
