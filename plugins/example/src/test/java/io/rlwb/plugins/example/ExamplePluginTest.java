package io.rlwb.plugins.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.rlwb.engine.ArchitectureTest;
import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplePluginTest {
    @Test
    void pluginImportsNoJavaFx() {
        ArchitectureTest.NO_UI.check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.rlwb.plugins.example"));
    }

    @Test
    void registryFindsThePluginThroughServiceLoader() {
        NodeRegistry reg = NodeRegistry.load(null);
        assertThat(reg.find("example/reward.scale")).isPresent();
        assertThat(reg.providerOf("example/reward.scale").orElseThrow().name()).isEqualTo("example");
    }

    @Test
    void scalesAndClipsScalarRewardsAndRewardVectorsWithoutTouchingItsInput() {
        var spec = new io.rlwb.engine.env.EnvSpec("t", 1, io.rlwb.engine.env.ActionSpace.discrete(2),
                java.util.List.of("reward", "cost"), 0);
        var b = new io.rlwb.engine.rl.TrajectoryBatch(spec, 3, 1);
        b.rewards[0] = 1;
        b.rewards[1] = 50;
        b.rewards[2] = -50;
        float[] vectors = {1, -2, 50, 4, -50, 6};
        System.arraycopy(vectors, 0, b.rewardVectors, 0, vectors.length);

        var out = RewardScaleNode.scaled(b, 0.5, 10);

        assertThat(out.rewards).containsExactly(0.5f, 10f, -10f);
        assertThat(out.rewardVectors).containsExactly(0.5f, -1f, 10f, 2f, -10f, 3f);
        assertThat(b.rewards).as("the shared input batch is unchanged").containsExactly(1f, 50f, -50f);
        assertThat(b.rewardVectors).containsExactly(vectors);
        assertThat(out.obs).as("everything else is shared, not copied").isSameAs(b.obs);
    }

    @Test
    void wiredBetweenCollectorAndEstimatorItRunsAndIsRecordedInRunJson(@TempDir Path tmp) throws Exception {
        GraphDocument doc = new GraphFile().read(Repo.sample("ppo-cartpole.json"));
        GraphNode scale = new GraphNode("scale", "example/reward.scale", 1);
        doc.nodes().add(scale);
        doc.edges().removeIf(e -> e.to().equals("gae.batch"));
        doc.edges().add(new GraphEdge("collector.batch", "scale.batch"));
        doc.edges().add(new GraphEdge("scale.batch", "gae.batch"));
        Runner runner = new Runner(NodeRegistry.of(new CoreNodes(), new ExamplePlugin()));
        RunResult r = runner.run(runner.prepare(doc, new RunOptions(tmp, 1L, Map.of(), Map.of("iterations", 1L), 0)),
                RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).isEqualTo("completed");
        assertThat(java.nio.file.Files.readString(tmp.resolve("run.json"))).contains("\"example\"");
    }
}
