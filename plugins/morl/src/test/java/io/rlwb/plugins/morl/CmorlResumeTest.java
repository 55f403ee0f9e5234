package io.rlwb.plugins.morl;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunProgress;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.store.Checkpoints;
import io.rlwb.engine.store.RunStore;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A C-MORL run cancelled after its stage 1 checkpoint and resumed ends as the uninterrupted run does: the same
 * steps, the same archive and, bit for bit, the same parameters of every member (ADR 0020, 0024).
 */
class CmorlResumeTest {
    private static final Map<String, String> SET = Map.of("cmorl.population", "3", "cmorl.stage1_steps", "1024",
            "cmorl.rounds", "2", "cmorl.extend_per_round", "1", "cmorl.stage2_steps", "512", "cmorl.workers", "2");

    private final Runner runner = new Runner(NodeRegistry.load(null));

    private RunResult run(Path dir, long cancelAtIteration) throws Exception {
        var doc = new GraphFile().read(Repo.root().resolve("samples/cmorl-deep-sea-treasure.json"));
        AtomicBoolean cancel = new AtomicBoolean();
        RunListener stopper = new RunListener() {
            @Override public void progress(RunProgress p) {
                if (p.iteration() == cancelAtIteration) cancel.set(true);
            }
        };
        return runner.run(runner.prepare(doc, new RunOptions(dir, 1L, SET, Map.of(), 1)), stopper, null, cancel);
    }

    @Test
    void aCancelledRunResumedEndsWithTheSameStepsFrontAndParameters(@TempDir Path tmp) throws Exception {
        RunResult whole = run(tmp.resolve("whole"), -1);
        assertThat(whole.status()).as(String.valueOf(whole.error())).isEqualTo("completed");

        Path dir = tmp.resolve("cut");
        RunResult first = run(dir, 1);
        assertThat(first.status()).isEqualTo("cancelled");
        assertThat(first.envSteps()).as("stage 1: three members of 1024 steps").isEqualTo(3 * 1024);
        assertThat(Checkpoints.read(Checkpoints.latest(dir)).unsupported("cmorl")).isNull();

        RunResult second = runner.run(runner.resume(dir, 1), RunListener.NONE, null, new AtomicBoolean());
        assertThat(second.status()).as(String.valueOf(second.error())).isEqualTo("completed");
        assertThat(second.envSteps()).isEqualTo(whole.envSteps());
        assertThat(second.summary().get("cmorl/policies")).isEqualTo(whole.summary().get("cmorl/policies"));
        assertThat(second.summary().get("eval/hypervolume")).isEqualTo(whole.summary().get("eval/hypervolume"));
        assertThat(RunStore.readRunRecord(dir).resumedFromStep()).containsExactly(3L * 1024);
        assertThat(Files.readString(dir.resolve("pareto.csv"))).isEqualTo(Files.readString(tmp.resolve("whole/pareto.csv")));

        Map<String, INDArray> a = Checkpoints.read(Checkpoints.latest(tmp.resolve("whole"))).tensors();
        Map<String, INDArray> b = Checkpoints.read(Checkpoints.latest(dir)).tensors();
        assertThat(b.keySet()).isEqualTo(a.keySet());
        assertThat(a.keySet()).as("every member's networks and the archive are in the state")
                .contains("cmorl/member.0.policy.l0.W", "cmorl/member.6.critic.l0.W", "pareto/archive.values");
        for (String k : a.keySet()) assertThat(b.get(k)).as(k).isEqualTo(a.get(k));
        // The extension members of the resumed rounds trained as the uninterrupted run's did.
        for (String m : List.of("round1", "round2")) {
            assertThat(Files.list(dir.resolve("members").resolve(m)).map(p -> p.getFileName().toString()).sorted().toList())
                    .isEqualTo(Files.list(tmp.resolve("whole/members").resolve(m)).map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
