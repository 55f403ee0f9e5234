package io.rlwb.plugins.morl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.testkit.PoisonNodes;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A C-MORL member that meets NaN rewards fails the run naming the trainer node, the member and the step. */
class CmorlDivergenceTest {
    @Test
    void aMemberWithNanRewardsFailsTheRunNamingTheNodeTheMemberAndTheStep(@TempDir Path tmp) throws Exception {
        GraphDocument doc = new GraphFile().read(Repo.root().resolve("samples/cmorl-deep-sea-treasure.json"));
        // 4 envs x 128 steps per member iteration: instance step 200 falls in each member's second rollout, when
        // two members have taken 2 x 512 env steps.
        PoisonNodes.insert(doc, "env", "cmorl.env", 200);
        Runner runner = new Runner(NodeRegistry.of(new CoreNodes(), new MorlPlugin(), new PoisonNodes()));
        Map<String, String> set = Map.of("cmorl.population", "2", "cmorl.stage1_steps", "4096", "cmorl.rounds", "0",
                "cmorl.workers", "1");
        Path dir = tmp.resolve("run");
        RunResult r = runner.run(runner.prepare(doc, new RunOptions(dir, 1L, set, Map.of(), 0)),
                RunListener.NONE, null, new AtomicBoolean());

        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo("failed");
        assertThat(r.failedNode()).isEqualTo("cmorl");
        assertThat(r.error()).matches("cmorl: diverged at step 1024: policy loss is NaN \\(member \\S+, epoch 1, "
                + "minibatch 1\\); try a lower learning rate");
        JsonNode run = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertThat(run.path("failed_node").asText()).isEqualTo("cmorl");
        assertThat(run.path("error").asText()).isEqualTo(r.error());
    }
}
