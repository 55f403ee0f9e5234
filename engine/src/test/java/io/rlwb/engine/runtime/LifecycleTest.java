package io.rlwb.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.engine.store.RunStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime closes every instance it built, in reverse build order, however the run ends (ADR 0020). */
class LifecycleTest {
    private final List<String> built = new ArrayList<>();
    private final List<String> closed = new ArrayList<>();

    private NodeType closer() {
        return NodeType.builder("test/closer", 1).category("Test").displayName("Closer")
                .factory(ctx -> {
                    String id = ctx.nodeId();
                    built.add(id);
                    return new NodeInstance() {
                        @Override public void close() {
                            closed.add(id);
                            if (id.equals("bad")) throw new IllegalStateException("file handle stuck");
                        }
                    };
                })
                .build();
    }

    /** A trainer that takes 10 steps per iteration and, in iteration {@code failAt}, fails. */
    private NodeType trainer(long failAt) {
        return NodeType.builder("test/trainer", 1).category("Trainer").displayName("T").role(NodeRole.TRAINER)
                .factory(ctx -> {
                    String id = ctx.nodeId();
                    built.add(id);
                    return new Trainer() {
                        @Override public void iterate(io.rlwb.engine.spi.RunServices run) {
                            run.addEnvSteps(10);
                            if (run.iteration() == failAt) throw new IllegalStateException("boom");
                        }

                        @Override public void close() { closed.add(id); }
                    };
                })
                .build();
    }

    private RunResult run(Path out, long failAt, AtomicBoolean cancel, RunListener l, String... closers) throws Exception {
        GraphDocument doc = new GraphFile().read(io.rlwb.engine.testkit.Repo.sample("ppo-cartpole.json"));
        doc.nodes().clear();
        doc.edges().clear();
        for (String c : closers) doc.nodes().add(new GraphNode(c, "test/closer", 1));
        doc.nodes().add(new GraphNode("trainer", "test/trainer", 1));
        NodeType tr = trainer(failAt);
        NodeType cl = closer();
        Runner runner = new Runner(NodeRegistry.of(new NodeProvider() {
            @Override public String name() { return "test"; }

            @Override public String version() { return "0"; }

            @Override public List<NodeType> nodeTypes() { return List.of(cl, tr); }
        }));
        return runner.run(runner.prepare(doc, new RunOptions(out, 1L, Map.of(), Map.of("env_steps", 50L), 0)), l,
                null, cancel);
    }

    private List<String> reversedBuilt() {
        List<String> r = new ArrayList<>(built);
        Collections.reverse(r);
        return r;
    }

    @Test
    void aCompletedRunClosesEveryInstanceInReverseBuildOrder(@TempDir Path tmp) throws Exception {
        RunResult r = run(tmp.resolve("a"), -1, new AtomicBoolean(), RunListener.NONE, "a", "b", "c");
        assertThat(r.status()).isEqualTo("completed");
        assertThat(built).hasSize(4);
        assertThat(closed).isEqualTo(reversedBuilt());
    }

    @Test
    void aFailedRunClosesEveryInstance(@TempDir Path tmp) throws Exception {
        RunResult r = run(tmp.resolve("f"), 2, new AtomicBoolean(), RunListener.NONE, "a", "b");
        assertThat(r.status()).isEqualTo("failed");
        assertThat(closed).isEqualTo(reversedBuilt());
    }

    @Test
    void aCancelledRunClosesEveryInstance(@TempDir Path tmp) throws Exception {
        AtomicBoolean cancel = new AtomicBoolean();
        RunResult r = run(tmp.resolve("c"), -1, cancel, new RunListener() {
            @Override public void progress(RunProgress p) { cancel.set(true); }
        }, "a", "b");
        assertThat(r.status()).isEqualTo("cancelled");
        assertThat(closed).isEqualTo(reversedBuilt());
    }

    @Test
    void aCloseErrorIsCollectedTheOthersStillCloseAndTheRunFailsNamingTheNode(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("e");
        RunResult r = run(out, -1, new AtomicBoolean(), RunListener.NONE, "a", "bad", "c");
        assertThat(closed).isEqualTo(reversedBuilt());
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.error()).contains("bad: cannot close").contains("file handle stuck");
        assertThat(RunStore.readRunRecord(out).error()).contains("bad: cannot close");
    }
}
