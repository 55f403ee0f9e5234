package io.rlwb.engine.spi;

import java.util.SplittableRandom;

/**
 * Random streams that a checkpoint can reproduce without serialising a generator (ADR 0020). Java's
 * {@link SplittableRandom} does not expose its state, so a node that draws random numbers does not keep one
 * generator for the whole run: it draws the numbers of unit {@code index} (an iteration, an evaluation round) from
 * {@code at(nodeSeed, index)}, a generator derived from the node's seed ({@link BuildContext#rngSeed()}) and the
 * unit's index alone. A resumed run that knows the index draws exactly what the uninterrupted run drew.
 */
public final class Streams {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Streams() {}

    /** The generator of unit {@code index} of the node whose seed is {@code nodeSeed}. */
    public static SplittableRandom at(long nodeSeed, long index) {
        return new SplittableRandom(mix(nodeSeed + (index + 1) * GOLDEN));
    }

    /** Stafford's variant 13 of the 64-bit finaliser (the mixer of SplitMix64). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
