package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.TensorFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The twin critic's checkpoint tensors: both online networks and both Polyak targets, through a file. */
class TwinQCriticTensorsTest {
    @TempDir
    Path dir;

    @Test
    void onlineAndTargetNetworksRoundTripThroughAnNpzFile() throws IOException {
        TwinQCritic a = new TwinQCritic(Pendulum.spec(200), new int[] {8}, Activation.RELU, false, 3, DataType.FLOAT, null);
        // Make the targets differ from the online networks, so a mix-up would show.
        for (var p : a.parameters()) p.value().addi(0.5);
        a.updateTargets(0.3);
        Map<String, INDArray> t = a.tensors();
        assertThat(t.keySet()).containsExactly("q0.l0.W", "q0.l0.b", "q0.l1.W", "q0.l1.b",
                "q0_target.l0.W", "q0_target.l0.b", "q0_target.l1.W", "q0_target.l1.b",
                "q1.l0.W", "q1.l0.b", "q1.l1.W", "q1.l1.b",
                "q1_target.l0.W", "q1_target.l0.b", "q1_target.l1.W", "q1_target.l1.b");
        assertThat(t.get("q0.l0.W").shape()).containsExactly(4, 8);
        TensorFile.write(dir.resolve("critic.npz"), t, 5);

        TwinQCritic b = new TwinQCritic(Pendulum.spec(200), new int[] {8}, Activation.RELU, false, 99, DataType.FLOAT, null);
        b.load(TensorFile.read(dir.resolve("critic.npz")).tensors());
        Map<String, INDArray> u = b.tensors();
        t.forEach((k, v) -> assertThat(HostArrays.toDoubles(u.get(k))).as(k).containsExactly(HostArrays.toDoubles(v)));
        assertThat(HostArrays.toDoubles(u.get("q0_target.l0.W"))).isNotEqualTo(HostArrays.toDoubles(u.get("q0.l0.W")));
    }
}
