package io.rlwb.engine.sweep;

import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A trainer for the sweep tests that does what its parameters say: records {@code test/value = value * 1000 +
 * seed} (so every trial's result is known in advance), fails when {@code fail} is true, and when {@code gate}
 * names a gate waits until the test {@linkplain #open opens} it or the run is cancelled, then takes its steps.
 * The gates are static: the trial runs in this JVM, on a worker thread.
 */
public final class SweepTestNodes implements NodeProvider {
    static final String TRAINER = "sweeptest/trainer";
    static final MetricSpec VALUE = MetricSpec.of("test/value", MetricSpec.Role.DETAIL, "value * 1000 + seed");
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    static NodeRegistry registry() {
        return NodeRegistry.of(new CoreNodes(), new SweepTestNodes());
    }

    static CountDownLatch gate(String name) {
        return GATES.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    static void open(String name) {
        gate(name).countDown();
    }

    /** A graph of one test trainer: 3 iterations of 10 env steps. */
    static Path writeGraph(Path dir) throws IOException {
        Path g = dir.resolve("tiny.json");
        Files.writeString(g, """
                {"format": "workbench-graph", "version": 1, "name": "tiny",
                 "run": {"seed": 1, "budget": {"env_steps": 30}},
                 "nodes": [{"id": "t", "type": "sweeptest/trainer", "typeVersion": 1, "params": {}}],
                 "edges": []}
                """);
        return g;
    }

    @Override public String name() { return "sweep-test"; }

    @Override public String version() { return "0"; }

    @Override
    public List<NodeType> nodeTypes() {
        return List.of(NodeType.builder(TRAINER, 1).category("Trainer").displayName("Sweep test trainer")
                .role(NodeRole.TRAINER)
                .param(ParamSpec.ofFloat("value", 1.0, 0.0, 100.0, "", "Recorded as value * 1000 + seed"))
                .param(ParamSpec.ofInt("width", 4, 1, 64, "", "An integer to vary"))
                .param(ParamSpec.ofBool("fail", false, "Throw in the first iteration"))
                .param(ParamSpec.ofString("gate", "", "Wait for this gate before the first step"))
                .param(ParamSpec.ofChoice("mode", "a", List.of("a", "b"), "A choice to vary"))
                .metrics(VALUE)
                .factory(ctx -> {
                    double value = ctx.doubleParam("value");
                    boolean fail = ctx.boolParam("fail");
                    String gate = ctx.stringParam("gate");
                    return (Trainer) run -> {
                        if (fail) throw new IllegalStateException("told to fail (seed " + run.seed() + ")");
                        if (!gate.isEmpty()) {
                            CountDownLatch g = gate(gate);
                            try {
                                while (!run.cancelled() && !g.await(5, TimeUnit.MILLISECONDS)) {
                                    // wait for the test to open the gate, or for cancellation
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                        run.addEnvSteps(10);
                        run.metric(VALUE.key(), value * 1000 + run.seed());
                    };
                })
                .build());
    }
}
