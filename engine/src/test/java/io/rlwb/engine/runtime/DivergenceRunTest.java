package io.rlwb.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.testkit.PoisonNodes;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PPO run whose rewards turn NaN fails naming the trainer node, the quantity and the step (issue 15 item 8). */
class DivergenceRunTest {
    @Test
    void aPpoRunWithNanRewardsFailsNamingTheTrainerTheQuantityAndTheStep(@TempDir Path tmp) throws Exception {
        GraphDocument g = new GraphFile().read(Repo.sample("ppo-cartpole.json"));
        // 8 envs x 64 steps per iteration: instance step 100 falls in the second rollout, ending at env step 1024.
        PoisonNodes.insert(g, "cartpole", "envs.env", 100);
        Runner runner = new Runner(NodeRegistry.of(new CoreNodes(), new PoisonNodes()));
        Path dir = tmp.resolve("run");
        RunResult r = runner.run(runner.prepare(g, new RunOptions(dir, null, Map.of(), Map.of("iterations", 5L), 0)),
                RunListener.NONE, null, new AtomicBoolean());

        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.failedNode()).isEqualTo("trainer");
        assertThat(r.envSteps()).isEqualTo(1024);
        assertThat(r.error()).startsWith("trainer: diverged at step 1024: policy loss is NaN (PPO at iteration 1, "
                + "epoch 1, minibatch 1)");
        JsonNode run = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("failed_node").asText()).isEqualTo("trainer");
        assertThat(run.path("error").asText()).isEqualTo(r.error());
        assertThat(run.path("env_steps").asLong()).isEqualTo(1024);
    }
}
