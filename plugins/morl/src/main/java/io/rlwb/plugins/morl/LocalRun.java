package io.rlwb.plugins.morl;

import io.rlwb.engine.rl.RolloutCollector;
import io.rlwb.engine.spi.RunServices;
import java.util.List;

/**
 * The run services one population member sees on a worker thread. The real {@link RunServices} belong to the
 * run's thread, so a member counts its own steps and keeps its own training returns here (into {@code returns}
 * unless null); the trainer adds the steps to the run on its thread afterwards.
 */
final class LocalRun implements RunServices {
    private final RunServices run;
    private final List<String> objectives;
    private final double progress;
    private long steps;
    private final ReturnTracker returns;

    LocalRun(RunServices run, List<String> objectives, double progress, ReturnTracker returns) {
        this.run = run;
        this.objectives = objectives;
        this.progress = progress;
        this.returns = returns;
    }

    long steps() {
        return steps;
    }

    @Override public long seed() { return run.seed(); }

    @Override public long envSteps() { return steps; }

    @Override public void addEnvSteps(long s) { steps += s; }

    @Override public long budget(String key, long fallback) { return run.budget(key, fallback); }

    @Override public double progress() { return progress; }

    @Override public long iteration() { return 0; }

    /** Keeps the per-objective episodic returns the collector reports; other metrics stay local. */
    @Override public void metric(String key, double value) {
        String prefix = RolloutCollector.EPISODIC_RETURN.key() + "/";
        if (returns != null && key.startsWith(prefix)) {
            returns.add(objectives.indexOf(key.substring(prefix.length())), value);
        }
    }

    @Override public void telemetry(String kind, Object snapshot) { }

    @Override public boolean cancelled() { return run.cancelled(); }

    @Override public void requestStop(String reason) { }
}
