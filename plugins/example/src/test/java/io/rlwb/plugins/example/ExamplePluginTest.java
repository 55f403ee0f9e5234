package io.rlwb.plugins.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.rlwb.engine.ArchitectureTest;
import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
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
    void wiredBetweenCollectorAndEstimatorTheEstimatorGetsScaledRewardsAndRunJsonNamesThePlugin(@TempDir Path tmp)
            throws Exception {
        GraphDocument doc = new GraphFile().read(Repo.sample("ppo-cartpole.json"));
        GraphNode scale = new GraphNode("scale", "example/reward.scale", 1);
        scale.params().put("scale", 0.25);
        doc.nodes().add(scale);
        doc.nodes().add(new GraphNode("probe", PROBE, 1));
        doc.edges().removeIf(e -> e.to().equals("gae.batch"));
        doc.edges().add(new GraphEdge("collector.batch", "scale.batch"));
        doc.edges().add(new GraphEdge("scale.batch", "probe.batch"));
        doc.edges().add(new GraphEdge("probe.batch", "gae.batch"));
        List<float[]> seen = new CopyOnWriteArrayList<>();
        Runner runner = new Runner(NodeRegistry.of(new CoreNodes(), new ExamplePlugin(), probe(seen)));
        RunResult r = runner.run(runner.prepare(doc, new RunOptions(tmp, 1L, Map.of(), Map.of("iterations", 1L), 0)),
                RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).isEqualTo("completed");
        // CartPole pays 1 per step: after the node, every reward the estimator receives is 0.25.
        assertThat(seen).isNotEmpty();
        for (float[] rewards : seen) {
            assertThat(rewards).isNotEmpty();
            for (float x : rewards) assertThat(x).isEqualTo(0.25f);
        }
        assertThat(java.nio.file.Files.readString(tmp.resolve("run.json"))).contains("\"example\"");
    }

    private static final String PROBE = "test/batch.probe";

    /** A pass-through node that keeps a copy of the rewards of every batch it hands on. */
    private static NodeProvider probe(List<float[]> seen) {
        NodeType type = NodeType.builder(PROBE, 1).category("Data").displayName("Batch probe")
                .input(PortSpec.in("batch", PortTypes.TRAJECTORIES, "steps"))
                .output(PortSpec.out("batch", PortTypes.TRAJECTORIES, "the same steps"))
                .infer(ctx -> {
                    EnvSpec s = ctx.inputShape("batch", EnvSpec.class);
                    if (s != null) ctx.outputShape("batch", s);
                })
                .factory(ctx -> {
                    Supplier<TrajectoryBatch> in = ctx.data("batch", TrajectoryBatch.class);
                    return new NodeInstance() {
                        @Override public Object compute(String port) {
                            TrajectoryBatch b = in.get();
                            seen.add(b.rewards.clone());
                            return b;
                        }
                    };
                }).build();
        return new NodeProvider() {
            @Override public String name() { return "probe"; }

            @Override public String version() { return "1"; }

            @Override public List<NodeType> nodeTypes() { return List.of(type); }
        };
    }
}
