package io.rlwb.plugins.llm.sft;

/**
 * Learning-rate multiplier over training: linear warm-up from 0 over {@code warmupSteps}, then constant, linear
 * decay or cosine decay down to {@code minRatio} of the peak at the last step.
 */
public enum LrSchedule {
    CONSTANT, LINEAR, COSINE;

    /**
     * The multiplier in [0, 1] for step {@code step} (0-based) of {@code steps}.
     *
     * @param minRatio the multiplier the decay ends at (ignored by {@code CONSTANT})
     */
    public double multiplier(int step, int steps, int warmupSteps, double minRatio) {
        if (step < warmupSteps) {
            return (step + 1.0) / warmupSteps;
        }
        if (this == CONSTANT) return 1.0;
        int decaySteps = Math.max(1, steps - warmupSteps - 1);
        double progress = Math.min(1.0, (step - warmupSteps) / (double) decaySteps);
        double shape = this == LINEAR ? 1 - progress : 0.5 * (1 + Math.cos(Math.PI * progress));
        return minRatio + (1 - minRatio) * shape;
    }
}
