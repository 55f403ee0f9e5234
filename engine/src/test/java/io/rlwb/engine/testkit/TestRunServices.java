package io.rlwb.engine.testkit;

import io.rlwb.engine.spi.RunServices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Run services for driving components directly in tests: records metrics, never cancels. */
public final class TestRunServices implements RunServices {
    public final Map<String, List<Double>> metrics = new LinkedHashMap<>();
    public final List<Object> snapshots = new ArrayList<>();
    private final long seed;
    private final long budget;
    private long steps;
    private long iteration;
    public String stopReason;

    public TestRunServices(long seed, long budget) {
        this.seed = seed;
        this.budget = budget;
    }

    @Override public long seed() { return seed; }

    @Override public long envSteps() { return steps; }

    @Override public void addEnvSteps(long n) { steps += n; }

    @Override public long budget(String key, long fallback) { return "env_steps".equals(key) ? budget : fallback; }

    @Override public double progress() { return Math.min(1.0, steps / (double) budget); }

    @Override public long iteration() { return iteration; }

    public void nextIteration() { iteration++; }

    @Override public void metric(String key, double value) { metrics.computeIfAbsent(key, k -> new ArrayList<>()).add(value); }

    @Override public void telemetry(String kind, Object snapshot) { snapshots.add(snapshot); }

    @Override public boolean cancelled() { return false; }

    @Override public void requestStop(String reason) { stopReason = reason; }

    /** Last value logged for a key, or NaN. */
    public double last(String key) {
        List<Double> l = metrics.get(key);
        return l == null || l.isEmpty() ? Double.NaN : l.get(l.size() - 1);
    }
}
