package io.rlwb.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.report.RunData;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.engine.store.RunDirectoryException;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that end in any way leave a run.json that says so, and no run writes over another. */
class RunSafetyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static NodeProvider provider(NodeType... types) {
        return new NodeProvider() {
            @Override public String name() { return "test"; }

            @Override public String version() { return "0"; }

            @Override public List<NodeType> nodeTypes() { return List.of(types); }
        };
    }

    private static NodeType trainerThatThrows(Error error) {
        return NodeType.builder("test/trainer.error", 1).category("Trainer").displayName("Errs")
                .role(NodeRole.TRAINER)
                .factory(ctx -> (Trainer) run -> {
                    run.addEnvSteps(10);
                    if (run.iteration() == 1) throw error;
                })
                .build();
    }

    private static RunResult runWith(NodeType extra, Path out) throws Exception {
        GraphDocument doc = new GraphFile().read(Repo.sample("ppo-cartpole.json"));
        doc.nodes().add(new GraphNode("plugin", extra.id(), 1));
        Runner runner = new Runner(NodeRegistry.of(new CoreNodes(), provider(extra)));
        return runner.run(runner.prepare(doc, new RunOptions(out, 1L, Map.of(), Map.of("iterations", 5L), 0)),
                RunListener.NONE, null, new AtomicBoolean());
    }

    @Test
    void aLinkageErrorOfAPluginNodeFailsTheRunWithTheCauseInRunJson(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        RunResult r = runWith(trainerThatThrows(new NoClassDefFoundError("org/acme/Missing")), out);

        assertThat(r.status()).isEqualTo("failed");
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error").asText()).startsWith("plugin: ")
                .contains("java.lang.NoClassDefFoundError: org/acme/Missing");
        assertThat(run.get("ended").asText()).isNotEmpty();
        assertThat(out.resolve("summary.json")).isRegularFile();
    }

    @Test
    void anyOtherErrorAlsoEndsFailedNotRunning(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        RunResult r = runWith(trainerThatThrows(new InternalError("native crash", new ArithmeticException("x"))), out);

        assertThat(r.status()).isEqualTo("failed");
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error").asText()).contains("java.lang.InternalError: native crash")
                .contains("caused by java.lang.ArithmeticException: x");
    }

    @Test
    void aSecondRunIntoADirectoryThatHoldsARunIsRefusedAndTheFirstStaysIntact(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        NodeType steps = trainerThatThrows(new Error("never: iteration 1 is not reached with iterations=1"));
        GraphDocument doc = new GraphFile().read(Repo.sample("ppo-cartpole.json"));
        Runner runner = new Runner(NodeRegistry.of(new CoreNodes(), provider(steps)));
        RunOptions opts = new RunOptions(out, 1L, Map.of(), Map.of("iterations", 1L), 0);
        assertThat(runner.run(runner.prepare(doc, opts), RunListener.NONE, null, new AtomicBoolean()).status())
                .isEqualTo("completed");
        String metrics = Files.readString(out.resolve("metrics.csv"));
        String record = Files.readString(out.resolve("run.json"));

        Runner.Prepared again = runner.prepare(doc, opts);
        assertThatThrownBy(() -> runner.claim(again, false)).isInstanceOf(RunDirectoryException.class)
                .hasMessageContaining("holds an earlier run (status completed)")
                .hasMessageContaining("new --out directory").hasMessageContaining("--force")
                .hasMessageContaining("run --resume " + out);
        RunResult refused = runner.run(again, RunListener.NONE, null, new AtomicBoolean());
        assertThat(refused.status()).isEqualTo("failed");
        assertThat(refused.error()).contains("holds an earlier run");
        assertThat(Files.readString(out.resolve("metrics.csv"))).isEqualTo(metrics);
        assertThat(Files.readString(out.resolve("run.json"))).isEqualTo(record);

        // Asked to replace it, the new run starts from empty files.
        Runner.Prepared replacing = runner.claim(runner.prepare(doc, opts.withOutDir(out)), true);
        RunResult r = runner.run(replacing, RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).isEqualTo("completed");
        assertThat(Files.readAllLines(out.resolve("metrics.csv")).stream().filter(l -> l.startsWith("step,")))
                .hasSize(1);
    }

    @Test
    void aDirectoryALiveRunHoldsIsRefusedAndRunJsonReadsRunningMeanwhile(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        GraphDocument doc = new GraphFile().read(Repo.sample("ppo-cartpole.json"));
        Runner runner = new Runner(NodeRegistry.load(null));
        Runner.Prepared first = runner.claim(runner.prepare(doc,
                new RunOptions(out, 1L, Map.of(), Map.of("iterations", 1L), 0)), false);
        try {
            Files.writeString(out.resolve("run.json"), "{\"id\":\"run\",\"status\":\"running\",\"seed\":1}");
            assertThat(RunData.readRecord(out).status()).as("held by a live run").isEqualTo("running");
            assertThatThrownBy(() -> runner.claim(runner.prepare(doc, first.options()), true))
                    .isInstanceOf(RunDirectoryException.class).hasMessageContaining("in use by a live run");
        } finally {
            first.lock().close();
        }
        // The holder is gone without writing an outcome (as after SIGKILL): readers see an interrupted run.
        assertThat(RunData.readRecord(out).status()).isEqualTo("interrupted");
        assertThat(RunData.readRecord(out).error()).contains("ended without recording an outcome");
    }

    @Test
    void anOutThatIsAFileIsRefusedSayingWhy(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
        GraphDocument doc = new GraphFile().read(Repo.sample("ppo-cartpole.json"));
        Runner runner = new Runner(NodeRegistry.load(null));
        assertThatThrownBy(() -> runner.claim(runner.prepare(doc, RunOptions.defaults().withOutDir(file)), false))
                .isInstanceOf(RunDirectoryException.class).hasMessageContaining("is a file, not a directory");
        assertThat(Files.readString(file)).isEqualTo("mine");
    }

    @Test
    void defaultDirectoryNamesAreShortAndSafeWhateverTheGraphName() {
        GraphDocument doc = new GraphDocument("Ünïcode / PPO: " + "x".repeat(300) + " <CartPole>?*");
        Path dir = Runner.defaultDir(doc, 42);
        String name = dir.getFileName().toString();
        assertThat(name).matches("[0-9]{8}-[0-9]{6}-[a-z0-9-]+-s42(-[0-9]+)?");
        assertThat(name.length()).isLessThanOrEqualTo(16 + Runner.MAX_SLUG + 8);
        assertThat(Runner.defaultDir(new GraphDocument("***"), 1).getFileName().toString()).contains("-graph-s1");
    }

    @Test
    void graphJsonRecordsTheSeedAndTheEnvStepsBudgetThatRan(@TempDir Path tmp) throws Exception {
        GraphDocument doc = new GraphFile().read(Repo.sample("ppo-cartpole.json"));
        doc.run().remove("seed");
        doc.run().remove("budget");
        Runner runner = new Runner(NodeRegistry.load(null));
        Runner.Prepared p = runner.prepare(doc, new RunOptions(tmp.resolve("r"), null, Map.of(),
                Map.of("iterations", 1L), 0));
        RunResult r = runner.run(p, RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).isEqualTo("completed");
        GraphDocument asRun = new GraphFile().read(tmp.resolve("r/graph.json"));
        assertThat(asRun.run().get("seed").asLong()).isEqualTo(1);
        assertThat(asRun.run().path("budget").get("env_steps").asLong()).isEqualTo(100_000);
    }

    @Test
    void describeNamesEveryCauseOnce() {
        Throwable t = new LinkageError("outer", new IllegalStateException("inner"));
        assertThat(Runner.describe(t))
                .isEqualTo("java.lang.LinkageError: outer (caused by java.lang.IllegalStateException: inner)");
    }
}
