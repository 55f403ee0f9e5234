package io.rlwb.app.viewmodel.sweeps;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.store.RunLock;
import io.rlwb.engine.testkit.SweepTestNodes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep dialog's model without a screen: both executors run tasks on the calling thread. */
class SweepViewModelTest {
    private static SweepViewModel model() throws Exception {
        return new SweepViewModel(new GraphFile().parse(SweepTestNodes.graph("tiny", 0), "tiny.json"),
                SweepTestNodes.registry(), Runnable::run, Runnable::run);
    }

    @Test
    void twoTrialsRunAndTheDirectoryIsReleased(@TempDir Path tmp) throws Exception {
        SweepViewModel m = model();
        m.vary("t.value", "1, 2");
        Path dir = tmp.resolve("sweep");
        assertThat(m.start(dir, "3", 0, 1)).isTrue();
        assertThat(m.runningProperty().get()).isFalse();
        assertThat(m.rows()).extracting(r -> r.status()).containsExactly("completed", "completed");
        assertThat(m.points("t.value", "test/value")).extracting(p -> p[1]).containsExactly(1003.0, 2003.0);
        assertThat(RunLock.isLive(dir)).isFalse();
    }

    @Test
    void anExecutorThatCannotBeMadeEndsTheSweepAndReleasesItsDirectory(@TempDir Path tmp) throws Exception {
        SweepViewModel m = model();
        m.vary("t.value", "1, 2");
        Path dir = tmp.resolve("sweep");
        assertThat(m.start(dir, "3", 0, -1)).isTrue();
        assertThat(m.runningProperty().get()).isFalse();
        assertThat(m.messageProperty().get()).startsWith("The sweep stopped").contains("pool size");
        assertThat(RunLock.isLive(dir)).as("the sweep directory's lock is released").isFalse();
    }
}
