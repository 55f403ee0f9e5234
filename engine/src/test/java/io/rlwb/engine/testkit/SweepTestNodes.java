package io.rlwb.engine.testkit;

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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trainer for the sweep and trial-runner tests (engine's local runner, the Spark executor) that does what its
 * parameters say: records {@code test/value = value * 1000 + seed} every iteration (so every trial's result is known
 * in advance), throws when {@code fail} is true (counting its attempts in this JVM, {@link #FAILED_ATTEMPTS}), and
 * when {@code gate} names a gate waits, before iteration {@code gate_at}, until the test {@linkplain #open opens} it
 * or the run is cancelled. The gates are static, in this JVM: they hold trials that run in the test's JVM (worker
 * threads, Spark local masters). The Spark tests register this provider as a service so that executors on other JVMs
 * find it among the shipped test classes.
 */
public final class SweepTestNodes implements NodeProvider {
    public static final String TRAINER = "sweeptest/trainer";
    public static final MetricSpec VALUE = MetricSpec.of("test/value", MetricSpec.Role.DETAIL, "value * 1000 + seed");
    /** Attempts of trainers told to fail, in this JVM. */
    public static final AtomicInteger FAILED_ATTEMPTS = new AtomicInteger();
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    /** The core node types and this one. */
    public static NodeRegistry registry() {
        return NodeRegistry.of(new CoreNodes(), new SweepTestNodes());
    }

    public static CountDownLatch gate(String name) {
        return GATES.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    public static void open(String name) {
        gate(name).countDown();
    }

    /** A graph of one test trainer: 3 iterations of 10 env steps, a gate (if set) waiting before iteration gateAt. */
    public static String graph(String name, int gateAt) {
        return """
                {"format": "workbench-graph", "version": 1, "name": "%s",
                 "run": {"seed": 1, "budget": {"env_steps": 30}},
                 "nodes": [{"id": "t", "type": "%s", "typeVersion": 1, "params": {"gate_at": %d}}],
                 "edges": []}
                """.formatted(name, TRAINER, gateAt);
    }

    /** {@link #graph} (named {@code tiny}, gates before the first step) written to {@code dir/tiny.json}. */
    public static Path writeGraph(Path dir) throws IOException {
        return Files.writeString(dir.resolve("tiny.json"), graph("tiny", 0));
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
                .param(ParamSpec.ofString("gate", "", "Wait for this gate before iteration gate_at"))
                .param(ParamSpec.ofInt("gate_at", 0, 0, 2, "", "The iteration (from 0) that waits for the gate"))
                .param(ParamSpec.ofChoice("mode", "a", List.of("a", "b"), "A choice to vary"))
                .metrics(VALUE)
                .factory(ctx -> {
                    double value = ctx.doubleParam("value");
                    boolean fail = ctx.boolParam("fail");
                    String gate = ctx.stringParam("gate");
                    int gateAt = ctx.intParam("gate_at");
                    AtomicInteger iteration = new AtomicInteger();
                    return (Trainer) run -> {
                        if (fail) {
                            FAILED_ATTEMPTS.incrementAndGet();
                            throw new IllegalStateException("told to fail (seed " + run.seed() + ")");
                        }
                        if (!gate.isEmpty() && iteration.getAndIncrement() == gateAt) {
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
