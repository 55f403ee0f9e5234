package io.rlwb.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claiming a directory for a new run, replacing one, and reclaiming one to continue it (ADR 0014). */
class RunDirectoryClaimTest {
    private static void earlierRun(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("telemetry"));
        Files.writeString(dir.resolve("run.json"), "{\"status\": \"running\"}");
        Files.writeString(dir.resolve("metrics.csv"), "step,wall_s,key,value\n1,0.1,a,2\n");
        Files.writeString(dir.resolve("telemetry/pareto.jsonl"), "{}\n");
        Files.writeString(dir.resolve("notes.txt"), "mine");
    }

    @Test
    void replacingRemovesExactlyTheRunsEntries(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        earlierRun(dir);
        assertThatThrownBy(() -> RunDirectory.claim(dir, false)).hasMessageContaining("(status interrupted)");
        try (RunLock ignored = RunDirectory.claim(dir, true)) {
            assertThat(RunDirectory.holdsRun(dir)).isFalse();
            assertThat(dir.resolve("notes.txt")).hasContent("mine");
        }
    }

    @Test
    void reclaimingKeepsTheRunAndIsRefusedWhileALiveRunHoldsIt(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        assertThatThrownBy(() -> RunDirectory.reclaim(dir)).hasMessageContaining("no run to continue");
        earlierRun(dir);
        try (RunLock held = RunDirectory.reclaim(dir)) {
            assertThat(dir.resolve("metrics.csv")).content().contains("1,0.1,a,2");
            assertThatThrownBy(() -> RunDirectory.reclaim(dir)).hasMessageContaining("in use by a live run");
            assertThatThrownBy(() -> RunDirectory.claim(dir, true)).hasMessageContaining("in use by a live run");
        }
    }
}
