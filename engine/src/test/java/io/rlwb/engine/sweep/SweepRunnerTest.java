package io.rlwb.engine.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.registry.NodeRegistry;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process executor and the sweep runner: every trial an ordinary run directory, the table and sweep.csv
 * kept up to date, a failing trial recorded without sinking the sweep, cancellation keeping finished trials, and
 * {@code --resume} skipping them.
 */
class SweepRunnerTest {
    private static final NodeRegistry REGISTRY = SweepTestNodes.registry();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Sweep sweep(Path dir, String body) throws Exception {
        SweepTestNodes.writeGraph(dir);
        Path f = dir.resolve("s.json");
        Files.writeString(f, "{\"format\": \"workbench-sweep\", \"version\": 1, \"graph\": \"tiny.json\", " + body + "}");
        SweepFile.Checked c = new SweepFile(REGISTRY).read(f);
        assertThat(c.diagnostics()).isEmpty();
        return c.sweep();
    }

    /** Records what the listener hears, by trial. */
    static class Heard implements TrialListener {
        final List<String> started = new CopyOnWriteArrayList<>();
        final List<TrialResult> finished = new CopyOnWriteArrayList<>();
        final Map<String, Double> lastMetric = new ConcurrentHashMap<>();
        final Map<String, String> threads = new ConcurrentHashMap<>();

        @Override public void started(String id, String runDir) {
            started.add(id);
            threads.put(id, Thread.currentThread().getName());
        }

        @Override public void metric(String id, long step, String key, double value) {
            if (key.equals(SweepTestNodes.VALUE.key())) lastMetric.put(id, value);
        }

        @Override public void finished(TrialResult r) {
            finished.add(r);
        }
    }

    @Test
    void everyTrialIsAnOrdinaryRunDirectoryAndTheTableHoldsItsValuesAndMetrics(@TempDir Path tmp) throws Exception {
        Sweep s = sweep(tmp, "\"grid\": {\"t.value\": [1, 2]}, \"seeds\": [1, 2]");
        Path out = tmp.resolve("out");
        Heard heard = new Heard();
        SweepRunner.Outcome o;
        try (TrialRunner runner = TrialRunners.open("local", ExecutorSettings.local(2, REGISTRY), null)) {
            assertThat(runner.parallelism()).isEqualTo(2);
            o = SweepRunner.run(SweepRunner.prepare(s, new SweepRunner.Options(out, false, Map.of())), runner, heard,
                    new Cancellation());
        }
        assertThat(o.exitCode()).isZero();
        assertThat(o.results()).extracting(TrialResult::id).containsExactly("t0000", "t0001", "t0002", "t0003");
        // value * 1000 + seed, in plan order: value 1 seeds 1, 2, then value 2 seeds 1, 2.
        assertThat(o.results()).extracting(r -> r.summary().get("test/value")).containsExactly(1001.0, 1002.0, 2001.0, 2002.0);
        assertThat(heard.lastMetric).containsEntry("t0003", 2002.0);
        assertThat(heard.finished).hasSize(4);
        assertThat(heard.threads.values()).allMatch(t -> t.startsWith("trial-"));
        for (TrialResult r : o.results()) {
            Path run = SweepDirectory.trialDir(out, r.id());
            assertThat(JSON.readTree(run.resolve("run.json").toFile()).path("status").asText()).isEqualTo("completed");
            assertThat(run.resolve("metrics.csv")).exists();
            assertThat(r.ranOn()).contains("/trial-");
        }
        assertThat(JSON.readTree(SweepDirectory.trialDir(out, "t0002").resolve("graph.json").toFile())
                .path("nodes").get(0).path("params").path("value").asDouble()).isEqualTo(2.0);
        List<String> csv = Files.readAllLines(out.resolve(SweepDirectory.TABLE_FILE));
        assertThat(csv.get(0)).startsWith("trial,status,seed,t.value,progress,env_steps,wall_s,").contains("test/value");
        assertThat(csv).hasSize(5);
        assertThat(csv.get(3)).startsWith("t0002,completed,1,2.0,1.0,30,");
        assertThat(out.resolve(SweepDirectory.SWEEP_FILE)).exists();
        assertThat(Files.readString(out.resolve(SweepDirectory.GRAPH_FILE))).isEqualTo(s.graphText());
        // What report and the app read back.
        SweepTable back = SweepTable.read(out);
        assertThat(back.rows()).extracting(SweepTable.Row::status).containsOnly("completed");
        assertThat(back.rows().get(3).metric("test/value")).isEqualTo(2002.0);
    }

    @Test
    void aFailingTrialIsRecordedFailedWithItsCauseAndTheOthersComplete(@TempDir Path tmp) throws Exception {
        Sweep s = sweep(tmp, "\"grid\": {\"t.value\": [1, 2], \"t.fail\": [false, true]}");
        Path out = tmp.resolve("out");
        SweepRunner.Outcome o;
        try (TrialRunner runner = new LocalTrialRunner(1, REGISTRY)) {
            o = SweepRunner.run(SweepRunner.prepare(s, new SweepRunner.Options(out, false, Map.of())), runner,
                    TrialListener.NONE, new Cancellation());
        }
        assertThat(o.results()).extracting(TrialResult::status)
                .containsExactly(TrialStatus.COMPLETED, TrialStatus.FAILED, TrialStatus.COMPLETED, TrialStatus.FAILED);
        assertThat(o.results().get(1).failure()).startsWith("t:").contains("told to fail");
        assertThat(o.exitCode()).isEqualTo(1);
        List<String> csv = Files.readAllLines(out.resolve(SweepDirectory.TABLE_FILE));
        assertThat(csv.get(2)).startsWith("t0001,failed,").contains("told to fail");
        assertThat(JSON.readTree(SweepDirectory.trialDir(out, "t0001").resolve("run.json").toFile()).path("status").asText())
                .isEqualTo("failed");
    }

    @Test
    void aTrialWhoseOverridesDoNotValidateFailsAloneNamingTheParameter(@TempDir Path tmp) throws Exception {
        Sweep s = sweep(tmp, "\"seeds\": [1, 2]");
        TrialSpec good = s.spec(s.trials().get(0), tmp.resolve("out"), Map.of());
        TrialSpec bad = new TrialSpec("bad", good.graphJson(), Map.of("t.value", "-5"), 3, Map.of(),
                tmp.resolve("out/trials/bad").toString());
        TrialSpec broken = new TrialSpec("broken", "{not json", Map.of(), 3, Map.of(), tmp.resolve("out/trials/broken").toString());
        try (TrialRunner runner = new LocalTrialRunner(2, REGISTRY)) {
            List<TrialResult> rs = runner.run(List.of(good, bad, broken), TrialListener.NONE, new Cancellation());
            assertThat(rs).extracting(TrialResult::status).containsExactly(TrialStatus.COMPLETED, TrialStatus.FAILED,
                    TrialStatus.FAILED);
            assertThat(rs.get(1).failure()).startsWith("t.value:").contains("out of range");
            assertThat(rs.get(2).failure()).contains("broken/graph.json").contains("unreadable JSON");
        }
    }

    @Test
    void cancellingStopsTheRunningTrialSkipsTheRestAndKeepsTheFinishedOnesWhichResumeSkips(@TempDir Path tmp)
            throws Exception {
        String gate = "cancel-" + tmp.getFileName();
        Sweep s = sweep(tmp, "\"grid\": {\"t.gate\": [\"\", \"" + gate + "\"]}, \"seeds\": [1, 2, 3]");
        Path out = tmp.resolve("out");
        Cancellation cancel = new Cancellation();
        Heard heard = new Heard() {
            @Override public void started(String id, String runDir) {
                super.started(id, runDir);
                if (id.equals("t0003")) cancel.cancel(); // the first gated trial: it waits until cancelled
            }
        };
        SweepRunner.Outcome o;
        try (TrialRunner runner = new LocalTrialRunner(1, REGISTRY)) {
            o = SweepRunner.run(SweepRunner.prepare(s, new SweepRunner.Options(out, false, Map.of())), runner, heard, cancel);
        }
        assertThat(o.cancelled()).isTrue();
        assertThat(o.exitCode()).isEqualTo(130);
        assertThat(o.results()).extracting(TrialResult::status).containsExactly(TrialStatus.COMPLETED,
                TrialStatus.COMPLETED, TrialStatus.COMPLETED, TrialStatus.CANCELLED, TrialStatus.CANCELLED,
                TrialStatus.CANCELLED);
        assertThat(heard.started).containsExactly("t0000", "t0001", "t0002", "t0003");
        assertThat(SweepDirectory.trialDir(out, "t0004")).doesNotExist();
        assertThat(JSON.readTree(SweepDirectory.trialDir(out, "t0003").resolve("run.json").toFile()).path("status").asText())
                .isEqualTo("cancelled");
        assertThat(Files.readAllLines(out.resolve(SweepDirectory.TABLE_FILE))).extracting(l -> l.split(",")[1])
                .containsExactly("status", "completed", "completed", "completed", "cancelled", "cancelled", "cancelled");
        String firstRun = Files.readString(SweepDirectory.trialDir(out, "t0000").resolve("run.json"));

        // Resume: the finished trials are skipped (not run again: their run.json is as it was), the rest run.
        SweepTestNodes.open(gate);
        Heard again = new Heard();
        try (TrialRunner runner = new LocalTrialRunner(2, REGISTRY)) {
            o = SweepRunner.run(SweepRunner.prepare(s, new SweepRunner.Options(out, true, Map.of())), runner, again,
                    new Cancellation());
        }
        assertThat(o.exitCode()).isZero();
        assertThat(o.skipped()).isEqualTo(3);
        assertThat(again.started).containsExactlyInAnyOrder("t0003", "t0004", "t0005");
        assertThat(o.results()).extracting(r -> r.summary().get("test/value"))
                .containsExactly(1001.0, 1002.0, 1003.0, 1001.0, 1002.0, 1003.0);
        assertThat(Files.readString(SweepDirectory.trialDir(out, "t0000").resolve("run.json"))).isEqualTo(firstRun);
        assertThat(Files.readAllLines(out.resolve(SweepDirectory.TABLE_FILE)).subList(1, 7)).allMatch(l -> l.contains(",completed,"));
    }

    @Test
    void aDirectoryIsRefusedWhenItHoldsSomethingElseAndResumeOnlyContinuesTheSameSweep(@TempDir Path tmp) throws Exception {
        Sweep s = sweep(tmp, "\"seeds\": [1, 2]");
        Path out = tmp.resolve("out");
        try (TrialRunner runner = new LocalTrialRunner(1, REGISTRY)) {
            SweepRunner.run(SweepRunner.prepare(s, new SweepRunner.Options(out, false, Map.of())), runner,
                    TrialListener.NONE, new Cancellation());
        }
        assertThatThrownBy(() -> SweepRunner.prepare(s, new SweepRunner.Options(out, false, Map.of())))
                .isInstanceOf(SweepRunner.SweepDirectoryException.class).hasMessageContaining("not empty")
                .hasMessageContaining("--resume");
        Sweep other = sweep(tmp, "\"seeds\": [1, 2, 3]");
        assertThatThrownBy(() -> SweepRunner.prepare(other, new SweepRunner.Options(out, true, Map.of())))
                .hasMessageContaining("holds another sweep");
        assertThatThrownBy(() -> SweepRunner.prepare(s, new SweepRunner.Options(out, true, Map.of("env_steps", 10L))))
                .hasMessageContaining("holds another sweep");
        assertThatThrownBy(() -> SweepRunner.prepare(s, new SweepRunner.Options(tmp.resolve("nothing"), true, Map.of())))
                .hasMessageContaining("--resume needs");
        // Resuming a finished sweep runs nothing.
        try (TrialRunner runner = new LocalTrialRunner(1, REGISTRY)) {
            Heard h = new Heard();
            SweepRunner.Outcome o = SweepRunner.run(SweepRunner.prepare(s, new SweepRunner.Options(out, true, Map.of())),
                    runner, h, new Cancellation());
            assertThat(o.skipped()).isEqualTo(2);
            assertThat(h.started).isEmpty();
            assertThat(o.exitCode()).isZero();
        }
    }

    @Test
    void trialsRunSideBySideUpToTheParallelismAndNoFurther(@TempDir Path tmp) throws Exception {
        String gate = "parallel-" + tmp.getFileName();
        Sweep s = sweep(tmp, "\"set\": {\"t.gate\": \"" + gate + "\"}, \"seeds\": [1, 2, 3]");
        Path out = tmp.resolve("out");
        CountDownLatch twoStarted = new CountDownLatch(2);
        Heard heard = new Heard() {
            @Override public void started(String id, String runDir) {
                super.started(id, runDir);
                twoStarted.countDown();
            }
        };
        try (TrialRunner runner = new LocalTrialRunner(2, REGISTRY)) {
            SweepRunner.Prepared p = SweepRunner.prepare(s, new SweepRunner.Options(out, false, Map.of()));
            Thread t = new Thread(() -> SweepRunner.run(p, runner, heard, new Cancellation()));
            t.start();
            assertThat(twoStarted.await(HangGuard.SECONDS, TimeUnit.SECONDS)).isTrue();
            // Both workers are held at the gate: the third trial cannot have started.
            assertThat(heard.started).hasSize(2);
            assertThat(SweepTable.read(out).rows()).extracting(SweepTable.Row::status)
                    .containsExactly("running", "running", "pending");
            SweepTestNodes.open(gate);
            t.join();
        }
        assertThat(heard.finished).extracting(TrialResult::status).containsOnly(TrialStatus.COMPLETED).hasSize(3);
    }

    @Test
    void executorsAreFoundByNameAndAnUnknownOneIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> TrialRunners.open("nope", ExecutorSettings.local(1, REGISTRY), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--executor nope")
                .hasMessageContaining("local");
        try (TrialRunner r = TrialRunners.open("local", ExecutorSettings.local(0, REGISTRY), null)) {
            assertThat(r.parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(r.name()).isEqualTo("local");
        }
    }
}
