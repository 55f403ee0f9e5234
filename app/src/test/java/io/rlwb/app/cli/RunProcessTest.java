package io.rlwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.app.viewmodel.runs.RunsTable;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.report.MetricsCsv;
import io.rlwb.engine.store.Checkpoints;
import io.rlwb.engine.testkit.Repo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * a second process cannot write into a run directory that a live process holds, nor over an earlier run.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class RunProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Process start(Path out, String console, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(Repo.sample("ppo-cartpole.json").toString(), "--out",
                out.toString()));
        args.addAll(List.of(extra));
        return startRun(console, args.toArray(String[]::new));
    }

    /** {@code workbench run ARGS --plugins <empty>} in a child process, its console into {@code console}. */
    private Process startRun(String console, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-cp",
                System.getProperty("java.class.path"), "io.rlwb.app.Main", "run", "--plugins",
                tmp.resolve("no-plugins").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(console).toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** Waits until training is under way: metrics.csv has rows beyond its header. */
    private void awaitTraining(Process p, Path out, String console) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path metrics = out.resolve("metrics.csv");
        while (System.nanoTime() < deadline && !(Files.exists(metrics) && Files.readAllLines(metrics).size() > 5)) {
            assertThat(p.isAlive()).as("run ended early: %s", console(console)).isTrue();
            Thread.sleep(100);
        }
        assertThat(Files.readAllLines(metrics).size()).isGreaterThan(5);
    }

    private static void signal(Process p, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
    }

    private String console(String name) throws Exception {
        Path c = tmp.resolve(name);
        return Files.exists(c) ? Files.readString(c) : "";
    }

    @Test
    void aSecondProcessCannotWriteIntoALiveRunAndSigtermCancelsCleanlyWithExit143() throws Exception {
        Path out = tmp.resolve("run");
        Process first = start(out, "first.txt", "--budget", "env_steps=100000000");
        try {
            awaitTraining(first, out, "first.txt");

            Process second = start(out, "second.txt", "--budget", "env_steps=1000", "--force");
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(console("second.txt")).isEqualTo(2);
            assertThat(console("second.txt")).contains("in use by a live run").contains("process " + first.pid());
            assertThat(first.isAlive()).isTrue();

            signal(first, "TERM");
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("process ends after SIGTERM").isTrue();
            assertThat(first.exitValue()).as(console("first.txt")).isEqualTo(143);
        } finally {
            first.destroyForcibly();
        }
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertThat(run.get("status").asText()).isEqualTo("cancelled");
        assertThat(run.get("ended").asText()).isNotEmpty();
        assertThat(out.resolve("summary.json")).isRegularFile();
        assertThat(console("first.txt")).contains("terminated (SIGTERM)").contains("cancelled after");
        // One run's rows only: the refused process wrote nothing.
        assertThat(Files.readAllLines(out.resolve("metrics.csv")).stream().filter(l -> l.startsWith("step,")))
                .hasSize(1);
    }

    @Test
    void afterSigkillEveryFileParsesReadersShowInterruptedAndANewRunNeedsForce() throws Exception {
        Path out = tmp.resolve("run");
        Process p = start(out, "killed.txt", "--budget", "env_steps=100000000");
        try {
            awaitTraining(p, out, "killed.txt");
            signal(p, "KILL");
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
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
        Process again = start(out, "again.txt", "--budget", "env_steps=1024", "--quiet");
        assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isEqualTo(2);
        assertThat(console("again.txt")).contains("holds an earlier run (status interrupted)")
                .contains("new --out directory").contains("--force").contains("run --resume " + out);

        Process forced = start(out, "forced.txt", "--budget", "env_steps=1024", "--quiet", "--force");
        assertThat(forced.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(forced.exitValue()).as(console("forced.txt")).isZero();
        assertThat(JSON.readTree(out.resolve("run.json").toFile()).get("status").asText()).isEqualTo("completed");
    }

    /** A small PPO CartPole run with a checkpoint every 2 iterations (512 steps each), as the resume tests run it. */
    private static final String[] SMALL = {"--budget", "env_steps=30720", "--set", "eval.every_steps=10240", "--set",
            "eval.episodes=3", "--checkpoint-every", "2", "--quiet", "--seed", "5"};

    private Process startSmall(Path out, String console) throws Exception {
        return start(out, console, SMALL);
    }

    /** Waits until the run in {@code out} has written its first checkpoint. */
    private void awaitCheckpoint(Process p, Path out, String console) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && !Files.exists(out.resolve("checkpoints/latest"))) {
            assertThat(p.isAlive()).as("run ended early: %s", console(console)).isTrue();
            Thread.sleep(20);
        }
        assertThat(out.resolve("checkpoints/latest")).isRegularFile();
    }

    private void resumeAndCompare(Path out, String name, Path reference) throws Exception {
        JsonNode before = JSON.readTree(out.resolve("run.json").toFile());
        assertThat(before.get("env_steps").asLong()).isLessThan(30720);
        Process resumed = startRun(name + "-resume.txt", "--resume", out.toString(), "--checkpoint-every", "2",
                "--quiet");
        assertThat(resumed.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(resumed.exitValue()).as(console(name + "-resume.txt")).isZero();
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
        Process again = startRun(name + "-again.txt", "--resume", out.toString());
        assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isEqualTo(2);
        assertThat(console(name + "-again.txt")).contains("completed run");
    }

    @Test
    void aSigkilledAndASigtermedRunResumedEndLikeTheUninterruptedRunBitForBit() throws Exception {
        Path reference = tmp.resolve("whole");
        Process whole = startSmall(reference, "whole.txt");
        Path killed = tmp.resolve("killed");
        Process k = startSmall(killed, "killed.txt");
        try {
            awaitCheckpoint(k, killed, "killed.txt");
            signal(k, "KILL");
            assertThat(k.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            k.destroyForcibly();
        }
        Path termed = tmp.resolve("termed");
        Process t = startSmall(termed, "termed.txt");
        try {
            awaitCheckpoint(t, termed, "termed.txt");
            signal(t, "TERM");
            assertThat(t.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(t.exitValue()).as(console("termed.txt")).isEqualTo(143);
        } finally {
            t.destroyForcibly();
        }
        assertThat(whole.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(whole.exitValue()).as(console("whole.txt")).isZero();
        assertThat(JSON.readTree(killed.resolve("run.json").toFile()).get("status").asText()).isEqualTo("running");
        assertThat(JSON.readTree(termed.resolve("run.json").toFile()).get("status").asText()).isEqualTo("cancelled");
        resumeAndCompare(killed, "killed", reference);
        resumeAndCompare(termed, "termed", reference);
    }
}
