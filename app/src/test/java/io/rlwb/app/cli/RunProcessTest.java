package io.rlwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.app.viewmodel.runs.RunsTable;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.report.MetricsCsv;
import io.rlwb.engine.store.Checkpoints;
import io.rlwb.engine.testkit.ChildProcess;
import io.rlwb.engine.testkit.Repo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

/**
 * Headless runs in child processes, stopped by signals (DESIGN.md exit codes; ADR 0014): SIGTERM is a clean
 * cancellation with exit 143; after SIGKILL every file parses and readers show the run as {@code interrupted};
 * a second process cannot write into a run directory that a live process holds, nor over an earlier run. The tests
 * wait on what the children do (metrics rows, a checkpoint file, their exit), bounded only by {@link ChildProcess}'s
 * hang guard, so a slow machine passes and a hang fails.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class RunProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private ChildProcess start(Path out, String console, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(Repo.sample("ppo-cartpole.json").toString(), "--out",
                out.toString()));
        args.addAll(List.of(extra));
        return startRun(console, args.toArray(String[]::new));
    }

    /** {@code workbench run ARGS --plugins <empty>} in a child process, its console also into {@code console}. */
    private ChildProcess startRun(String console, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("run", "--plugins", tmp.resolve("no-plugins").toString()));
        cmd.addAll(List.of(args));
        return ChildProcess.java(console, tmp.resolve(console), List.of("-Xmx1g"), "io.rlwb.app.Main", cmd);
    }

    /** Waits until training is under way: metrics.csv has rows beyond its header. */
    private static void awaitTraining(ChildProcess p, Path out) throws Exception {
        Path metrics = out.resolve("metrics.csv");
        p.awaitCondition("metrics.csv has training rows",
                () -> ChildProcess.check(() -> Files.exists(metrics) && Files.readAllLines(metrics).size() > 5));
    }

    @Test
    void aSecondProcessCannotWriteIntoALiveRunAndSigtermCancelsCleanlyWithExit143() throws Exception {
        Path out = tmp.resolve("run");
        String firstConsole;
        try (ChildProcess first = start(out, "first.txt", "--budget", "env_steps=100000000")) {
            awaitTraining(first, out);

            try (ChildProcess second = start(out, "second.txt", "--budget", "env_steps=1000", "--force")) {
                assertThat(second.awaitExit()).as(second.console()).isEqualTo(2);
                assertThat(second.console()).contains("in use by a live run").contains("process " + first.pid());
            }
            assertThat(first.isAlive()).isTrue();

            first.signal("TERM");
            assertThat(first.awaitExit()).as(first.console()).isEqualTo(143);
            firstConsole = first.console();
        }
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertThat(run.get("status").asText()).isEqualTo("cancelled");
        assertThat(run.get("ended").asText()).isNotEmpty();
        assertThat(out.resolve("summary.json")).isRegularFile();
        assertThat(firstConsole).contains("terminated (SIGTERM)").contains("cancelled after");
        // One run's rows only: the refused process wrote nothing.
        assertThat(Files.readAllLines(out.resolve("metrics.csv")).stream().filter(l -> l.startsWith("step,")))
                .hasSize(1);
    }

    @Test
    void afterSigkillEveryFileParsesReadersShowInterruptedAndANewRunNeedsForce() throws Exception {
        Path out = tmp.resolve("run");
        try (ChildProcess p = start(out, "killed.txt", "--budget", "env_steps=100000000")) {
            awaitTraining(p, out);
            p.signal("KILL");
            assertThat(p.awaitExit()).isEqualTo(137);
        }
        // Every file parses.
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertThat(run.get("status").asText()).as("what the killed process last wrote").isEqualTo("running");
        new GraphFile().read(out.resolve("graph.json"));
        assertThat(MetricsCsv.read(out.resolve("metrics.csv"))).isNotEmpty();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) JSON.readTree(f.toFile());
        }

        // The run browser and the report show it as interrupted.
        Table t = RunsTable.scan(tmp, new ArrayList<>());
        assertThat(t.stringColumn(RunsTable.STATUS).asList()).containsExactly("interrupted");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = WorkbenchCommand.execute(new PrintWriter(o, true), new PrintWriter(e, true), "report",
                out.toString(), "--out", tmp.resolve("report.html").toString());
        assertThat(code).as(e.toString()).isZero();
        assertThat(Files.readString(tmp.resolve("report.html"))).contains("interrupted");

        // A new run there is refused, saying how to proceed; with --force it replaces the killed one.
        try (ChildProcess again = start(out, "again.txt", "--budget", "env_steps=1024", "--quiet")) {
            assertThat(again.awaitExit()).as(again.console()).isEqualTo(2);
            assertThat(again.console()).contains("holds an earlier run (status interrupted)")
                    .contains("new --out directory").contains("--force").contains("run --resume " + out);
        }
        try (ChildProcess forced = start(out, "forced.txt", "--budget", "env_steps=1024", "--quiet", "--force")) {
            assertThat(forced.awaitExit()).as(forced.console()).isZero();
        }
        assertThat(JSON.readTree(out.resolve("run.json").toFile()).get("status").asText()).isEqualTo("completed");
    }

    /** A small PPO CartPole run with a checkpoint every 2 iterations (512 steps each), as the resume tests run it. */
    private static final String[] SMALL = {"--budget", "env_steps=30720", "--set", "eval.every_steps=10240", "--set",
            "eval.episodes=3", "--checkpoint-every", "2", "--quiet", "--seed", "5"};

    private ChildProcess startSmall(Path out, String console) throws Exception {
        return start(out, console, SMALL);
    }

    /** Waits until the run in {@code out} has written its first checkpoint. */
    private static void awaitCheckpoint(ChildProcess p, Path out) throws Exception {
        p.awaitCondition("the first checkpoint", () -> Files.isRegularFile(out.resolve("checkpoints/latest")));
    }

    private void resumeAndCompare(Path out, String name, Path reference) throws Exception {
        JsonNode before = JSON.readTree(out.resolve("run.json").toFile());
        assertThat(before.get("env_steps").asLong()).isLessThan(30720);
        try (ChildProcess resumed = startRun(name + "-resume.txt", "--resume", out.toString(), "--checkpoint-every",
                "2", "--quiet")) {
            assertThat(resumed.awaitExit()).as(resumed.console()).isZero();
        }
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        JsonNode whole = JSON.readTree(reference.resolve("run.json").toFile());
        assertThat(run.get("status").asText()).isEqualTo("completed");
        assertThat(run.get("env_steps").asLong()).isEqualTo(whole.get("env_steps").asLong()).isEqualTo(30720);
        assertThat(run.get("resumed_from_step")).hasSize(1);
        assertThat(run.get("id").asText()).isEqualTo(before.get("id").asText());
        Map<String, INDArray> a = Checkpoints.read(Checkpoints.latest(reference)).tensors();
        Map<String, INDArray> b = Checkpoints.read(Checkpoints.latest(out)).tensors();
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String k : a.keySet()) assertThat(b.get(k)).as(name + ": " + k).isEqualTo(a.get(k));
        // metrics.csv: one header, and the trainer's rows once per iteration of the whole budget
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        assertThat(rows.stream().filter(l -> l.startsWith("step,"))).hasSize(1);
        assertThat(rows.stream().filter(l -> l.contains(",losses/policy_loss,"))).hasSize(30720 / 512);
        // A completed run is not resumed again.
        try (ChildProcess again = startRun(name + "-again.txt", "--resume", out.toString())) {
            assertThat(again.awaitExit()).as(again.console()).isEqualTo(2);
            assertThat(again.console()).contains("completed run");
        }
    }

    @Test
    void aSigkilledAndASigtermedRunResumedEndLikeTheUninterruptedRunBitForBit() throws Exception {
        Path reference = tmp.resolve("whole");
        Path killed = tmp.resolve("killed");
        Path termed = tmp.resolve("termed");
        try (ChildProcess whole = startSmall(reference, "whole.txt")) {
            try (ChildProcess k = startSmall(killed, "killed.txt")) {
                awaitCheckpoint(k, killed);
                k.signal("KILL");
                assertThat(k.awaitExit()).isEqualTo(137);
            }
            try (ChildProcess t = startSmall(termed, "termed.txt")) {
                awaitCheckpoint(t, termed);
                t.signal("TERM");
                assertThat(t.awaitExit()).as(t.console()).isEqualTo(143);
            }
            assertThat(whole.awaitExit()).as(whole.console()).isZero();
        }
        assertThat(JSON.readTree(killed.resolve("run.json").toFile()).get("status").asText()).isEqualTo("running");
        assertThat(JSON.readTree(termed.resolve("run.json").toFile()).get("status").asText()).isEqualTo("cancelled");
        resumeAndCompare(killed, "killed", reference);
        resumeAndCompare(termed, "termed", reference);
    }
}
