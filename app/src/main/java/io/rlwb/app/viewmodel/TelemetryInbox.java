package io.rlwb.app.viewmodel;

import io.rlwb.engine.telemetry.TelemetryEvent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Where telemetry batches land, on the telemetry subscription's thread, until the UI thread drains them at
 * frame rate. Thread-safe: {@link #offer} and {@link #drainInto} may run on different threads. It keeps the
 * scalar metrics of the keys it was made for (every key when made without any), and nothing else.
 *
 * <p>Bounded: a key holds at most {@link #MAX_PENDING} undrained points. When the UI falls behind that far (a
 * stalled frame, a minimised window), each group of four pending points is reduced to two, the lowest and the
 * highest in step order, so spikes survive and memory does not grow with the run ({@link #thinned()} counts
 * the points merged away).
 */
public final class TelemetryInbox {
    /** Keys accepted; null: every key. */
    private final Set<String> accepted;
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    /** Undrained points one key may hold before they are thinned. */
    public static final int MAX_PENDING = 1 << 16;
    private long received;
    private long thinned;
    private int pending;

    private static final class Buffer {
        double[] xs = new double[64];
        double[] ys = new double[64];
        int size;
    }

    /** An inbox for the metrics with these keys; with no keys, for every metric. */
    public TelemetryInbox(String... keys) {
        this.accepted = keys.length == 0 ? null : Set.of(keys);
    }

    /** Takes a batch from the telemetry bus; returns quickly (one short lock per batch). */
    public void offer(List<TelemetryEvent> batch) {
        synchronized (this) {
            for (TelemetryEvent e : batch) {
                if (e instanceof TelemetryEvent.Metric m) add(m.key(), m.step(), m.value());
            }
        }
    }

    /** Adds one point of metric {@code key}; points of keys not accepted are ignored. */
    public synchronized void add(String key, double x, double y) {
        if (accepted != null && !accepted.contains(key)) return;
        Buffer b = buffers.computeIfAbsent(key, k -> new Buffer());
        if (b.size >= MAX_PENDING) {
            int before = b.size;
            thin(b);
            thinned += before - b.size;
            pending -= before - b.size;
        }
        if (b.size == b.xs.length) {
            b.xs = Arrays.copyOf(b.xs, b.size * 2);
            b.ys = Arrays.copyOf(b.ys, b.size * 2);
        }
        b.xs[b.size] = x;
        b.ys[b.size] = y;
        b.size++;
        received++;
        pending++;
    }

    /**
     * Moves every pending point into the series given for its key (on the thread that owns those series);
     * points of keys without a sink are dropped.
     *
     * @return the number of points taken out of the inbox
     */
    public int drainInto(Map<String, PointSink> targets) {
        return drainInto(targets::get);
    }

    /**
     * Moves every pending point into the sink {@code sinkOf} gives for its key (null: dropped).
     *
     * @return the number of points taken out of the inbox
     */
    public int drainInto(Function<String, PointSink> sinkOf) {
        Map<String, double[][]> copy = new LinkedHashMap<>();
        synchronized (this) {
            if (pending == 0) return 0;
            for (Map.Entry<String, Buffer> e : buffers.entrySet()) {
                Buffer b = e.getValue();
                if (b.size == 0) continue;
                copy.put(e.getKey(), new double[][] {Arrays.copyOf(b.xs, b.size), Arrays.copyOf(b.ys, b.size)});
                b.size = 0;
            }
            pending = 0;
        }
        int moved = 0;
        for (Map.Entry<String, double[][]> e : copy.entrySet()) {
            PointSink sink = sinkOf.apply(e.getKey());
            double[] xs = e.getValue()[0];
            double[] ys = e.getValue()[1];
            for (int i = 0; i < xs.length; i++) {
                if (sink != null) sink.add(xs[i], ys[i]);
                moved++;
            }
        }
        return moved;
    }

    /** Keeps, of each four points, the lowest and the highest (in step order). */
    private static void thin(Buffer b) {
        int n = 0;
        for (int i = 0; i < b.size; i += 4) {
            int end = Math.min(b.size, i + 4);
            int lo = i;
            int hi = i;
            for (int j = i + 1; j < end; j++) {
                if (b.ys[j] < b.ys[lo]) lo = j;
                if (b.ys[j] > b.ys[hi]) hi = j;
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            double x1 = b.xs[first], y1 = b.ys[first], x2 = b.xs[second], y2 = b.ys[second];
            b.xs[n] = x1;
            b.ys[n] = y1;
            n++;
            if (second != first) {
                b.xs[n] = x2;
                b.ys[n] = y2;
                n++;
            }
        }
        b.size = n;
    }

    /** Points merged away because the UI did not drain them in time. */
    public synchronized long thinned() {
        return thinned;
    }

    /** Points not yet drained. */
    public synchronized int pending() {
        return pending;
    }

    /** Points received since creation. */
    public synchronized long received() {
        return received;
    }

    /** Receives drained points. */
    @FunctionalInterface
    public interface PointSink {
        void add(double x, double y);
    }
}
