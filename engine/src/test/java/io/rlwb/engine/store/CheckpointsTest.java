package io.rlwb.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The checkpoint format: tensors and scalars round-trip exactly; latest moves atomically; two are kept. */
class CheckpointsTest {
    private static Path write(Path run, long step, double x) throws Exception {
        Checkpoints.Builder b = Checkpoints.builder();
        StateWriter w = b.node(new Checkpoints.NodeEntry("trainer", "core/trainer.ppo", 1));
        w.tensor("w", Nd4j.createFromArray(new float[] {1.5f, -0f, Float.NaN}).reshape(3, 1));
        w.longs("counts", new long[] {Long.MAX_VALUE, -1});
        w.value("step", step);
        w.value("x", x);
        w.value("name", (String) null);
        w.under("env0").doubles("state", new double[] {Math.PI});
        b.node(new Checkpoints.NodeEntry("eval", "core/monitor.eval", 1)).value("round", 3);
        return b.write(run, step, step / 512);
    }

    @Test
    void tensorsAndScalarsReadBackBitForBit(@TempDir Path run) throws Exception {
        double odd = Double.longBitsToDouble(0x7ff8_0000_0000_1234L);
        Path dir = write(run, 1024, odd);
        assertThat(dir).isEqualTo(run.resolve("checkpoints/step-1024"));
        assertThat(Checkpoints.latest(run)).isEqualTo(dir);
        Checkpoints.Loaded l = Checkpoints.read(dir);
        assertThat(l.step()).isEqualTo(1024);
        assertThat(l.iteration()).isEqualTo(2);
        assertThat(l.nodes().get("trainer").type()).isEqualTo("core/trainer.ppo");
        StateReader r = l.node("trainer");
        assertThat(r.tensor("w").dataType()).isEqualTo(DataType.FLOAT);
        assertThat(r.tensor("w").shape()).containsExactly(3, 1);
        assertThat(Float.floatToRawIntBits(r.tensor("w").getFloat(1))).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(r.longs("counts")).containsExactly(Long.MAX_VALUE, -1);
        assertThat(Double.doubleToRawLongBits(r.doubleValue("x"))).isEqualTo(0x7ff8_0000_0000_1234L);
        assertThat(r.longValue("step")).isEqualTo(1024);
        assertThat(r.stringValue("name")).isNull();
        assertThat(r.under("env0").doubles("state")).containsExactly(Math.PI);
        assertThat(l.node("eval").longValue("round")).isEqualTo(3);
        assertThatThrownBy(() -> r.longValue("missing")).hasMessageContaining("node 'trainer' has no state 'missing'");
        // numpy-readable: a plain npz with the node-qualified names
        assertThat(dir.resolve("state.npz")).isRegularFile();
        assertThat(Files.readString(dir.resolve("state.npz.json"))).contains("trainer/w").contains("<f4");
    }

    @Test
    void latestMovesWithEachCheckpointAndTheNewestTwoAreKept(@TempDir Path run) throws Exception {
        assertThat(Checkpoints.latest(run)).isNull();
        write(run, 512, 1);
        write(run, 1024, 2);
        write(run, 1536, 3);
        assertThat(Checkpoints.latest(run)).isEqualTo(run.resolve("checkpoints/step-1536"));
        assertThat(run.resolve("checkpoints/step-512")).doesNotExist();
        assertThat(run.resolve("checkpoints/step-1024")).isDirectory();
        try (var s = Files.list(run.resolve("checkpoints"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp"));
        }
        Files.writeString(run.resolve("checkpoints/latest"), "../../etc\n");
        assertThatThrownBy(() -> Checkpoints.latest(run)).hasMessageContaining("names no checkpoint");
    }

    @Test
    void writingTheSameStepAgainNeverLeavesLatestWithoutACheckpoint(@TempDir Path run) throws Exception {
        write(run, 512, 1);
        write(run, 512, 2);
        Path dir = Checkpoints.latest(run);
        assertThat(dir).isEqualTo(run.resolve("checkpoints/step-512"));
        assertThat(Checkpoints.read(dir).node("trainer").doubleValue("x")).isEqualTo(2);
        try (var s = Files.list(run.resolve("checkpoints"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("step-512", "latest");
        }
        // A kill between setting the old folder aside and renaming the new one into place: latest still reads.
        Files.move(dir, run.resolve("checkpoints/.old-step-512"));
        Path found = Checkpoints.latest(run);
        assertThat(found).isEqualTo(run.resolve("checkpoints/.old-step-512"));
        assertThat(Checkpoints.read(found).node("trainer").doubleValue("x")).isEqualTo(2);
        // The next checkpoint clears it away.
        write(run, 1024, 3);
        assertThat(run.resolve("checkpoints/.old-step-512")).doesNotExist();
        assertThat(Checkpoints.latest(run)).isEqualTo(run.resolve("checkpoints/step-1024"));
    }

    @Test
    void aTornPairIsRefusedNamingTheFile(@TempDir Path run) throws Exception {
        Path dir = write(run, 512, 1);
        byte[] npz = Files.readAllBytes(dir.resolve("state.npz"));
        npz[npz.length / 2] ^= 1;
        Files.write(dir.resolve("state.npz"), npz);
        assertThatThrownBy(() -> Checkpoints.read(dir)).hasMessageContaining("state.npz");
    }
}
