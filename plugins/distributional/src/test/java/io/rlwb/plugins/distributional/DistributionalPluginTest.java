package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.rlwb.engine.ArchitectureTest;
import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.telemetry.TelemetryFiles;
import io.rlwb.engine.testkit.NodeTypeContract;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.engine.testkit.SampleRuns;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DistributionalPluginTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static GraphDocument sample(String name) throws Exception {
        return new GraphFile().read(Repo.sample(name));
    }

    private static GraphNode node(GraphDocument g, String id) {
        return g.node(id).orElseThrow();
    }

    /** The samples, shrunk so that a couple of iterations already run updates; plus a quantile-critic PPO graph. */
    static List<GraphDocument> minimalGraphs() throws Exception {
        GraphDocument hl = sample("ppo-hlgauss-cartpole.json");
        GraphDocument qr = sample("ppo-hlgauss-cartpole.json");
        qr.setName("PPO with a quantile critic");
        GraphNode c = node(qr, "critic");
        c.setType("distributional/critic.quantile");
        c.setParams(JSON.objectNode().put("quantiles", 8));
        GraphDocument gs = sample("ppo-hlgauss-cartpole.json");
        gs.setName("PPO with a Gaussian critic");
        GraphNode gc = node(gs, "critic");
        gc.setType("distributional/critic.gaussian");
        gc.setParams(JSON.objectNode());
        GraphDocument sac = sample("sac-pendulum.json");
        GraphDocument dsac = sample("dsac-t-pendulum.json");
        for (GraphDocument g : List.of(sac, dsac)) {
            node(g, "trainer").params().put("learning_starts", 20).put("batch_size", 16).put("steps_per_iteration", 30);
            node(g, "replay").params().put("random_steps", 10);
            node(g, "eval").params().put("episodes", 1);
        }
        GraphDocument c51 = sample("c51-cartpole.json");
        node(c51, "trainer").params().put("learning_starts", 20).put("train_frequency", 2).put("batch_size", 16)
                .put("steps_per_iteration", 40).put("target_network_frequency", 10);
        node(c51, "eval").params().put("episodes", 1);
        return List.of(hl, qr, gs, sac, dsac, c51);
    }

    @Test
    void everyNodeTypePassesTheNodeTypeContract(@TempDir Path tmp) throws Exception {
        NodeTypeContract.checkProvider(new DistributionalPlugin(),
                NodeRegistry.of(new CoreNodes(), new DistributionalPlugin()), minimalGraphs(), tmp, 2);
    }

    @Test
    void pluginImportsNoJavaFx() {
        ArchitectureTest.NO_UI.check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.rlwb.plugins.distributional"));
    }

    @Test
    void registryFindsThePluginThroughServiceLoader() {
        NodeRegistry reg = NodeRegistry.load(null);
        assertThat(reg.find("distributional/critic.hlgauss")).isPresent();
        assertThat(reg.providerOf("distributional/trainer.dsac_t").orElseThrow().name()).isEqualTo("distributional");
    }

    static Stream<Path> samples() throws Exception {
        List<Path> l = SampleRuns.runnableWith("distributional");
        assertThat(l).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("ppo-hlgauss-cartpole.json",
                "sac-pendulum.json", "dsac-t-pendulum.json", "c51-cartpole.json");
        return l.stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleValidatesAndCompletesAShortRun(Path sample, @TempDir Path tmp) throws Exception {
        SampleRuns.smokeRun(NodeRegistry.load(null), sample, tmp.resolve("run"), 2);
    }

    @Test
    void theHlGaussSampleIsThePpoSampleWithOnlyTheCriticSwapped() throws Exception {
        GraphDocument ppo = sample("ppo-cartpole.json");
        GraphDocument hl = sample("ppo-hlgauss-cartpole.json");
        assertThat(hl.edges()).extracting(e -> e.from() + "->" + e.to())
                .containsExactlyElementsOf(ppo.edges().stream().map(e -> e.from() + "->" + e.to()).toList());
        assertThat(hl.run()).isEqualTo(ppo.run());
        for (GraphNode n : ppo.nodes()) {
            GraphNode m = node(hl, n.id());
            if (n.id().equals("critic")) {
                assertThat(m.type()).isEqualTo("distributional/critic.hlgauss");
                assertThat(m.params().get("hidden")).isEqualTo(n.params().get("hidden"));
            } else {
                assertThat(m.type()).isEqualTo(n.type());
                assertThat(m.params()).as(n.id()).isEqualTo(n.params());
            }
        }
        assertThat(hl.nodes()).hasSameSizeAs(ppo.nodes());
    }

    @Test
    void criticsPublishValueDistributionSnapshotsOfTheirKindDuringARun(@TempDir Path tmp) throws Exception {
        List<GraphDocument> graphs = minimalGraphs();
        String[] kinds = {"categorical", "quantile", "gaussian", "scalar", "gaussian", "categorical"};
        NodeRegistry reg = NodeRegistry.of(new CoreNodes(), new DistributionalPlugin());
        for (int i = 0; i < graphs.size(); i++) {
            GraphDocument g = graphs.get(i);
            Path dir = tmp.resolve("r" + i);
            Runner runner = new Runner(reg);
            RunResult r = runner.run(runner.prepare(g, new RunOptions(dir, null, Map.of(), Map.of("iterations", 3L), 0)),
                    RunListener.NONE, null, new AtomicBoolean());
            assertThat(r.status()).as(g.name() + ": " + r.error()).isEqualTo("completed");
            var snaps = TelemetryFiles.distributions(dir);
            assertThat(snaps).as(g.name() + " publishes distribution snapshots").isNotEmpty();
            var probes = snaps.get(snaps.size() - 1).data().probes();
            assertThat(probes).isNotEmpty();
            assertThat(probes.get(0).kind()).as(g.name()).isEqualTo(kinds[i]);
            assertThat(snaps.get(0).data().critic()).isEqualTo("critic");
        }
    }
}
