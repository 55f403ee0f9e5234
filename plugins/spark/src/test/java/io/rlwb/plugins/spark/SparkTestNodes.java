package io.rlwb.plugins.spark;

import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.Trainer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trainer for the Spark executor's tests, registered as a service so executors on other JVMs find it among the
 * shipped test classes: records {@code test/value = value * 1000 + seed} every iteration, throws when {@code fail}
 * is true (counting its attempts in this JVM), and with a {@code gate} waits after its first iteration until the test
 * opens the gate or the run is cancelled (in-JVM gates: local masters only).
 */
public final class SparkTestNodes implements NodeProvider {
    static final String TRAINER = "sparktest/trainer";
    static final MetricSpec VALUE = MetricSpec.of("test/value", MetricSpec.Role.DETAIL, "value * 1000 + seed");
    static final AtomicInteger FAILED_ATTEMPTS = new AtomicInteger();
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    static CountDownLatch gate(String name) {
        return GATES.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    /** A graph of one test trainer: 3 iterations of 10 env steps. */
    static String graph() {
        return """
                {"format": "workbench-graph", "version": 1, "name": "spark-tiny",
                 "run": {"seed": 1, "budget": {"env_steps": 30}},
                 "nodes": [{"id": "t", "type": "sparktest/trainer", "typeVersion": 1, "params": {}}],
                 "edges": []}
                """;
    }

    @Override public String name() { return "spark-test"; }

    @Override public String version() { return "0"; }

    @Override
    public List<NodeType> nodeTypes() {
        return List.of(NodeType.builder(TRAINER, 1).category("Trainer").displayName("Spark test trainer")
                .role(NodeRole.TRAINER)
                .param(ParamSpec.ofFloat("value", 1.0, 0.0, 100.0, "", "Recorded as value * 1000 + seed"))
                .param(ParamSpec.ofBool("fail", false, "Throw in the first iteration"))
                .param(ParamSpec.ofString("gate", "", "Wait for this gate after the first iteration"))
                .metrics(VALUE)
                .factory(ctx -> {
                    double value = ctx.doubleParam("value");
                    boolean fail = ctx.boolParam("fail");
                    String gate = ctx.stringParam("gate");
                    AtomicInteger iteration = new AtomicInteger();
                    return (Trainer) run -> {
                        if (fail) {
                            FAILED_ATTEMPTS.incrementAndGet();
                            throw new IllegalStateException("told to fail (seed " + run.seed() + ")");
                        }
                        if (!gate.isEmpty() && iteration.getAndIncrement() == 1) {
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
