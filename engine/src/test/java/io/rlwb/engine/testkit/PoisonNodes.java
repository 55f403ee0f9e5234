package io.rlwb.engine.testkit;

import io.rlwb.engine.env.Env;
import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import java.util.List;

/**
 * A fault injector for divergence tests: {@value #POISON} wraps the wired environment and, once an instance has
 * taken {@code after_steps} steps, makes every reward it returns NaN, so that whatever trains on it meets a NaN
 * in its losses. Register with {@code NodeRegistry.of(new CoreNodes(), ..., new PoisonNodes())}; {@link #insert}
 * puts it between a graph's environment and the node that collects training data.
 */
public final class PoisonNodes implements NodeProvider {
    /** Type id of the reward poisoner. */
    public static final String POISON = "test/env.poisoned";
    static final PortSpec<EnvFactory> IN = PortSpec.in("env", PortTypes.ENV, "Environment to poison");
    static final PortSpec<EnvFactory> OUT = PortSpec.out("env", PortTypes.ENV, "The same, with NaN rewards later");

    @Override
    public String name() {
        return "poison-nodes";
    }

    @Override
    public String version() {
        return "0.0.1-test";
    }

    @Override
    public List<NodeType> nodeTypes() {
        return List.of(NodeType.builder(POISON, 1)
                .category("Environment").displayName("Poisoned rewards (test)")
                .description("The wired environment, whose rewards turn NaN after after_steps steps per instance.")
                .input(IN)
                .output(OUT)
                .param(ParamSpec.ofInt("after_steps", 10, 0, 1_000_000, "steps", "Clean steps per instance"))
                .infer(ctx -> ctx.outputShape(OUT, ctx.inputShape(IN, EnvSpec.class)))
                .factory(ctx -> {
                    EnvFactory inner = ctx.component(IN);
                    int after = ctx.intParam("after_steps");
                    EnvFactory f = new EnvFactory() {
                        @Override public EnvSpec spec() { return inner.spec(); }

                        @Override public Env create() { return new Poisoned(inner.create(), after); }
                    };
                    return NodeInstance.ofComponent(OUT, f);
                })
                .build());
    }

    /**
     * Puts a poison node (id {@code poison}) between {@code envNode.env} and {@code consumerPort}, leaving the
     * environment's other wires (policy, critic, evaluation) clean.
     */
    public static void insert(GraphDocument g, String envNode, String consumerPort, int afterSteps) {
        GraphNode p = new GraphNode("poison", POISON, 1);
        p.params().put("after_steps", afterSteps);
        g.nodes().add(p);
        String from = envNode + ".env";
        boolean found = g.edges().removeIf(e -> e.from().equals(from) && e.to().equals(consumerPort));
        if (!found) throw new IllegalArgumentException("no wire " + from + " -> " + consumerPort);
        g.edges().add(new GraphEdge(from, "poison.env"));
        g.edges().add(new GraphEdge("poison.env", consumerPort));
    }

    /** Counts its steps across resets; from step {@code after + 1} on, every reward is NaN. */
    private static final class Poisoned implements Env {
        private final Env inner;
        private final int after;
        private long steps;

        Poisoned(Env inner, int after) {
            this.inner = inner;
            this.after = after;
        }

        @Override public EnvSpec spec() { return inner.spec(); }

        @Override public void reset(long seed, float[] obs) { inner.reset(seed, obs); }

        @Override public void reset(float[] obs) { inner.reset(obs); }

        @Override
        public StepEnd step(float[] action, float[] obs, float[] reward) {
            StepEnd end = inner.step(action, obs, reward);
            if (++steps > after) java.util.Arrays.fill(reward, Float.NaN);
            return end;
        }
    }
}
