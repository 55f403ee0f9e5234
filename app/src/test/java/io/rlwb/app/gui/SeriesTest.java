package io.rlwb.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.viewmodel.RunViewModel;
import io.rlwb.app.viewmodel.TelemetryInbox;
import io.rlwb.engine.plot.Series;
import io.rlwb.engine.telemetry.TelemetryEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SeriesTest {
    @Test
    void decimationKeepsMinAndMaxPerBucketSoSpikesStayVisible() {
        Series s = new Series();
        int n = 100_000;
        for (int i = 0; i < n; i++) s.add(i, Math.sin(i / 1000.0));
        s.add(n, 0);
        // A one-point spike in the middle of a bucket.
        Series spiky = new Series();
        for (int i = 0; i <= n; i++) spiky.add(i, i == 54_321 ? 1000 : 0);

        Series.Decimated d = spiky.decimate(0, n, 200);
        assertThat(d.size()).isLessThanOrEqualTo(200);
        int total = 0;
        double highest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < d.size(); i++) {
            total += d.count()[i];
            highest = Math.max(highest, d.max()[i]);
            assertThat(d.min()[i]).isLessThanOrEqualTo(d.mean()[i]);
            assertThat(d.mean()[i]).isLessThanOrEqualTo(d.max()[i]);
        }
        assertThat(total).isEqualTo(n + 1);
        assertThat(highest).isEqualTo(1000);

        Series.Decimated w = s.decimate(0, n, 400);
        assertThat(w.size()).isEqualTo(400);
        assertThat(w.max()[0]).isLessThanOrEqualTo(1.0);
    }

    @Test
    void sparseSeriesKeepTheirOwnPoints() {
        Series s = new Series();
        s.add(1_000, 5);
        s.add(5_000, 7);
        s.add(9_000, 6);
        Series.Decimated d = s.decimate(0, 10_000, 300);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.x()[0]).isEqualTo(1_000);
        assertThat(d.x()[1]).isEqualTo(5_000);
        assertThat(d.mean()[2]).isEqualTo(6);
    }

    @Test
    void decimationOfARangeLeavesTheRestOut() {
        Series s = new Series();
        for (int i = 0; i < 1000; i++) s.add(i, i);
        Series.Decimated d = s.decimate(100, 199, 10);
        int total = 0;
        for (int i = 0; i < d.size(); i++) total += d.count()[i];
        assertThat(total).isEqualTo(100);
        assertThat(d.min()[0]).isEqualTo(100);
        assertThat(d.max()[d.size() - 1]).isEqualTo(199);
    }

    @Test
    void seriesTracksExtentsAndIgnoresNonFiniteValues() {
        Series s = new Series();
        assertThat(s.minY()).isNaN();
        s.add(0, 3);
        s.add(1, Double.NaN);
        s.add(2, -1);
        s.add(1, 8); // x going back is raised to the last x
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.minY()).isEqualTo(-1);
        assertThat(s.maxY()).isEqualTo(8);
        assertThat(s.x(2)).isEqualTo(2);
        s.clear();
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.maxY()).isNaN();
    }

    @Test
    void inboxBuffersBatchesFromAnotherThreadUntilDrained() throws Exception {
        TelemetryInbox inbox = new TelemetryInbox(RunViewModel.EPISODIC_RETURN, RunViewModel.EVAL_RETURN);
        int producers = 4;
        int perProducer = 5_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < producers; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i += 100) {
                    List<TelemetryEvent> batch = new ArrayList<>();
                    for (int k = i; k < i + 100; k++) {
                        batch.add(new TelemetryEvent.Metric(k, 0, RunViewModel.EPISODIC_RETURN, k));
                        batch.add(new TelemetryEvent.Metric(k, 0, "losses/value_loss", 1));
                    }
                    batch.add(new TelemetryEvent.Metric(i, 0, RunViewModel.EVAL_RETURN, 1));
                    inbox.offer(batch);
                }
            });
            threads.add(th);
            th.start();
        }
        go.countDown();
        Map<String, Series> series = new HashMap<>();
        series.put(RunViewModel.EPISODIC_RETURN, new Series());
        series.put(RunViewModel.EVAL_RETURN, new Series());
        int drained = 0;
        boolean alive = true;
        while (alive) {
            alive = threads.stream().anyMatch(Thread::isAlive);
            drained += inbox.drainInto(Map.of(RunViewModel.EPISODIC_RETURN, series.get(RunViewModel.EPISODIC_RETURN)::add,
                    RunViewModel.EVAL_RETURN, series.get(RunViewModel.EVAL_RETURN)::add));
        }
        for (Thread t : threads) t.join();
        drained += inbox.drainInto(Map.of(RunViewModel.EPISODIC_RETURN, series.get(RunViewModel.EPISODIC_RETURN)::add,
                RunViewModel.EVAL_RETURN, series.get(RunViewModel.EVAL_RETURN)::add));
        assertThat(series.get(RunViewModel.EPISODIC_RETURN).size()).isEqualTo(producers * perProducer);
        assertThat(series.get(RunViewModel.EVAL_RETURN).size()).isEqualTo(producers * perProducer / 100);
        assertThat(drained).isEqualTo(producers * perProducer + producers * perProducer / 100);
        assertThat(inbox.pending()).isZero();
        assertThat(inbox.received()).isEqualTo(drained);
    }
}
