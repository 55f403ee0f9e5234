package io.rlwb.app.inspect.curves;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.viewmodel.TelemetryInbox;
import io.rlwb.app.viewmodel.inspect.CurvesViewModel;
import io.rlwb.engine.plot.Series;
import io.rlwb.engine.telemetry.TelemetryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Speed of the live curves (issue 4): three charts, each drawing a series of 100,000 points (raw per-pixel
 * min/max and smoothed), while a producer thread publishes new points as a run would, through the same
 * {@link TelemetryInbox} the window uses, drained once a frame. Measures frames per second (frame pulses in which
 * every chart repainted), the UI thread's longest stall (largest gap between frame pulses) and the longest paint.
 * Headless (Monocle, software rendering). A benchmark, not a test: only the {@code bench} profile runs it
 * ({@code ./mvnw -B -pl app test -Pbench}); docs/benchmarks.md has the measured numbers. The rate and stall are
 * checked only when {@code -Dworkbench.bench.minFps=N} (and optionally {@code -Dworkbench.bench.maxStallMs=M},
 * default 50) are given.
 */
@ExtendWith(ApplicationExtension.class)
class CurvesBenchmark {
    static {
        FxTestSupport.init();
    }

    private static final int POINTS = Integer.getInteger("workbench.bench.points", 100_000);
    private static final double SECONDS = Double.parseDouble(System.getProperty("workbench.bench.seconds", "5"));
    private static final String MIN_FPS = System.getProperty("workbench.bench.minFps");
    private static final double MAX_STALL_MS = Double.parseDouble(System.getProperty("workbench.bench.maxStallMs", "50"));
    private static final long WARMUP_MS = Long.getLong("workbench.bench.warmupMs", 1500);
    private static final List<String> KEYS = List.of("charts/episodic_return", "losses/value_loss", "losses/entropy");

    private CurvesViewModel vm;
    private CurvesView view;

    @Start
    void start(Stage stage) {
        vm = new CurvesViewModel(Runnable::run, Platform::runLater);
        view = new CurvesView(vm);
        stage.setScene(new Scene(view, 1500, 980));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.cleanupStages();
    }

    /** CPU time so far of the JavaFX application thread and the renderer thread, in nanoseconds. */
    private static long[] uiAndRenderCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] out = new long[2];
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long ns = mx.getThreadCpuTime(t.getId());
            if (ns < 0) continue;
            if (t.getName().equals("JavaFX Application Thread")) out[0] += ns;
            else if (t.getName().startsWith("QuantumRenderer")) out[1] += ns;
        }
        return out;
    }

    @Test
    void threeLiveChartsOfOneHundredThousandPointsKeepTheFrameRateWhileDataArrives() throws Exception {
        Map<String, Series> live = new LinkedHashMap<>();
        java.util.Random rnd = new java.util.Random(1);
        for (String k : KEYS) {
            Series s = new Series();
            for (int i = 0; i < POINTS; i++) s.add(i * 8, Math.log1p(i) * 20 + rnd.nextGaussian() * 10);
            live.put(k, s);
        }
        TelemetryInbox inbox = new TelemetryInbox();
        WaitForAsyncUtils.asyncFx(() -> {
            vm.setLive("benchmark run", null, live);
            vm.charts().setAll(KEYS.stream().map(CurvesViewModel.ChartSpec::of).toList());
        }).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        List<CurveChart> charts = WaitForAsyncUtils.asyncFx(() -> view.charts()).get();
        assertThat(charts).hasSize(3);

        // The run: publishes 20 points per key every 10 ms (6,000 points/s), as batches on the telemetry thread.
        AtomicBoolean stop = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            long step = POINTS * 8L;
            java.util.Random r = new java.util.Random(2);
            while (!stop.get()) {
                List<TelemetryEvent> batch = new ArrayList<>();
                for (int j = 0; j < 20; j++) {
                    step += 8;
                    for (String k : KEYS) batch.add(new TelemetryEvent.Metric(step, 0, k, 230 + r.nextGaussian() * 10));
                }
                inbox.offer(batch);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-producer");

        long[] stats = new long[4]; // pulses, max gap ns, last pulse ns, points drained
        List<Long> gaps = new ArrayList<>();
        AnimationTimer drain = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (stats[2] != 0) {
                    stats[1] = Math.max(stats[1], now - stats[2]);
                    if (gaps.size() < 100_000) gaps.add(now - stats[2]);
                }
                stats[2] = now;
                stats[0]++;
                int moved = inbox.drainInto(key -> live.get(key)::add);
                stats[3] += moved;
                if (moved > 0) vm.refresh();
            }
        };
        WaitForAsyncUtils.asyncFx(drain::start).get();
        producer.start();
        // Warm-up (the JIT compiles the drawing code, the first frames lay out): not measured.
        Thread.sleep(WARMUP_MS);
        long[] before = WaitForAsyncUtils.asyncFx(() -> {
            java.util.Arrays.fill(stats, 0);
            gaps.clear();
            charts.forEach(CurveChart::resetPaintStats);
            return charts.stream().mapToLong(CurveChart::paintCount).toArray();
        }).get();
        long t0 = System.nanoTime();
        long[] cpu0 = uiAndRenderCpuNanos();
        Thread.sleep((long) (SECONDS * 1000));
        long[] cpu1 = uiAndRenderCpuNanos();
        stop.set(true);
        producer.join();
        WaitForAsyncUtils.asyncFx(drain::stop).get();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long[] after = WaitForAsyncUtils.asyncFx(() -> charts.stream().mapToLong(CurveChart::paintCount).toArray()).get();
        double maxPaintMs = WaitForAsyncUtils.asyncFx(() -> charts.stream().mapToLong(CurveChart::maxPaintNanos).max()
                .orElse(0) / 1e6).get();
        double meanPaintMs = WaitForAsyncUtils.asyncFx(() -> charts.stream().mapToDouble(c -> c.paintNanos()
                / (double) Math.max(1, c.paintsSinceReset())).average().orElse(0) / 1e6).get();
        long minPaints = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) minPaints = Math.min(minPaints, after[i] - before[i]);
        double fps = minPaints / elapsed;
        double pulses = stats[0] / elapsed;
        double stallMs = stats[1] / 1e6;
        long size = WaitForAsyncUtils.asyncFx(() -> live.get(KEYS.get(0)).points()).get(); // points, not entries held
        List<Long> sorted = WaitForAsyncUtils.asyncFx(() -> gaps.stream().sorted().toList()).get();
        double p99 = sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(sorted.size() * 0.99))) / 1e6;
        long over50 = sorted.stream().filter(g -> g > 50_000_000L).count();
        double fxCpu = (cpu1[0] - cpu0[0]) / 1e6 / Math.max(1, stats[0]);
        double renderCpu = (cpu1[1] - cpu0[1]) / 1e6 / Math.max(1, stats[0]);
        System.out.printf(Locale.ROOT, "curves benchmark (headless, software): 3 charts x %,d points (%,d at the end), "
                + "%,d points drained in %.1f s: %.1f frames/s with every chart repainted (%.1f pulses/s), "
                + "longest UI stall %.1f ms (99th percentile frame gap %.1f ms, %d of %d gaps over 50 ms), paint mean %.2f ms "
                + "max %.2f ms per chart; CPU per frame: FX thread %.1f ms, render thread %.1f ms%n",
                POINTS, size, stats[3], elapsed, fps, pulses, stallMs, p99, over50, sorted.size(), meanPaintMs,
                maxPaintMs, fxCpu, renderCpu);

        assertThat(size).isGreaterThan(POINTS);
        assertThat(minPaints).isPositive();
        if (MIN_FPS != null) {
            assertThat(fps).as("frames/s with 3 live charts").isGreaterThanOrEqualTo(Double.parseDouble(MIN_FPS));
            assertThat(stallMs).as("longest UI stall in ms").isLessThan(MAX_STALL_MS);
        }
    }
}
