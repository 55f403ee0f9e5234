package io.rlwb.engine.core;

import io.rlwb.engine.env.CartPole;
import io.rlwb.engine.env.Env;
import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.SyncVecEnv;
import io.rlwb.engine.env.VecEnv;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import java.util.List;

/** Environment node types of the core. */
final class EnvNodes {
    private EnvNodes() {}

    static final PortSpec<EnvFactory> CARTPOLE_ENV = PortSpec.out("env", PortTypes.ENV, "The environment definition");
    static final PortSpec<EnvFactory> VECTOR_IN = PortSpec.in("env", PortTypes.ENV, "Environment to replicate");
    static final PortSpec<VecEnv> VECTOR_OUT = PortSpec.out("env", PortTypes.VEC_ENV, "The batch of instances");

    static List<NodeType> all() {
        return List.of(cartPole(), vector());
    }

    static NodeType cartPole() {
        return NodeType.builder("core/env.cartpole", 1)
                .category("Environment").displayName("CartPole-v1")
                .description("Gymnasium's CartPole-v1: balance a pole on a cart; reward 1 per step, "
                        + "episode truncated at max_steps.")
                .output(CARTPOLE_ENV)
                .param(ParamSpec.ofInt("max_steps", 500, 1, 100_000, "steps",
                        "Time limit: the episode is truncated (not terminated) after this many steps"))
                .infer(ctx -> ctx.outputShape(CARTPOLE_ENV, new CartPole(ctx.intParam("max_steps")).spec()))
                .factory(ctx -> {
                    int max = ctx.intParam("max_steps");
                    EnvSpec spec = new CartPole(max).spec();
                    EnvFactory f = new EnvFactory() {
                        @Override public EnvSpec spec() { return spec; }

                        @Override public Env create() { return new CartPole(max); }
                    };
                    return NodeInstance.ofComponent(CARTPOLE_ENV, f);
                })
                .build();
    }

    static NodeType vector() {
        return NodeType.builder("core/env.vector", 1)
                .category("Environment").displayName("Vector env")
                .description("Steps several instances of the wired environment together, resetting each "
                        + "when its episode ends (same-step autoreset).")
                .input(VECTOR_IN)
                .output(VECTOR_OUT)
                .param(ParamSpec.ofInt("num_envs", 4, 1, 4096, "envs", "Number of instances stepped together"))
                .infer(ctx -> ctx.outputShape(VECTOR_OUT, ctx.inputShape(VECTOR_IN, EnvSpec.class)))
                .factory(ctx -> {
                    VecEnv v = new SyncVecEnv(ctx.component(VECTOR_IN), ctx.intParam("num_envs"));
                    return NodeInstance.ofComponent(VECTOR_OUT, v);
                })
                .build();
    }
}
