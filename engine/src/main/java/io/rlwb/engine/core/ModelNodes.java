package io.rlwb.engine.core;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.nn.OptimizerFactory;
import io.rlwb.engine.rl.CategoricalMlpPolicy;
import io.rlwb.engine.rl.Critic;
import io.rlwb.engine.rl.MlpCritic;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** Policy, critic and optimiser node types of the core. */
final class ModelNodes {
    private ModelNodes() {}

    static final PortSpec<EnvFactory> POLICY_ENV = PortSpec.in("env", PortTypes.ENV,
            "Environment whose spaces size the network");
    static final PortSpec<Policy> POLICY_OUT = PortSpec.out("policy",
            PortTypes.POLICY.with(PortTypes.TRAINABLE, PortTypes.REPLICABLE),
            "The policy (one set of parameters however often it is wired)");
    static final PortSpec<EnvFactory> CRITIC_ENV = PortSpec.in("env", PortTypes.ENV,
            "Environment whose observation size sizes the network");
    static final PortSpec<Critic> CRITIC_OUT = PortSpec.out("critic", PortTypes.CRITIC, "The critic");
    static final PortSpec<OptimizerFactory> ADAM_OUT = PortSpec.out("optimizer", PortTypes.OPTIMIZER,
            "Makes an optimiser for a trainer's parameters");

    static List<NodeType> all() {
        return List.of(policy(), critic(), adam());
    }

    private static ParamSpec hidden() {
        return ParamSpec.ofIntList("hidden", List.of(64, 64), 1, 4096, "units", "Hidden layer sizes");
    }

    private static ParamSpec activation() {
        return ParamSpec.ofChoice("activation", "tanh", List.of("tanh", "relu"), "Hidden-layer activation");
    }

    static NodeType policy() {
        return NodeType.builder("core/policy.mlp", 1)
                .category("Policy").displayName("MLP categorical policy")
                .description("A multilayer perceptron giving logits of a categorical distribution over discrete "
                        + "actions; orthogonal initialisation (output gain 0.01), as CleanRL's PPO.")
                .input(POLICY_ENV)
                .output(POLICY_OUT)
                .param(hidden()).param(activation())
                .infer(ctx -> {
                    EnvSpec s = ctx.inputShape(POLICY_ENV, EnvSpec.class);
                    if (s == null) return;
                    if (!s.actions().discrete()) {
                        ctx.error(POLICY_ENV.name(), "a categorical policy needs a discrete action space; " + s.describe()
                                + " has " + s.actions());
                        return;
                    }
                    ctx.outputShape(POLICY_OUT, s);
                })
                .factory(ctx -> {
                    EnvSpec s = ctx.component(POLICY_ENV).spec();
                    CategoricalMlpPolicy p = new CategoricalMlpPolicy(s, ctx.intListParam("hidden"),
                            activation(ctx.stringParam("activation")), ctx.rngSeed(), DataType.FLOAT);
                    return NodeInstance.ofComponent(POLICY_OUT, p, p.parameters());
                })
                .build();
    }

    static NodeType critic() {
        return NodeType.builder("core/critic.mlp", 1)
                .category("Critic").displayName("MLP value critic")
                .description("A multilayer perceptron estimating the state value V(s); squared-error loss, "
                        + "optionally clipped as in PPO.")
                .input(CRITIC_ENV)
                .output(CRITIC_OUT)
                .param(hidden()).param(activation())
                .infer(ctx -> {
                    EnvSpec s = ctx.inputShape(CRITIC_ENV, EnvSpec.class);
                    if (s != null) ctx.outputShape(CRITIC_OUT, s);
                })
                .factory(ctx -> {
                    EnvSpec s = ctx.component(CRITIC_ENV).spec();
                    MlpCritic c = new MlpCritic(s, ctx.intListParam("hidden"), activation(ctx.stringParam("activation")),
                            ctx.rngSeed(), DataType.FLOAT);
                    return NodeInstance.ofComponent(CRITIC_OUT, c, c.parameters());
                })
                .build();
    }

    static NodeType adam() {
        return NodeType.builder("core/optim.adam", 1)
                .category("Optimiser").displayName("Adam")
                .description("Adam (Kingma & Ba) with PyTorch's bias correction; optional linear annealing of "
                        + "the learning rate to zero over the env_steps budget.")
                .output(ADAM_OUT)
                .param(ParamSpec.ofFloat("lr", 2.5e-4, 1e-7, 1.0, "", "Learning rate"))
                .param(ParamSpec.ofFloat("beta1", 0.9, 0.0, 0.999999, "", "First-moment decay"))
                .param(ParamSpec.ofFloat("beta2", 0.999, 0.0, 0.999999, "", "Second-moment decay"))
                .param(ParamSpec.ofFloat("eps", 1e-5, 1e-12, 1.0, "", "Added to the root of the second moment"))
                .param(ParamSpec.ofBool("anneal", true, "Decay the learning rate linearly to zero over the budget"))
                .factory(ctx -> {
                    double lr = ctx.doubleParam("lr");
                    double b1 = ctx.doubleParam("beta1");
                    double b2 = ctx.doubleParam("beta2");
                    double eps = ctx.doubleParam("eps");
                    boolean anneal = ctx.boolParam("anneal");
                    OptimizerFactory f = params -> new Adam(params, lr, b1, b2, eps, anneal);
                    return NodeInstance.ofComponent(ADAM_OUT, f);
                })
                .build();
    }

    static Activation activation(String name) {
        return "relu".equals(name) ? Activation.RELU : Activation.TANH;
    }
}
