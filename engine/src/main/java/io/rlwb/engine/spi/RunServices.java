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

    /**
     * The graph this run runs, overrides applied (what its graph.json holds); null when the run has none (tests,
     * benchmarks). A population trainer derives the graphs of its members' trials from it (C-MORL).
     */
    default io.rlwb.engine.graph.GraphDocument graph() {
        return null;
    }

    /**
     * Opens a trial runner (docs/decisions/0022) whose trials run with this run's node types: {@code local} (in
     * this process) or another executor by name ({@code spark}, loaded as {@code workbench sweep} loads it). The
     * caller closes it.
     *
     * @param parallel trials at once; 0 sizes it to the machine (local) or cluster
     * @param master the executor's master ({@code local[2]}, {@code spark://host:7077}); null or blank for its default
     * @param threadName name prefix of the local executor's worker threads
     * @throws IllegalArgumentException naming the executors there are when none is called {@code executor}
     * @throws UnsupportedOperationException when this run cannot start trials (no node registry: tests)
     */
    default io.rlwb.engine.sweep.TrialRunner trialRunner(String executor, int parallel, String master,
                                                           String threadName) {
        throw new UnsupportedOperationException("this run cannot start trials (it was not started by the engine's Runner)");
    }

    /** Asks the run to end after the current iteration, as completed (an early-stop target was met). */
    void requestStop(String reason);
}
