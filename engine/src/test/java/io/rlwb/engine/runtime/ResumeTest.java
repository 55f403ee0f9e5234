package io.rlwb.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.nn.UpdatePath;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.store.Checkpoints;
import io.rlwb.engine.store.RunDirectoryException;
import io.rlwb.engine.store.RunStore;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A cancelled PPO CartPole run, resumed, ends where the uninterrupted run ends: same steps, same bits. */
class ResumeTest {
    private static final long BUDGET = 4096;
    private final NodeRegistry registry = NodeRegistry.load(null);
    private final Runner runner = new Runner(registry);

    private Runner.Prepared prepare(Path out, int checkpointEvery) throws Exception {
        GraphDocument doc = new GraphFile().read(Repo.sample("ppo-cartpole.json"));
        // eval every 1024 steps: the evaluator's state (rounds, next due step) is part of what must resume
        doc.node("eval").orElseThrow().params().put("every_steps", 1024);
        doc.node("eval").orElseThrow().params().put("episodes", 3);
        return runner.prepare(doc, new RunOptions(out, 7L, Map.of(), Map.of("env_steps", BUDGET), checkpointEvery));
    }

    /** Runs, cancelling after iteration {@code cancelAt} (0: never). */
    private RunResult run(Runner.Prepared p, long cancelAt) {
        AtomicBoolean cancel = new AtomicBoolean();
        RunListener stopper = new RunListener() {
            @Override public void progress(RunProgress pr) {
                if (cancelAt > 0 && pr.iteration() == cancelAt) cancel.set(true);
            }
        };
        return runner.run(p, stopper, null, cancel);
    }

    private static Map<String, INDArray> finalState(Path dir) throws Exception {
        return Checkpoints.read(Checkpoints.latest(dir)).tensors();
    }

    @Test
    void aCancelledRunResumedEndsWithTheSameStepsAndTheSameBitsAsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        resumesToTheSameBits(tmp);
    }

    /** The same on the device path (ADR 0031, 0038: device loss heads, minibatches gathered on the device). */
    @Test
    void theDevicePathResumesToTheSameBitsToo(@TempDir Path tmp) throws Exception {
        io.rlwb.engine.testkit.ForcedPath.run(UpdatePath.DEVICE, () -> {
            resumesToTheSameBits(tmp);
        });
    }

    private void resumesToTheSameBits(Path tmp) throws Exception {
        RunResult whole = run(prepare(tmp.resolve("whole"), 3), 0);
        assertThat(whole.status()).isEqualTo("completed");

        Path dir = tmp.resolve("cut");
        RunResult first = run(prepare(dir, 3), 5);
        assertThat(first.status()).isEqualTo("cancelled");
        assertThat(first.envSteps()).isEqualTo(5 * 512);
        RunResult second = runner.run(runner.resume(dir, 3), RunListener.NONE, null, new AtomicBoolean());
        assertThat(second.status()).isEqualTo("completed");
        assertThat(second.envSteps()).isEqualTo(whole.envSteps()).isEqualTo(BUDGET);

        Map<String, INDArray> a = finalState(tmp.resolve("whole"));
        Map<String, INDArray> b = finalState(dir);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        assertThat(a.keySet()).contains("policy/params.l0.W", "trainer/optimizer.step",
                "envs/value.env0.state", "collector/obs");
        for (String k : a.keySet()) {
            assertThat(b.get(k)).as(k).isEqualTo(a.get(k));
        }
        assertThat(RunStore.readRunRecord(dir).resumedFromStep()).containsExactly(5L * 512);
        assertThat(RunStore.readRunRecord(tmp.resolve("whole")).resumedFromStep()).isNull();

        // metrics.csv: the steps never fall back, and each of the trainer's per-iteration rows appears once per step
        List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
        long lastStep = -1;
        Set<Long> lossSteps = new HashSet<>();
        for (String r : rows.subList(1, rows.size())) {
            long step = Long.parseLong(r.substring(0, r.indexOf(',')));
            if (!r.contains("charts/wall_s")) {
                assertThat(step).as(r).isGreaterThanOrEqualTo(lastStep);
                lastStep = step;
            }
            if (r.contains(",losses/policy_loss,")) assertThat(lossSteps.add(step)).as("duplicate " + r).isTrue();
        }
        assertThat(lossSteps).hasSize((int) (BUDGET / 512));
    }

    @Test
    void aRunKilledAfterACheckpointResumesFromItAndDropsTheRowsAfterIt(@TempDir Path tmp) throws Exception {
        RunResult whole = run(prepare(tmp.resolve("whole"), 2), 0);
        Path dir = tmp.resolve("cut");
        run(prepare(dir, 2), 5);
        // As if the process had died in iteration 5 before any cancel checkpoint: latest points at step-2048, and
        // metrics.csv holds rows of steps after it.
        Files.writeString(dir.resolve("checkpoints/latest"), "step-" + 4 * 512 + "\n");
        Checkpoints.deleteTree(dir.resolve("checkpoints/step-" + 5 * 512));
        assertThat(Files.readString(dir.resolve("metrics.csv"))).contains("\n" + 5 * 512 + ",");
        Runner.Prepared p = runner.resume(dir, 2);
        assertThat(p.resumeFrom().getFileName().toString()).isEqualTo("step-" + 4 * 512);
        RunResult second = runner.run(p, RunListener.NONE, null, new AtomicBoolean());
        assertThat(second.envSteps()).isEqualTo(whole.envSteps());
        Map<String, INDArray> a = finalState(tmp.resolve("whole"));
        Map<String, INDArray> b = finalState(dir);
        for (String k : a.keySet()) assertThat(b.get(k)).as(k).isEqualTo(a.get(k));
        // The rows the dead process wrote after its checkpoint are gone: one policy loss per iteration.
        assertThat(Files.readAllLines(dir.resolve("metrics.csv")).stream()
                .filter(r -> r.contains(",losses/policy_loss,"))).hasSize((int) (BUDGET / 512));
    }

    @Test
    void resumeRefusesACompletedRunAndADirectoryWithoutCheckpoint(@TempDir Path tmp) throws Exception {
        Path done = tmp.resolve("done");
        run(prepare(done, 0), 0);
        assertThatThrownBy(() -> runner.resume(done, 0)).isInstanceOf(RunDirectoryException.class)
                .hasMessageContaining("completed run");
        assertThatThrownBy(() -> runner.resume(tmp.resolve("nothing"), 0)).isInstanceOf(RunDirectoryException.class)
                .hasMessageContaining("no run to continue");
        Path early = tmp.resolve("early");
        run(prepare(early, 0), 1);
        Files.delete(early.resolve("checkpoints/latest"));
        assertThatThrownBy(() -> runner.resume(early, 0)).isInstanceOf(RunDirectoryException.class)
                .hasMessageContaining("no checkpoint");
        // The refused resumes released the lock: a later resume is not told the directory is held.
        Files.writeString(early.resolve("checkpoints/latest"), "step-512\n");
        runner.resume(early, 0).lock().close();
    }
}
