package io.rlwb.engine.spi;

/**
 * "Every N environment steps" for monitors and publishers: due at N, 2N, 3N... training steps, once per crossing
 * however many steps one iteration takes (an iteration that jumps past several marks makes it due once).
 */
public final class StepSchedule {
    private final long every;
    private long nextAt;

    /** @param every steps between two due points, at least 1 */
    public StepSchedule(long every) {
        if (every < 1) throw new IllegalArgumentException("every must be at least 1 step, got " + every);
        this.every = every;
        this.nextAt = every;
    }

    /** The next mark (for checkpoints). */
    public long nextAt() {
        return nextAt;
    }

    /** Continues from a saved {@link #nextAt()}. */
    public void resumeAt(long mark) {
        if (mark < every) throw new IllegalArgumentException("mark " + mark + " lies before the first one, " + every);
        nextAt = mark;
    }

    /** True when {@code envSteps} reached the next mark; the mark then moves past {@code envSteps}. */
    public boolean due(long envSteps) {
        if (envSteps < nextAt) return false;
        while (nextAt <= envSteps) nextAt += every;
        return true;
    }
}
