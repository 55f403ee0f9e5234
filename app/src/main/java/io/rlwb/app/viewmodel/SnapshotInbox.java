package io.rlwb.app.viewmodel;

import io.rlwb.engine.telemetry.TelemetryEvent;
import io.rlwb.engine.telemetry.TelemetryFiles.Stamped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where structured telemetry snapshots (value distributions, Pareto fronts, KV cache, credit) land on the
 * telemetry subscription's thread until the UI thread drains them, once a frame. Thread-safe; keeps at most
 * {@value #PENDING} undrained snapshots per kind (the oldest go first), so a stalled UI never grows it.
 */
public final class SnapshotInbox {
    /** Undrained snapshots kept per kind. */
    public static final int PENDING = 256;
    private final Map<String, Deque<Stamped<Object>>> pending = new LinkedHashMap<>();
    private long received;

    /** Takes the snapshots of a batch from the telemetry bus (one short lock per batch). */
    public void offer(List<TelemetryEvent> batch) {
        synchronized (this) {
            for (TelemetryEvent e : batch) {
                if (e instanceof TelemetryEvent.Snapshot s) {
                    Deque<Stamped<Object>> q = pending.computeIfAbsent(s.kind(), k -> new ArrayDeque<>());
                    if (q.size() == PENDING) q.removeFirst();
                    q.addLast(new Stamped<>(s.step(), s.wallS(), s.payload()));
                    received++;
                }
            }
        }
    }

    /** Everything pending by kind, in arrival order; empty when nothing came. */
    public synchronized Map<String, List<Stamped<Object>>> drain() {
        if (pending.isEmpty()) return Map.of();
        Map<String, List<Stamped<Object>>> out = new LinkedHashMap<>();
        pending.forEach((k, q) -> out.put(k, new ArrayList<>(q)));
        pending.clear();
        return out;
    }

    /** Snapshots received since creation. */
    public synchronized long received() {
        return received;
    }
}
