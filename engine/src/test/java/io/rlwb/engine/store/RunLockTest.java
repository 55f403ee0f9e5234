package io.rlwb.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run lock tells a live run from a dead one (ADR 0014). Other processes: see the app's process tests. */
class RunLockTest {
    @Test
    void aHeldLockIsLiveNamesItsHolderAndCannotBeTakenTwice(@TempDir Path dir) throws Exception {
        assertThat(RunLock.isLive(dir)).as("no lock file: nobody").isFalse();
        try (RunLock lock = RunLock.acquire(dir)) {
            assertThat(RunLock.isLive(dir)).isTrue();
            assertThat(RunLock.readHolder(lock.file())).get()
                    .satisfies(h -> assertThat(h.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> RunLock.acquire(dir)).isInstanceOf(RunLock.HeldException.class)
                    .hasMessageContaining("in use by a live run");
            assertThat(RunLock.isLive(dir)).as("a refused second attempt leaves the lock held").isTrue();
        }
        assertThat(RunLock.isLive(dir)).isFalse();
        assertThat(dir.resolve(RunLock.FILE)).isRegularFile();
        try (RunLock again = RunLock.acquire(dir)) {
            assertThat(RunLock.isLive(dir)).as("a released lock can be taken again (as --resume will)").isTrue();
        }
    }

    @Test
    void aRunningRecordWithoutALiveHolderReadsInterrupted(@TempDir Path dir) throws Exception {
        RunRecord running = new RunRecord("r", "g", "running", null, 1, "t", null, null, null, null, null, null,
                null, 0, 0, 0);
        Files.writeString(dir.resolve(RunLock.FILE), "{\"pid\": 1, \"host\": \"elsewhere\"}");
        assertThat(running.asSeenByReaders(dir).status()).isEqualTo("interrupted");
        try (RunLock ignored = RunLock.acquire(dir)) {
            assertThat(running.asSeenByReaders(dir).status()).isEqualTo("running");
        }
        RunRecord done = running.withStatus("completed", null);
        assertThat(done.asSeenByReaders(dir)).isSameAs(done);
    }
}
