package io.rlwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.testkit.ChildProcess;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a headless run: the run records {@code cancelled} and the process exits with 130 (docs/contracts.md).
 * The test waits on what the child does (its metrics rows, its exit), bounded only by {@link ChildProcess}'s hang
 * guard, so a slow machine passes and a hang fails.
 */
class InterruptTest {
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void sigintCancelsTheRunRecordsItAndExits130(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        try (ChildProcess p = ChildProcess.java("run", tmp.resolve("console.txt"), List.of(), "io.rlwb.app.Main",
                List.of("run", Repo.sample("ppo-cartpole.json").toString(), "--out", out.toString(), "--budget",
                        "env_steps=100000000", "--plugins", tmp.resolve("no-plugins").toString()))) {
            // Training is under way once metrics.csv has rows beyond its header.
            Path metrics = out.resolve("metrics.csv");
            p.awaitCondition("metrics.csv has training rows",
                    () -> ChildProcess.check(() -> Files.exists(metrics) && Files.readAllLines(metrics).size() > 5));
            assertThat(ignoresSigint(p.pid())).as("the child ignores SIGINT (inherited from a build started as a "
                    + "background job, on a system without GNU env --default-signal): Ctrl-C cannot reach it").isFalse();
            p.signal("INT");
            assertThat(p.awaitExit()).as(p.console()).isEqualTo(130);
            var run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
            assertThat(run.get("status").asText()).isEqualTo("cancelled");
            assertThat(run.get("ended").asText()).isNotEmpty();
            assertThat(p.console()).contains("interrupted: stopping the run").contains("cancelled after");
        }
    }

    /** Whether process {@code pid} ignores SIGINT, from Linux's {@code /proc/PID/status}; false where unknown. */
    private static boolean ignoresSigint(long pid) throws Exception {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(status)) return false;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
        }
        return false;
    }
}
