package io.rlwb.plugins.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.sweep.LocalTrialRunner;
import io.rlwb.engine.sweep.Sweep;
import io.rlwb.engine.sweep.SweepFile;
import io.rlwb.engine.sweep.TrialListener;
import io.rlwb.engine.sweep.TrialResult;
import io.rlwb.engine.sweep.TrialSpec;
import io.rlwb.engine.sweep.Cancellation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** samples/sweep-ppo-cartpole.json (PPO, 2 learning rates x 2 seeds) at a test budget, and its in-process results. */
final class SampleSweep {
    /** Env steps per trial in the tests: one PPO iteration of the sample (8 envs x 128 steps). */
    static final long TEST_ENV_STEPS = 1024;

    private SampleSweep() {}

    static Path repo() {
        return Path.of(System.getProperty("workbench.repo", "../.."));
    }

    static Sweep read(NodeRegistry registry) {
        SweepFile.Checked c = new SweepFile(registry).read(repo().resolve("samples").resolve("sweep-ppo-cartpole.json"));
        assertThat(c.errors()).isEmpty();
        return c.sweep();
    }

    /** The sample's 4 trials as specs writing under {@code dir}. */
    static List<TrialSpec> specs(NodeRegistry registry, Path dir) {
        Sweep s = read(registry);
        return s.trials().stream().map(t -> s.spec(t, dir, Map.of("env_steps", TEST_ENV_STEPS))).toList();
    }

    /** A summary less its wall-clock metrics (charts/SPS: steps per second), which no two runs share. */
    static Map<String, Double> learned(Map<String, Double> summary) {
        Map<String, Double> out = new java.util.TreeMap<>(summary);
        out.keySet().removeIf(k -> k.endsWith("SPS"));
        return out;
    }

    /** The same trials run by the in-process executor, for comparison. */
    static List<TrialResult> inProcess(NodeRegistry registry, Path dir) {
        try (LocalTrialRunner local = new LocalTrialRunner(2, registry)) {
            return local.run(specs(registry, dir), TrialListener.NONE, new Cancellation());
        }
    }
}
