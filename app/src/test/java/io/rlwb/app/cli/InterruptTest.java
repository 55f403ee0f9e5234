package io.rlwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a headless run: the run records {@code cancelled} and the process exits with 130 (docs/contracts.md). */
class InterruptTest {
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void sigintCancelsTheRunRecordsItAndExits130(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.rlwb.app.Main", "run", Repo.sample("ppo-cartpole.json").toString(), "--out", out.toString(),
                "--budget", "env_steps=100000000", "--plugins", tmp.resolve("no-plugins").toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("console.txt").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        try {
            // Wait until training is under way: metrics.csv has rows beyond its header.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Path metrics = out.resolve("metrics.csv");
            while (System.nanoTime() < deadline
                    && !(Files.exists(metrics) && Files.readAllLines(metrics).size() > 5)) {
                assertThat(p.isAlive()).as("run ended early: %s", console(tmp)).isTrue();
                Thread.sleep(100);
            }
            assertThat(Files.readAllLines(metrics).size()).isGreaterThan(5);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("process ends after SIGINT").isTrue();
            assertThat(p.exitValue()).as(console(tmp)).isEqualTo(130);
            var run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
            assertThat(run.get("status").asText()).isEqualTo("cancelled");
            assertThat(run.get("ended").asText()).isNotEmpty();
            assertThat(console(tmp)).contains("cancelled");
        } finally {
            p.destroyForcibly();
        }
    }

    private static String console(Path tmp) throws Exception {
        Path c = tmp.resolve("console.txt");
        return Files.exists(c) ? String.join("\n", Files.readAllLines(c)) : "";
    }
}
