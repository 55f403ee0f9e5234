package io.rlwb.app.viewmodel;

import io.rlwb.engine.plot.Series;
import io.rlwb.engine.telemetry.TelemetryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Memory of the application's live metric buffers for a long run (docs/benchmarks.md, issue 15): a run that logs
 * {@code points} points for each of {@code keys} metric keys, through the same {@link TelemetryInbox} and
 * {@link Series} the window uses, drained every 1,000 steps as a frame would. Prints the heap in use after a full
 * collection before and after, for the bounded series and, for comparison, for plain growing arrays of the same
 * points. Not a test: run it with the command in docs/benchmarks.md.
 */
public final class LongRunMemoryBenchmark {
    private LongRunMemoryBenchmark() {}

    public static void main(String[] args) {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long base = usedAfterGc();
        Map<String, Series> series = feed(points, keys);
        long bounded = usedAfterGc() - base;
        int entries = series.values().stream().mapToInt(Series::size).sum();
        series = null;
        usedAfterGc();
        long base2 = usedAfterGc();
        List<double[]> unbounded = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            unbounded.add(new double[points]);
            unbounded.add(new double[points]);
        }
        long raw = usedAfterGc() - base2;
        System.out.printf(Locale.ROOT, "%,d points x %d keys: bounded series hold %,d entries in %.1f MiB; "
                + "the raw points as two double arrays per key take %.1f MiB%n", points, keys, entries,
                bounded / 1048576.0, raw / 1048576.0);
        if (unbounded.size() < 0) System.out.println(unbounded); // keeps the arrays reachable until measured
    }

    private static Map<String, Series> feed(int points, int keys) {
        TelemetryInbox inbox = new TelemetryInbox();
        Map<String, Series> series = new LinkedHashMap<>();
        List<TelemetryEvent> batch = new ArrayList<>();
        for (int step = 0; step < points; step++) {
            for (int k = 0; k < keys; k++) batch.add(new TelemetryEvent.Metric(step, 0, "key/" + k, Math.sin(step)));
            if (batch.size() >= 1000) {
                inbox.offer(batch);
                batch.clear();
            }
            if (step % 1000 == 0) inbox.drainInto(key -> series.computeIfAbsent(key, x -> new Series())::add);
        }
        inbox.offer(batch);
        inbox.drainInto(key -> series.computeIfAbsent(key, x -> new Series())::add);
        return series;
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
