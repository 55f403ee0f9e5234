package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.rl.Critic;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** Distributional state-value critics that plug into the core's {@code critic} port. */
final class CriticNodes {
    private static final PortSpec<EnvFactory> ENV_IN =
            PortSpec.in("env", PortTypes.ENV, "Environment whose observation size sizes the network");
    private static final PortSpec<Critic> CRITIC_OUT = PortSpec.out("critic", PortTypes.CRITIC, "The critic");

    private CriticNodes() {}

    /** The critic's shape is the environment's: it values states of that environment. */
    private static void passEnvShape(io.rlwb.engine.spi.InferContext ctx) {
        EnvSpec s = ctx.inputShape(ENV_IN, EnvSpec.class);
        if (s != null) ctx.outputShape(CRITIC_OUT, s);
    }

    static List<NodeType> all() {
        return List.of(hlGauss(), quantile(), gaussian());
    }

    static NodeType hlGauss() {
        return NodeType.builder("distributional/critic.hlgauss", 1)
                .category("Critic").displayName("HL-Gauss value critic")
                .description("Categorical value critic (\"Stop Regressing\"): K bin logits on [v_min, v_max], "
                        + "trained by cross-entropy to a Gaussian-smoothed histogram of each return; V(s) is the "
                        + "mean bin centre. PPO's value clipping does not apply to this loss.")
                .input(ENV_IN).output(CRITIC_OUT).snapshot(ProbeRecorder.SNAPSHOT)
                .param(Nodes.hidden(64, 64)).param(Nodes.activationParam("tanh"))
                .param(ParamSpec.ofInt("bins", 51, 2, 10_000, "bins", "Number of histogram bins K"))
                .param(ParamSpec.ofFloat("v_min", 0.0, null, null, "", "Lower end of the value support"))
                .param(ParamSpec.ofFloat("v_max", 100.0, null, null, "", "Upper end of the value support"))
                .param(ParamSpec.ofFloat("sigma_ratio", 0.75, 1e-3, 100.0, "bin widths",
                        "Smoothing sigma as a multiple of the bin width (paper: 0.75)"))
                .param(Nodes.probes()).param(Nodes.snapshotEvery())
                .infer(ctx -> {
                    EnvSpec s = ctx.inputShape(ENV_IN, EnvSpec.class);
                    Nodes.checkSupport(ctx);
                    if (s != null) ctx.outputShape(CRITIC_OUT, s);
                })
                .factory(ctx -> {
                    EnvSpec s = ctx.component(ENV_IN).spec();
                    HlGauss hl = new HlGauss(ctx.intParam("bins"), ctx.doubleParam("v_min"), ctx.doubleParam("v_max"),
                            ctx.doubleParam("sigma_ratio"));
                    HlGaussCritic c = new HlGaussCritic(s, ctx.intListParam("hidden"),
                            Nodes.activation(ctx.stringParam("activation")), hl, ctx.rngSeed(), DataType.FLOAT,
                            ProbeRecorder.of(ctx));
                    return NodeInstance.ofComponent(CRITIC_OUT, c, c.parameters());
                })
                .build();
    }

    static NodeType quantile() {
        return NodeType.builder("distributional/critic.quantile", 1)
                .category("Critic").displayName("Quantile value critic")
                .description("Quantile-regression value critic (QR-DQN's loss): N quantiles of the return at "
                        + "tau_i = (2i+1)/2N, trained by the quantile Huber loss; V(s) is their mean. PPO's value "
                        + "clipping does not apply to this loss.")
                .input(ENV_IN).output(CRITIC_OUT).snapshot(ProbeRecorder.SNAPSHOT)
                .param(Nodes.hidden(64, 64)).param(Nodes.activationParam("tanh"))
                .param(ParamSpec.ofInt("quantiles", 32, 1, 10_000, "", "Number of quantiles N"))
                .param(ParamSpec.ofFloat("kappa", 1.0, 1e-6, 1e6, "", "Huber threshold of the quantile loss"))
                .param(Nodes.probes()).param(Nodes.snapshotEvery())
                .infer(CriticNodes::passEnvShape)
                .factory(ctx -> {
                    EnvSpec s = ctx.component(ENV_IN).spec();
                    QuantileCritic c = new QuantileCritic(s, ctx.intListParam("hidden"),
                            Nodes.activation(ctx.stringParam("activation")), ctx.intParam("quantiles"),
                            ctx.doubleParam("kappa"), ctx.rngSeed(), DataType.FLOAT,
                            ProbeRecorder.of(ctx));
                    return NodeInstance.ofComponent(CRITIC_OUT, c, c.parameters());
                })
                .build();
    }

    static NodeType gaussian() {
        return NodeType.builder("distributional/critic.gaussian", 1)
                .category("Critic").displayName("Gaussian value critic")
                .description("Gaussian value critic with mean and sigma heads (DSAC-T's parameterisation, sigma = "
                        + "softplus): trained by the Gaussian negative log-likelihood of each return; V(s) is the mean. "
                        + "PPO's value clipping does not apply to this loss.")
                .input(ENV_IN).output(CRITIC_OUT).snapshot(ProbeRecorder.SNAPSHOT)
                .param(Nodes.hidden(64, 64)).param(Nodes.activationParam("tanh"))
                .param(Nodes.probes()).param(Nodes.snapshotEvery())
                .infer(CriticNodes::passEnvShape)
                .factory(ctx -> {
                    EnvSpec s = ctx.component(ENV_IN).spec();
                    GaussianCritic c = new GaussianCritic(s, ctx.intListParam("hidden"),
                            Nodes.activation(ctx.stringParam("activation")), ctx.rngSeed(), DataType.FLOAT,
                            ProbeRecorder.of(ctx));
                    return NodeInstance.ofComponent(CRITIC_OUT, c, c.parameters());
                })
                .build();
    }
}
