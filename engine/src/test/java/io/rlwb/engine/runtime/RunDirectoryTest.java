package io.rlwb.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final NodeRegistry registry = NodeRegistry.load(null);

    private RunResult runSample(Path out, Map<String, Long> budgets, Map<String, String> sets, AtomicBoolean cancel)
            throws Exception {
        GraphDocument doc = new GraphFile().read(Repo.sample("ppo-cartpole.json"));
        Runner runner = new Runner(registry);
        Runner.Prepared p = runner.prepare(doc, new RunOptions(out, 7L, sets, budgets, 1));
        return runner.run(p, RunListener.NONE, null, cancel);
    }

    @Test
    void aCompletedRunWritesEveryFileOfTheContract(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        RunResult r = runSample(out, Map.of("iterations", 2L), Map.of("eval.every_steps", "512", "eval.episodes", "3"),
                new AtomicBoolean());
        assertThat(r.status()).isEqualTo("completed");
        assertThat(r.envSteps()).isEqualTo(2 * 4 * 128);
        for (String f : List.of("graph.json", "run.json", "metrics.csv", "summary.json", "checkpoints/latest.ckpt")) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        assertThat(out.resolve("telemetry")).isDirectory();

        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertThat(run.get("status").asText()).isEqualTo("completed");
        assertThat(run.get("seed").asLong()).isEqualTo(7);
        assertThat(run.get("graph_sha256").asText()).hasSize(64);
        assertThat(run.get("backend").asText()).startsWith("CPU");
        assertThat(run.get("plugins").toString()).contains("core");
        assertThat(run.get("started").asText()).isNotEmpty();
        assertThat(run.get("ended").asText()).isNotEmpty();
        assertThat(run.get("stop_reason").isNull()).as("the budget ended it, no node did").isTrue();

        // graph.json is the graph as run: overrides applied, and it reads back.
        GraphDocument asRun = new GraphFile().read(out.resolve("graph.json"));
        assertThat(asRun.seed(0)).isEqualTo(7);
        assertThat(asRun.node("eval").orElseThrow().params().get("every_steps").asInt()).isEqualTo(512);

        List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
        assertThat(lines.get(0)).isEqualTo("step,wall_s,key,value");
        String all = String.join("\n", lines);
        for (String key : List.of("losses/approx_kl", "losses/old_approx_kl", "losses/clipfrac", "losses/explained_variance",
                "losses/entropy", "losses/policy_loss", "losses/value_loss", "charts/SPS", "eval/return_mean", "eval/return_std")) {
            assertThat(all).as(key).contains("," + key + ",");
        }
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.has("eval/return_mean")).isTrue();

        // Where the time went: every node that computes something has a clock, in run.json and the result.
        JsonNode seconds = run.get("node_seconds");
        for (String node : List.of("collector", "gae", "trainer", "eval")) {
            assertThat(seconds.get(node)).as(node).isNotNull();
            assertThat(seconds.get(node).asDouble()).as(node).isPositive();
        }
        assertThat(r.nodeSeconds()).containsKeys("collector", "gae", "trainer", "eval");
    }

    @Test
    void aCancelledRunSaysSoAndKeepsItsDirectory(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        AtomicBoolean cancel = new AtomicBoolean(true);
        RunResult r = runSample(out, Map.of("iterations", 5L), Map.of(), cancel);
        assertThat(r.status()).isEqualTo("cancelled");
        assertThat(r.exitCode()).isEqualTo(130);
        assertThat(JSON.readTree(out.resolve("run.json").toFile()).get("status").asText()).isEqualTo("cancelled");
        assertThat(out.resolve("metrics.csv")).isRegularFile();
    }

    @Test
    void aFailingNodeFailsTheRunWithItsNameAndTheDirectoryStays(@TempDir Path tmp) throws Exception {
        // A trainer that takes steps, then fails on its third iteration as a diverging loss would.
        NodeType failing = NodeType.builder("test/trainer.fail", 1).category("Trainer").displayName("Fails")
                .role(NodeRole.TRAINER)
                .factory(ctx -> (Trainer) run -> {
                    run.addEnvSteps(10);
                    if (run.iteration() == 2) throw new IllegalStateException("loss is NaN at iteration 2");
                })
                .build();
        NodeProvider provider = new NodeProvider() {
            @Override public String name() { return "test"; }

            @Override public String version() { return "0"; }

            @Override public List<NodeType> nodeTypes() { return List.of(failing); }
        };
        GraphDocument doc = new GraphFile().read(Repo.sample("ppo-cartpole.json"));
        doc.nodes().add(new GraphNode("boom", "test/trainer.fail", 1));
        Runner runner = new Runner(NodeRegistry.of(new CoreNodes(), provider));
        Path out = tmp.resolve("run");
        RunResult r = runner.run(runner.prepare(doc, new RunOptions(out, 1L, Map.of(), Map.of("iterations", 10L), 0)),
                RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.error()).isEqualTo("boom: loss is NaN at iteration 2");
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error").asText()).isEqualTo("boom: loss is NaN at iteration 2");
        assertThat(run.get("iterations").asLong()).isEqualTo(2);
        assertThat(Files.readString(out.resolve("metrics.csv"))).contains("charts/episodic_return");
        assertThat(out.resolve("summary.json")).isRegularFile();
    }
}
