package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunProgress;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.store.Checkpoints;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Save and restore of every trainer of the plugin, through a run cancelled half way and resumed: the final state
 * (networks, targets, optimisers, temperature, replay buffer, environments) equals the uninterrupted run's, bit for bit.
 */
class ResumeStateTest {
    private final Runner runner = new Runner(NodeRegistry.load(null));

    private static final Map<String, Map<String, String>> SETS = Map.of(
            "sac-pendulum.json", soft(),
            "dsac-t-pendulum.json", soft(),
            "c51-cartpole.json", Map.of("trainer.learning_starts", "1000", "trainer.batch_size", "32",
                    "trainer.target_network_frequency", "400", "eval.every_steps", "1000", "eval.episodes", "1"),
            "ppo-hlgauss-cartpole.json", Map.of("eval.every_steps", "1000", "eval.episodes", "2"));

    private static Map<String, String> soft() {
        return Map.of("trainer.learning_starts", "300", "replay.random_steps", "200", "trainer.batch_size", "32",
                "trainer.steps_per_iteration", "50", "eval.every_steps", "500", "eval.episodes", "1");
    }

    private RunResult run(String sample, Path out, long budget, long cancelAt) throws Exception {
        var doc = new GraphFile().read(Repo.sample(sample));
        AtomicBoolean cancel = new AtomicBoolean();
        RunListener l = new RunListener() {
            @Override public void progress(RunProgress p) {
                if (p.iteration() == cancelAt) cancel.set(true);
            }
        };
        return runner.run(runner.prepare(doc, new RunOptions(out, 4L, SETS.get(sample), Map.of("env_steps", budget), 0)),
                l, null, cancel);
    }

    @ParameterizedTest
    @CsvSource({"sac-pendulum.json, 800, 9", "dsac-t-pendulum.json, 800, 9", "c51-cartpole.json, 2000, 3",
            "ppo-hlgauss-cartpole.json, 2048, 2"})
    void aResumedRunEndsWithTheUninterruptedRunsState(String sample, long budget, long cancelAt, @TempDir Path tmp)
            throws Exception {
        resumesExactly(sample, budget, cancelAt, tmp);
    }

    /**
     * The same on the device path (ADR 0031, 0035, 0037): the replay's device storage is checkpointed in the host
     * layout and restored into its rows; the resumed run still ends where the uninterrupted one does.
     */
    @ParameterizedTest
    @CsvSource({"sac-pendulum.json, 800, 9", "dsac-t-pendulum.json, 800, 9", "c51-cartpole.json, 2000, 3"})
    void aResumedDevicePathRunEndsWithTheUninterruptedRunsState(String sample, long budget, long cancelAt,
            @TempDir Path tmp) throws Exception {
        String before = System.getProperty(io.rlwb.engine.nn.UpdatePath.PROPERTY);
        System.setProperty(io.rlwb.engine.nn.UpdatePath.PROPERTY, "device");
        try {
            resumesExactly(sample, budget, cancelAt, tmp);
        } finally {
            if (before == null) System.clearProperty(io.rlwb.engine.nn.UpdatePath.PROPERTY);
            else System.setProperty(io.rlwb.engine.nn.UpdatePath.PROPERTY, before);
        }
    }

    private void resumesExactly(String sample, long budget, long cancelAt, Path tmp) throws Exception {
        RunResult whole = run(sample, tmp.resolve("whole"), budget, -1);
        assertThat(whole.status()).as(String.valueOf(whole.error())).isEqualTo("completed");
        RunResult first = run(sample, tmp.resolve("cut"), budget, cancelAt);
        assertThat(first.status()).isEqualTo("cancelled");
        assertThat(first.envSteps()).isLessThan(budget);
        RunResult second = runner.run(runner.resume(tmp.resolve("cut"), 0), RunListener.NONE, null,
                new AtomicBoolean());
        assertThat(second.status()).as(String.valueOf(second.error())).isEqualTo("completed");
        assertThat(second.envSteps()).isEqualTo(whole.envSteps());

        Map<String, INDArray> a = Checkpoints.read(Checkpoints.latest(tmp.resolve("whole"))).tensors();
        Map<String, INDArray> b = Checkpoints.read(Checkpoints.latest(tmp.resolve("cut"))).tensors();
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String k : a.keySet()) assertThat(b.get(k)).as(sample + ": " + k).isEqualTo(a.get(k));
    }
}
