package io.rlwb.plugins.spark;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * What a running trial has reported so far, carried from the executor to the driver by Spark itself: an
 * accumulator's value travels with every executor heartbeat ({@code spark.executor.heartbeatInterval}) while its task
 * runs, and the driver's {@link TelemetryRelay} hears it as {@code onExecutorMetricsUpdate}. So the live table moves
 * on any cluster with no shared filesystem and no connection other than Spark's own.
 *
 * <p>The value is bounded, whatever the trial's length: its progress and the latest value (with step) of each metric
 * key. Metrics are thinned to one per key per heartbeat, as {@link io.rlwb.engine.sweep.TrialListener} allows.
 * One accumulator per trial, registered on the driver; Spark gives each task attempt a fresh zero copy.
 */
public final class TrialTelemetry extends AccumulatorV2<TrialTelemetry.Update, TrialTelemetry.Snapshot> {
    private static final long serialVersionUID = 1L;
    /**
     * Null while Java deserialisation of a task's copy is under way: Spark's {@code AccumulatorV2.readObject}
     * registers the copy with its task before this subclass's fields are read, and the executor's heartbeat thread
     * may call {@link #isZero} or {@link #value} on it in between. Read through {@link #state()}; an uncaught
     * exception there would end that executor's heartbeats, and with them all live telemetry.
     */
    private Snapshot state = new Snapshot(-1, new LinkedHashMap<>());

    /** What a trial adds: progress (key null) or one metric. */
    public record Update(String key, long step, double value) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Progress (-1 before the first report) and the latest {@code step, value} of each metric key. */
    public record Snapshot(double progress, Map<String, double[]> latest) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public synchronized boolean isZero() {
        Snapshot s = state();
        return s.progress() < 0 && s.latest().isEmpty();
    }

    /** The state, or an empty one while the fields are not yet deserialised. */
    private Snapshot state() {
        if (state == null) state = new Snapshot(-1, new LinkedHashMap<>());
        return state;
    }

    @Override
    public synchronized TrialTelemetry copy() {
        TrialTelemetry c = new TrialTelemetry();
        c.state = value();
        return c;
    }

    @Override
    public synchronized void reset() {
        state = new Snapshot(-1, new LinkedHashMap<>());
    }

    @Override
    public synchronized void add(Update u) {
        Snapshot s = state();
        if (u.key() == null) {
            state = new Snapshot(Math.max(s.progress(), u.value()), s.latest());
        } else {
            s.latest().put(u.key(), new double[] {u.step(), u.value()});
        }
    }

    @Override
    public synchronized void merge(AccumulatorV2<Update, Snapshot> other) {
        Snapshot o = other.value();
        Snapshot s = state();
        s.latest().putAll(o.latest());
        state = new Snapshot(Math.max(s.progress(), o.progress()), s.latest());
    }

    /** A copy, safe to read and serialise while the trial goes on adding. */
    @Override
    public synchronized Snapshot value() {
        Snapshot s = state();
        Map<String, double[]> m = new LinkedHashMap<>();
        s.latest().forEach((k, v) -> m.put(k, v.clone()));
        return new Snapshot(s.progress(), m);
    }

    /** The heartbeat thread serialises this accumulator while the task thread adds to it. */
    private synchronized void writeObject(ObjectOutputStream out) throws IOException {
        state();
        out.defaultWriteObject();
    }
}
