package io.rlwb.engine.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.sweep.Sweep;
import io.rlwb.engine.sweep.SweepFile;
import io.rlwb.engine.sweep.TrialSpec;
import io.rlwb.engine.testkit.HangGuard;
import io.rlwb.engine.testkit.Mutations;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.engine.validate.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Damaged sweep files (the sample and a sweep using every section, mutated as text, as JSON and as bytes) go
 * through the sweep validator: each ends in diagnostics that name a place, or in a sweep whose trials expand
 * and become specs, never in another exception or a hang.
 */
class HostileSweepFilesTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.load(null);
    private static final String FULL = """
            {"format": "workbench-sweep", "version": 1, "name": "every section", "graph": "ppo-cartpole.json",
             "set": {"eval.episodes": 2, "policy.activation": "relu"},
             "grid": {"adam.lr": [0.0003, 0.001], "policy.hidden": [[32], [64, 64]]},
             "random": {"samples": 3, "seed": 11, "params": {
                 "loss.clip_coef": {"dist": "uniform", "min": 0.1, "max": 0.3},
                 "adam.eps": {"dist": "log-uniform", "min": 1e-8, "max": 1e-4},
                 "collector.num_steps": {"dist": "uniform", "min": 16, "max": 128},
                 "gae.lambda": {"dist": "choice", "values": [0.9, 0.95]}}},
             "seeds": {"first": 1, "count": 2},
             "budget": {"env_steps": 5000}}
            """;
    private static final Path DIR = dir();

    private static Path dir() {
        try {
            Path d = Files.createTempDirectory("sweep-fuzz");
            d.toFile().deleteOnExit();
            Files.copy(Repo.sample("ppo-cartpole.json"), d.resolve("ppo-cartpole.json"), StandardCopyOption.REPLACE_EXISTING);
            d.resolve("ppo-cartpole.json").toFile().deleteOnExit();
            return d;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<String> sweep() {
        try {
            return Arbitraries.of(Files.readString(Repo.sample("sweep-ppo-cartpole.json")), FULL);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 1000, seed = "20261203")
    void aDamagedSweepFileEndsInPlacedDiagnosticsOrInTrials(@ForAll("sweep") String text, @ForAll long seed) throws Exception {
        byte[] bytes = Mutations.mutate(text, new Random(seed));
        HangGuard.run("a sweep file mutated with seed " + seed, () -> check(bytes));
    }

    private static void check(byte[] bytes) throws Exception {
        Path f = Files.createTempFile(DIR, "fuzz", ".json");
        try {
            Files.write(f, bytes);
            SweepFile.Checked c = new SweepFile(REGISTRY).read(f);
            for (Diagnostic d : c.diagnostics()) {
                assertThat(d.message()).isNotBlank();
                assertThat(d.node()).isNotBlank();
            }
            if (!c.ok()) {
                assertThat(c.errors()).as("refused, so it says why").isNotEmpty();
                return;
            }
            Sweep s = c.sweep();
            List<Sweep.Planned> trials = s.trials();
            assertThat((long) trials.size()).isEqualTo(s.count()).isBetween(1L, (long) Sweep.MAX_TRIALS);
            assertThat(trials.stream().map(Sweep.Planned::id).distinct().count()).isEqualTo(trials.size());
            for (Sweep.Planned t : trials.subList(0, Math.min(3, trials.size()))) {
                TrialSpec spec = s.spec(t, DIR.resolve("out"), Map.of());
                assertThat(spec.sets().keySet()).containsAll(t.params().keySet());
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
