package io.rlwb.engine.telemetry;

/** What the training thread publishes. Immutable, so any consumer thread may read it. */
public sealed interface TelemetryEvent {
    /** Environment step at which the event happened. */
    long step();

    /** Seconds since the run started. */
    double wallS();

    /** A scalar metric (a row of metrics.csv). */
    record Metric(long step, double wallS, String key, double value) implements TelemetryEvent {}

    /**
     * A structured snapshot (value distribution, Pareto front, KV cache, credit), written to
     * {@code telemetry/<kind>.jsonl}. The payload must be serialisable by Jackson.
     */
    record Snapshot(long step, double wallS, String kind, Object payload) implements TelemetryEvent {}
}
