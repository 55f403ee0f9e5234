package io.rlwb.engine.spi;

/** What a running node may use: counters, the budget, metrics, telemetry and cancellation. */
public interface RunServices {
    /** The run's seed; node instances derive their own streams from it ({@link BuildContext#rngSeed()}). */
    long seed();

    /** Environment steps taken by training collectors so far (evaluation steps excluded). */
    long envSteps();

    /** Adds training environment steps; collectors call this. */
    void addEnvSteps(long steps);

    /** The budget for a key such as {@code env_steps}, or {@code fallback} when the graph sets none. */
    long budget(String key, long fallback);

    /** Fraction of the env_steps budget spent, in [0, 1]; learning-rate schedules use it. */
    double progress();

    /** Trainer iterations completed so far. */
    long iteration();

    /** Records a scalar metric at the current env step. Never blocks. */
    void metric(String key, double value);

    /** Publishes a telemetry snapshot (distribution, credit, ...). Never blocks; may drop when consumers lag. */
    void telemetry(String kind, Object snapshot);

    /** True once the user asked to stop; long loops should check it. */
    boolean cancelled();

    /**
     * The run directory (docs/run-directory.md), where a node may write artefacts of its own such as trained
     * weights; null when the run has none (tests, benchmarks).
     */
    default java.nio.file.Path runDirectory() {
        return null;
    }

    /** Asks the run to end after the current iteration, as completed (an early-stop target was met). */
    void requestStop(String reason);
}
