package io.rlwb.app.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.plot.Series;
import io.rlwb.engine.telemetry.TelemetryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run that logs a million points per key: what the application holds stays bounded (issue 15; the memory is
 * measured by {@link LongRunMemoryBenchmark}, docs/benchmarks.md).
 */
class LongRunMemoryTest {
    private static final String[] KEYS = {"charts/episodic_return", "losses/value_loss", "losses/entropy"};

    @Test
    void aMillionPointsPerKeyThroughTheInboxKeepEachSeriesWithinItsCapacity() {
        TelemetryInbox inbox = new TelemetryInbox();
        Map<String, Series> series = new LinkedHashMap<>();
        for (String k : KEYS) series.put(k, new Series());
        List<TelemetryEvent> batch = new ArrayList<>();
        for (int step = 0; step < 1_000_000; step++) {
            for (String k : KEYS) batch.add(new TelemetryEvent.Metric(step, 0, k, step == 500_000 ? 1e9 : step % 7));
            if (batch.size() >= 300) {
                inbox.offer(batch);
                batch.clear();
            }
            if (step % 20_000 == 0) inbox.drainInto(key -> series.get(key)::add);
        }
        inbox.offer(batch);
        inbox.drainInto(key -> series.get(key)::add);

        for (String k : KEYS) {
            Series s = series.get(k);
            assertThat(s.size()).as(k).isLessThanOrEqualTo(Series.DEFAULT_CAPACITY);
            assertThat(s.points()).as(k).isEqualTo(1_000_000);
            assertThat(s.maxY()).isEqualTo(1e9);
        }
        assertThat(inbox.thinned()).as("drained in time: nothing thinned").isZero();
    }

    @Test
    void anInboxNobodyDrainsStaysBoundedAndKeepsItsExtremes() {
        TelemetryInbox inbox = new TelemetryInbox();
        for (int step = 0; step < 1_000_000; step++) inbox.add("k", step, step == 654_321 ? -5 : step % 3);

        assertThat(inbox.pending()).isLessThanOrEqualTo(TelemetryInbox.MAX_PENDING);
        assertThat(inbox.thinned() + inbox.pending()).isEqualTo(1_000_000);
        double[] lowest = {Double.POSITIVE_INFINITY};
        double[] lastX = {-1};
        inbox.drainInto(key -> (x, y) -> {
            assertThat(x).isGreaterThanOrEqualTo(lastX[0]);
            lastX[0] = x;
            lowest[0] = Math.min(lowest[0], y);
        });
        assertThat(lowest[0]).isEqualTo(-5);
    }
}
