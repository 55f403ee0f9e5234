package io.rlwb.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.store.RunStore;
import io.rlwb.engine.telemetry.CreditSnapshot;
import io.rlwb.engine.telemetry.TelemetryFiles;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PPO CartPole sample fills the credit and distribution telemetry, and publishing changes no parameter. */
class EstimatorTelemetryRunTest {
    private static RunResult run(Path dir, String every) throws Exception {
        GraphDocument doc = new GraphFile().read(Repo.root().resolve("samples/ppo-cartpole.json"));
        Runner runner = new Runner(NodeRegistry.load(null));
        RunResult r = runner.run(runner.prepare(doc, new RunOptions(dir, 3L, Map.of("gae.telemetry_every", every),
                Map.of("iterations", 12L), 0)), RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo("completed");
        return r;
    }

    @Test
    void ppoSamplePublishesCreditAndProbeValuesAndTrainsBitIdenticallyWithThemOff(@TempDir Path tmp) throws Exception {
        run(tmp.resolve("on"), "2");
        run(tmp.resolve("off"), "0");

        var credit = TelemetryFiles.credit(tmp.resolve("on"));
        assertThat(credit).isNotEmpty();
        CreditSnapshot c = credit.get(0).data();
        assertThat(c.source()).isEqualTo("gae");
        assertThat(c.steps()).isNotEmpty();
        for (CreditSnapshot.Step s : c.steps()) {
            assertThat(s.reward()).isEqualTo(1.0);
            assertThat(s.ret()).isCloseTo(s.advantage() + s.value(), org.assertj.core.data.Offset.offset(1e-3));
        }
        var dist = TelemetryFiles.distributions(tmp.resolve("on"));
        assertThat(dist).hasSize(6); // iterations 0, 2, ..., 10
        ValueDistributionSnapshot first = dist.get(0).data();
        assertThat(first.probes()).hasSize(EstimatorTelemetry.PROBES);
        assertThat(first.probes()).allSatisfy(p -> assertThat(p.kind()).isEqualTo("scalar"));
        assertThat(dist.get(5).data().probes().get(0).obs()).isEqualTo(first.probes().get(0).obs());
        assertThat(dist.get(5).data().probes().get(0).empiricalReturn()).isNotNull().isPositive();

        assertThat(Files.exists(TelemetryFiles.file(tmp.resolve("off"), CreditSnapshot.KIND))).isFalse();
        var on = RunStore.readCheckpoint(tmp.resolve("on/checkpoints/latest.ckpt"));
        var off = RunStore.readCheckpoint(tmp.resolve("off/checkpoints/latest.ckpt"));
        assertThat(on.keySet()).isEqualTo(off.keySet());
        for (String node : on.keySet()) {
            for (var e : on.get(node).entrySet()) {
                assertThat(off.get(node).get(e.getKey())).as(node + "." + e.getKey()).isEqualTo(e.getValue());
            }
        }
    }
}
