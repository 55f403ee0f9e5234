package io.rlwb.engine.testkit;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.Env;
import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import java.util.List;

/**
 * Node types for validation and registry tests, declared the way the core declares its own: an environment
 * whose shapes differ from CartPole's, and a data relay that makes cycles and chains possible. Register with
 * {@code NodeRegistry.of(new CoreNodes(), new TestNodes())}. Not runnable: their factories refuse.
 */
public final class TestNodes implements NodeProvider {
    /** Type id of the box environment: obs 3, a one-dimensional Box action space in [-2, 2]. */
    public static final String BOX3 = "test/env.box3";
    /** Type id of the relay: trajectories on {@code in}, the same on {@code out}. */
    public static final String RELAY = "test/relay";
    /** A former id of {@link #RELAY}, for alias tests. */
    public static final String RELAY_ALIAS = "test/passthrough";

    @Override
    public String name() {
        return "test-nodes";
    }

    @Override
    public String version() {
        return "0.0.1-test";
    }

    @Override
    public List<NodeType> nodeTypes() {
        return List.of(box3(), relay());
    }

    /** The shape {@link #BOX3} puts on its {@code env} port. */
    public static EnvSpec box3Spec(int maxSteps) {
        return new EnvSpec("Box3", 3, ActionSpace.box(1, -2, 2), List.of("reward"), maxSteps);
    }

    static NodeType box3() {
        return NodeType.builder(BOX3, 1)
                .category("Environment").displayName("Box3 (test)")
                .description("A test environment with three observations and one continuous action.")
                .output(PortSpec.out("env", PortTypes.ENV, "The environment definition"))
                .param(ParamSpec.ofInt("max_steps", 100, 1, 10_000, "steps", "Time limit"))
                .infer(ctx -> ctx.outputShape("env", box3Spec(ctx.intParam("max_steps"))))
                .factory(ctx -> {
                    EnvSpec spec = box3Spec(ctx.intParam("max_steps"));
                    EnvFactory f = new EnvFactory() {
                        @Override public EnvSpec spec() { return spec; }

                        @Override public Env create() {
                            throw new UnsupportedOperationException("test/env.box3 only declares shapes");
                        }
                    };
                    return new Box3(f);
                })
                .build();
    }

    static NodeType relay() {
        return NodeType.builder(RELAY, 1)
                .category("Data").displayName("Relay (test)")
                .description("Hands its input batch on unchanged.")
                .alias(RELAY_ALIAS)
                .input(PortSpec.in("in", PortTypes.TRAJECTORIES, "Batch in"))
                .output(PortSpec.out("out", PortTypes.TRAJECTORIES, "The same batch"))
                .infer(ctx -> {
                    Object s = ctx.inputShape("in", Object.class);
                    if (s != null) ctx.outputShape("out", s);
                })
                .factory(ctx -> {
                    var in = ctx.data("in", Object.class);
                    return new NodeInstance() {
                        @Override public Object compute(String port) { return in.get(); }
                    };
                })
                .build();
    }

    /** The instance of a box environment node: hands out its factory on {@code env}. */
    record Box3(EnvFactory factory) implements NodeInstance {
        @Override
        public Object component(String port) {
            if (!"env".equals(port)) throw new IllegalArgumentException("no component output '" + port + "'");
            return factory;
        }
    }
}
