package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.testkit.PoisonNodes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every trainer of the plugin stops a run whose rewards turn NaN: the run fails, and run.json names the trainer
 * node, the quantity that went non-finite and the env step (issue 15 item 8). The rewards are poisoned by the
 * engine's test node {@link PoisonNodes}.
 */
class DivergenceTest {
    private static final Pattern DIVERGED = Pattern.compile("^trainer: diverged at step (\\d+): (.+) is NaN \\((.+)\\); "
            + "try a lower learning rate$");

    /** Runs {@code g} with NaN rewards after {@code after} steps per env instance; returns the error's step. */
    private static Matcher failsNamingTheTrainer(GraphDocument g, String env, int after, Path dir) throws Exception {
        PoisonNodes.insert(g, env, "envs.env", after);
        Runner runner = new Runner(NodeRegistry.of(new CoreNodes(), new DistributionalPlugin(), new PoisonNodes()));
        RunResult r = runner.run(runner.prepare(g, new RunOptions(dir, null, Map.of(), Map.of("iterations", 20L), 0)),
                RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).as(g.name() + ": " + r.error()).isEqualTo("failed");
        assertThat(r.failedNode()).as(g.name()).isEqualTo("trainer");
        JsonNode run = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertThat(run.path("failed_node").asText()).isEqualTo("trainer");
        assertThat(run.path("error").asText()).isEqualTo(r.error());
        Matcher m = DIVERGED.matcher(r.error());
        assertThat(m.matches()).as(r.error()).isTrue();
        // The step named is where the run stopped, and after the poison began.
        assertThat(Long.parseLong(m.group(1))).as(r.error()).isEqualTo(run.path("env_steps").asLong())
                .isGreaterThan(after);
        return m;
    }

    @Test
    void ppoWithTheHlGaussQuantileAndGaussianCriticsFailsAtThePolicyLossOfTheSecondRollout(@TempDir Path tmp)
            throws Exception {
        List<GraphDocument> graphs = DistributionalPluginTest.minimalGraphs().subList(0, 3);
        for (int i = 0; i < graphs.size(); i++) {
            Matcher m = failsNamingTheTrainer(graphs.get(i), "cartpole", 100, tmp.resolve("ppo" + i));
            assertThat(m.group(1)).as(graphs.get(i).name()).isEqualTo("1024");
            assertThat(m.group(2)).isEqualTo("policy loss");
            assertThat(m.group(3)).isEqualTo("PPO at iteration 1, epoch 1, minibatch 1");
        }
    }

    /** SAC (minimal graph 3) and DSAC-T (4). */
    @ParameterizedTest
    @CsvSource({"3, sac", "4, dsac"})
    void sacAndDsacTFailAtTheFirstCriticLossThatSeesANanReward(int graph, String name, @TempDir Path tmp)
            throws Exception {
        Matcher m = failsNamingTheTrainer(DistributionalPluginTest.minimalGraphs().get(graph), "pendulum", 30,
                tmp.resolve(name));
        assertThat(m.group(2)).isEqualTo("losses/qf1_loss");
        assertThat(m.group(3)).matches("update \\d+");
    }

    @Test
    void c51FailsAtTheFirstLossThatSeesANanReward(@TempDir Path tmp) throws Exception {
        Matcher m = failsNamingTheTrainer(DistributionalPluginTest.minimalGraphs().get(5), "cartpole", 30,
                tmp.resolve("c51"));
        assertThat(m.group(2)).isEqualTo("losses/loss");
        assertThat(m.group(3)).matches("update \\d+");
    }
}
