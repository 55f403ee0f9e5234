package io.rlwb.plugins.llm.sft;

/**
 * Supervised pre-training: teacher-forced cross-entropy on the answer tokens (prompt and padding ignored), Adam,
 * warm-up then decay of the learning rate, gradient clipping by global norm.
 *
 * @param steps optimiser steps (default 2000)
 * @param batchSize training examples per step (default 64)
 * @param learningRate peak Adam learning rate (default 3e-3)
 * @param warmupSteps linear warm-up steps (default 50)
 * @param schedule what follows the warm-up (default COSINE)
 * @param minLrRatio the decay's final fraction of the peak rate (default 0.1)
 * @param clipNorm global gradient-norm bound (default 1.0; 0 = no clipping)
 * @param evalSize held-out examples of the greedy exact-match evaluation (default 200)
 * @param seed training draws (default 1)
 */
public record SftConfig(int steps, int batchSize, double learningRate, int warmupSteps, LrSchedule schedule,
        double minLrRatio, double clipNorm, int evalSize, long seed) {
    public SftConfig {
        if (steps <= 0) throw bad("steps", "must be > 0", steps);
        if (batchSize <= 0) throw bad("batchSize", "must be > 0", batchSize);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw bad("learningRate", "must be finite and > 0", learningRate);
        }
        if (warmupSteps < 0) throw bad("warmupSteps", "must be >= 0", warmupSteps);
        if (schedule == null) throw bad("schedule", "must be CONSTANT, LINEAR or COSINE", null);
        if (!(minLrRatio >= 0 && minLrRatio <= 1)) throw bad("minLrRatio", "must lie in [0, 1]", minLrRatio);
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) throw bad("clipNorm", "must be finite and >= 0", clipNorm);
        if (evalSize <= 0) throw bad("evalSize", "must be > 0", evalSize);
    }

    public static SftConfig defaults() {
        return new SftConfig(2000, 64, 3e-3, 50, LrSchedule.COSINE, 0.1, 1.0, 200, 1);
    }

    public SftConfig withSteps(int s) {
        return new SftConfig(s, batchSize, learningRate, warmupSteps, schedule, minLrRatio, clipNorm, evalSize, seed);
    }

    private static IllegalArgumentException bad(String name, String rule, Object got) {
        return new IllegalArgumentException("sft parameter '" + name + "' " + rule + ", got " + got);
    }
}
