package io.rlwb.plugins.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.sweep.Cancellation;
import io.rlwb.engine.sweep.ExecutorSettings;
import io.rlwb.engine.sweep.Sweep;
import io.rlwb.engine.sweep.SweepRunner;
import io.rlwb.engine.sweep.TrialListener;
import io.rlwb.engine.sweep.TrialResult;
import io.rlwb.engine.sweep.TrialRunner;
import io.rlwb.engine.sweep.TrialRunners;
import io.rlwb.engine.sweep.TrialSpec;
import io.rlwb.engine.sweep.TrialStatus;
import io.rlwb.engine.testkit.HangGuard;
import io.rlwb.engine.testkit.SweepTestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --executor spark --master local[2]}: the sample sweep through {@link SweepRunner}, results equal to the
 * in-process executor's, telemetry while trials run, retries and a failed trial that does not sink the others,
 * cancellation, and one context across runs. One runner (one Spark context) for the class, as C-MORL's rounds use it.
 */
class SparkLocalTest {
    static NodeRegistry registry;
    static TrialRunner runner;

    @BeforeAll
    static void open() {
        registry = NodeRegistry.load(null);
        runner = TrialRunners.open("spark", new ExecutorSettings(2, "local[2]", registry, null, Map.of()), null);
    }

    @AfterAll
    static void close() {
        SparkContext sc = ((SparkTrialRunner) runner).sparkContext();
        runner.close();
        assertThat(sc.isStopped()).as("the last runner stops the context").isTrue();
    }

    @Test
    void theSampleSweepGivesTheInProcessResults(@TempDir Path tmp) throws Exception {
        assertThat(runner.name()).isEqualTo("spark");
        assertThat(runner.parallelism()).isEqualTo(2);
        assertThat(((SparkTrialRunner) runner).master()).isEqualTo("local[2,2]");
        Sweep sweep = SampleSweep.read(registry);
        List<TrialResult> local = SampleSweep.inProcess(registry, tmp.resolve("local"));

        Map<String, Integer> finished = new ConcurrentHashMap<>();
        try (SweepRunner.Prepared p = SweepRunner.prepare(sweep, new SweepRunner.Options(tmp.resolve("spark"), false,
                Map.of("env_steps", SampleSweep.TEST_ENV_STEPS)))) {
            SweepRunner.Outcome o = SweepRunner.run(p, runner, new TrialListener() {
                @Override public void finished(TrialResult r) {
                    finished.merge(r.id(), 1, Integer::sum);
                }
            }, new Cancellation());
            assertThat(o.results()).hasSize(4).allMatch(TrialResult::completed);
            assertThat(finished).containsOnlyKeys("t0000", "t0001", "t0002", "t0003").allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
            for (int i = 0; i < 4; i++) {
                TrialResult s = o.results().get(i);
                TrialResult l = local.get(i);
                assertThat(s.id()).isEqualTo(l.id());
                assertThat(SampleSweep.learned(s.summary())).as(s.id()).containsKey("losses/value_loss")
                        .isEqualTo(SampleSweep.learned(l.summary()));
                assertThat(s.envSteps()).isEqualTo(l.envSteps());
                // local[N]: Spark's executor threads of this JVM ran the trials.
                assertThat(s.ranOn()).startsWith(ProcessHandle.current().pid() + "@").contains("Executor task launch worker");
                assertThat(tmp.resolve("spark/trials").resolve(s.id()).resolve("run.json")).exists();
            }
            assertThat(Files.readString(tmp.resolve("spark/sweep.csv"))).contains("t0003,completed");
        }
    }

    @Test
    void metricsStreamBackWhileTheTrialRuns(@TempDir Path tmp) {
        CountDownLatch heard = new CountDownLatch(1);
        List<String> events = new CopyOnWriteArrayList<>();
        TrialListener listener = new TrialListener() {
            @Override public void started(String id, String runDir) {
                events.add("started " + id + " " + runDir);
            }

            @Override public void metric(String id, long step, String key, double value) {
                if (key.equals("test/value")) {
                    events.add("metric " + id + " " + value);
                    heard.countDown();
                }
            }

            @Override public void progress(String id, double fraction) {
                if (fraction > 0) heard.countDown();
            }

            @Override public void finished(TrialResult r) {
                events.add("finished " + r.id() + " " + r.status().label());
            }
        };
        CountDownLatch gate = SweepTestNodes.gate("stream");
        Thread opener = new Thread(() -> {
            try {
                // The trial waits at its gate until a heartbeat has brought its first metric to the driver (or,
                // when none comes, the hang guard's minutes: then the assertion below fails instead of the test
                // hanging).
                heard.await(HangGuard.SECONDS, TimeUnit.SECONDS);
                gate.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        opener.start();
        TrialSpec spec = new TrialSpec("s1", SweepTestNodes.graph("spark-tiny", 1), Map.of("t.gate", "stream", "t.value", "2"), 7,
                Map.of(), tmp.resolve("s1").toString());
        List<TrialResult> r = runner.run(List.of(spec), listener, new Cancellation());
        assertThat(heard.getCount()).as("telemetry arrived before the trial ended").isZero();
        assertThat(r.get(0).status()).isEqualTo(TrialStatus.COMPLETED);
        assertThat(r.get(0).summary()).containsEntry("test/value", 2007.0);
        assertThat(events.get(0)).isEqualTo("started s1 " + tmp.resolve("s1"));
        assertThat(events).contains("metric s1 2007.0").last().isEqualTo("finished s1 completed");
    }

    @Test
    void aFailingTrialIsRetriedThenRecordedWithoutSinkingTheOthers(@TempDir Path tmp) {
        int before = SweepTestNodes.FAILED_ATTEMPTS.get();
        List<TrialSpec> specs = List.of(
                new TrialSpec("ok1", SweepTestNodes.graph("spark-tiny", 1), Map.of("t.value", "1"), 1, Map.of(), tmp.resolve("ok1").toString()),
                new TrialSpec("bad", SweepTestNodes.graph("spark-tiny", 1), Map.of("t.fail", "true"), 1, Map.of(), tmp.resolve("bad").toString()),
                new TrialSpec("ok2", SweepTestNodes.graph("spark-tiny", 1), Map.of("t.value", "3"), 2, Map.of(), tmp.resolve("ok2").toString()));
        List<TrialResult> r = runner.run(specs, TrialListener.NONE, new Cancellation());
        assertThat(r).extracting(TrialResult::id).containsExactly("ok1", "bad", "ok2");
        assertThat(r.get(0).summary()).containsEntry("test/value", 1001.0);
        assertThat(r.get(2).summary()).containsEntry("test/value", 3002.0);
        assertThat(r.get(1).status()).isEqualTo(TrialStatus.FAILED);
        assertThat(r.get(1).failure()).contains("failed on all 2 attempts").contains("told to fail (seed 1)");
        // spark.task.maxFailures = 2 (local[2,2]): Spark ran the failing trial twice.
        assertThat(SweepTestNodes.FAILED_ATTEMPTS.get() - before).isEqualTo(2);
    }

    @Test
    void cancellingStopsRunningAndWaitingTrialsAndKeepsFinishedOnes(@TempDir Path tmp) {
        Cancellation cancel = new Cancellation();
        CountDownLatch firstDone = new CountDownLatch(1);
        CountDownLatch gatedStarted = new CountDownLatch(1);
        TrialListener listener = new TrialListener() {
            @Override public void metric(String id, long step, String key, double value) {
                if (id.equals("held")) gatedStarted.countDown();
            }

            @Override public void finished(TrialResult r) {
                if (r.id().equals("quick")) firstDone.countDown();
            }
        };
        Thread canceller = new Thread(() -> {
            try {
                // Cancel once "quick" has finished and "held" runs (its first metric came back); after the hang
                // guard regardless, so that a broken relay fails the telemetry test rather than hanging this one.
                firstDone.await(HangGuard.SECONDS, TimeUnit.SECONDS);
                gatedStarted.await(HangGuard.SECONDS, TimeUnit.SECONDS);
                cancel.cancel();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();
        List<TrialSpec> specs = List.of(
                new TrialSpec("quick", SweepTestNodes.graph("spark-tiny", 1), Map.of(), 1, Map.of(), tmp.resolve("quick").toString()),
                new TrialSpec("held", SweepTestNodes.graph("spark-tiny", 1), Map.of("t.gate", "never-opened"), 1, Map.of(), tmp.resolve("held").toString()),
                new TrialSpec("held2", SweepTestNodes.graph("spark-tiny", 1), Map.of("t.gate", "never-opened"), 1, Map.of(), tmp.resolve("held2").toString()),
                new TrialSpec("queued", SweepTestNodes.graph("spark-tiny", 1), Map.of(), 1, Map.of(), tmp.resolve("queued").toString()));
        List<TrialResult> r = runner.run(specs, listener, cancel);
        assertThat(r.get(0).status()).isEqualTo(TrialStatus.COMPLETED);
        assertThat(r.get(1).status()).isEqualTo(TrialStatus.CANCELLED);
        assertThat(r.get(2).status()).isEqualTo(TrialStatus.CANCELLED);
        // 2 slots: held and held2 hold them, so queued never started before the cancel.
        assertThat(r.get(3).status()).isEqualTo(TrialStatus.CANCELLED);
        assertThat(r.get(3).ranOn()).isNull();
    }

    @Test
    void runnersShareTheProcessContextAndRefuseAnotherMaster() {
        SparkContext before = ((SparkTrialRunner) runner).sparkContext();
        try (TrialRunner second = TrialRunners.open("spark", new ExecutorSettings(2, "local[2]", registry, null, Map.of()), null)) {
            assertThat(((SparkTrialRunner) second).sparkContext()).isSameAs(before);
            assertThat(second.parallelism()).isEqualTo(2);
        }
        assertThat(before.isStopped()).as("still open for the first runner").isFalse();
        assertThatThrownBy(() -> TrialRunners.open("spark", new ExecutorSettings(0, "local[1]", registry, null, Map.of()), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--master local[1,2]")
                .hasMessageContaining("one context per process");
        assertThatThrownBy(() -> TrialRunners.open("spark", new ExecutorSettings(0, "mesos://x:5050", registry, null, Map.of()), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--master mesos://x:5050: not a Spark master URL");
    }
}
