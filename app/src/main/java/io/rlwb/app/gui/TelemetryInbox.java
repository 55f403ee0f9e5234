package io.rlwb.app.gui;

import io.rlwb.engine.telemetry.TelemetryEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where telemetry batches land, on the telemetry subscription's thread, until the UI thread drains them at
 * frame rate. Thread-safe: {@link #offer} and {@link #drainInto} may run on different threads. It keeps the
 * scalar metrics of the keys it was made for, and nothing else.
 */
public final class TelemetryInbox {
    private final String[] keys;
    private final double[][] xs;
    private final double[][] ys;
    private final int[] sizes;
    private long received;

    /** An inbox for the metrics with these keys. */
    public TelemetryInbox(String... keys) {
        this.keys = keys.clone();
        this.xs = new double[keys.length][64];
        this.ys = new double[keys.length][64];
        this.sizes = new int[keys.length];
    }

    /** Takes a batch from the telemetry bus; returns quickly (one short lock per batch). */
    public void offer(List<TelemetryEvent> batch) {
        synchronized (this) {
            for (TelemetryEvent e : batch) {
                if (e instanceof TelemetryEvent.Metric m) add(m.key(), m.step(), m.value());
            }
        }
    }

    /** Adds one point of metric {@code key}; points of other keys are ignored. */
    public synchronized void add(String key, double x, double y) {
        for (int k = 0; k < keys.length; k++) {
            if (keys[k].equals(key)) {
                if (sizes[k] == xs[k].length) {
                    xs[k] = Arrays.copyOf(xs[k], sizes[k] * 2);
                    ys[k] = Arrays.copyOf(ys[k], sizes[k] * 2);
                }
                xs[k][sizes[k]] = x;
                ys[k][sizes[k]] = y;
                sizes[k]++;
                received++;
                return;
            }
        }
    }

    /**
     * Moves every pending point into the series given for its key (on the thread that owns those series).
     *
     * @return the number of points moved
     */
    public int drainInto(Map<String, PointSink> targets) {
        double[][] cx;
        double[][] cy;
        int[] cn;
        synchronized (this) {
            int total = 0;
            for (int s : sizes) total += s;
            if (total == 0) return 0;
            cx = new double[keys.length][];
            cy = new double[keys.length][];
            cn = sizes.clone();
            for (int k = 0; k < keys.length; k++) {
                cx[k] = Arrays.copyOf(xs[k], sizes[k]);
                cy[k] = Arrays.copyOf(ys[k], sizes[k]);
                sizes[k] = 0;
            }
        }
        int moved = 0;
        for (int k = 0; k < keys.length; k++) {
            PointSink sink = targets.get(keys[k]);
            for (int i = 0; i < cn[k]; i++) {
                if (sink != null) sink.add(cx[k][i], cy[k][i]);
                moved++;
            }
        }
        return moved;
    }

    /** Points not yet drained. */
    public synchronized int pending() {
        int total = 0;
        for (int s : sizes) total += s;
        return total;
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
