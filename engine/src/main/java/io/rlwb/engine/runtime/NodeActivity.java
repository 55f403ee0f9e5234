package io.rlwb.engine.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Which node of a run is executing, and how much time each node has spent: the run's own profile. Written by
 * the run's worker thread only ({@link #enter}/{@link #exit}, nested as pulls nest: a trainer pulls its
 * collector, which is then the one executing); read by any thread without locks, e.g. by the editor once per
 * frame to highlight the nodes at work.
 *
 * <p>Time is <em>self</em> time: while the trainer waits for its collector's pull, the clock runs for the
 * collector, not the trainer, so the shares add up to the run's time in nodes.
 */
public final class NodeActivity {
    private static final class Clock {
        final AtomicLong selfNanos = new AtomicLong();
        volatile long lastActiveNanos = Long.MIN_VALUE;
        volatile boolean active;
    }

    private final Map<String, Clock> clocks = new ConcurrentHashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private volatile String current;
    private long since;
    private final LongSupplier nanoClock;

    /** Activity timed by {@link System#nanoTime()}. */
    public NodeActivity() {
        this(System::nanoTime);
    }

    /** Activity timed by {@code nanoClock} (tests give a fake clock, so no test judges wall-clock time). */
    NodeActivity(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The node executing right now (the innermost), or null between iterations. */
    public String current() {
        return current;
    }

    /** Starts {@code node}'s clock, pausing the one of the node that called it. Worker thread only. */
    public void enter(String node) {
        long now = nanoClock.getAsLong();
        if (current != null) pause(current, now);
        stack.push(node);
        Clock c = clocks.computeIfAbsent(node, k -> new Clock());
        c.active = true;
        c.lastActiveNanos = now;
        current = node;
        since = now;
    }

    /** Stops the innermost node's clock and resumes its caller's. Worker thread only. */
    public void exit() {
        long now = nanoClock.getAsLong();
        String node = stack.pop();
        Clock c = pause(node, now);
        c.active = stack.contains(node);
        current = stack.peek();
        since = now;
    }

    private Clock pause(String node, long now) {
        Clock c = clocks.get(node);
        c.selfNanos.addAndGet(now - since);
        c.lastActiveNanos = now;
        return c;
    }

    /**
     * Whether {@code node} is executing now (anywhere on the call stack) or was within {@code windowNanos} of
     * {@code nowNanos} ({@link System#nanoTime()} scale). Nodes that run for a millisecond per iteration would
     * never be seen by a 60 Hz poll otherwise.
     */
    public boolean activeWithin(String node, long nowNanos, long windowNanos) {
        Clock c = clocks.get(node);
        if (c == null) return false;
        return c.active || nowNanos - c.lastActiveNanos <= windowNanos;
    }

    /** Self time per node in seconds, by node id. */
    public Map<String, Double> selfSeconds() {
        Map<String, Double> out = new TreeMap<>();
        clocks.forEach((k, v) -> out.put(k, v.selfNanos.get() / 1e9));
        return out;
    }

    /** Each node's share of the total self time, in [0, 1]. */
    public Map<String, Double> shares() {
        Map<String, Double> s = selfSeconds();
        double total = s.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> out = new LinkedHashMap<>();
        s.forEach((k, v) -> out.put(k, total > 0 ? v / total : 0));
        return out;
    }
}
