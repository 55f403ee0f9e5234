package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.VecEnv;
import io.rlwb.engine.nn.OptimizerFactory;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.spi.BuildContext;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortKind;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortType;
import io.rlwb.engine.spi.PortTypes;
import io.rlwb.engine.spi.Trainer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** Pendulum, the tanh-Gaussian policy, the replay buffer, the twin-Q critics and the SAC and DSAC-T trainers. */
final class ContinuousNodes {
    private ContinuousNodes() {}

    static final PortType REPLAY = new PortType("replay", PortKind.COMPONENT,
            "A replay buffer that steps its environments with its policy and hands out sampled transitions");
    static final PortType Q_CRITIC = new PortType("q-critic", PortKind.COMPONENT,
            "Two action-value networks Q(s, a) with Polyak-averaged targets (SAC's twin critic)");
    static final PortType GAUSSIAN_Q_CRITIC = new PortType("gaussian-q-critic", PortKind.COMPONENT,
            "Two Gaussian return distributions N(Q(s, a), sigma(s, a)^2) with targets (DSAC-T's critic)");

    static List<NodeType> all() {
        return List.of(pendulum(), policy(), replay(), twinQ(), gaussianQ(), sac(), dsacT());
    }

    static NodeType pendulum() {
        return NodeType.builder("distributional/env.pendulum", 1)
                .category("Environment").displayName("Pendulum-v1")
                .description("Gymnasium's Pendulum-v1: swing a pendulum up and hold it; torque in [-2, 2], reward "
                        + "-(theta^2 + 0.1 theta_dot^2 + 0.001 u^2), truncated after max_steps.")
                .output(PortSpec.out("env", PortTypes.ENV, "The environment definition"))
                .param(ParamSpec.ofInt("max_steps", 200, 1, 100_000, "steps", "Time limit (truncation)"))
                .infer(ctx -> ctx.outputShape("env", Pendulum.spec(ctx.intParam("max_steps"))))
                .factory(ctx -> Nodes.component("env", Pendulum.factory(ctx.intParam("max_steps")), List.of()))
                .build();
    }

    static NodeType policy() {
        return NodeType.builder("distributional/policy.tanh_gaussian", 1)
                .category("Policy").displayName("Tanh-Gaussian policy")
                .description("SAC's actor: an MLP giving the mean and log-std of a Gaussian whose sample is squashed "
                        + "by tanh into the action box; log-std bounded to [-5, 2].")
                .input(PortSpec.in("env", PortTypes.ENV, "Environment with a box action space"))
                .output(PortSpec.out("policy", PortTypes.POLICY, "The policy"))
                .param(Nodes.hidden(64, 64)).param(Nodes.activationParam("relu"))
                .infer(ctx -> {
                    EnvSpec s = Nodes.requireBox(ctx, "env");
                    if (s != null) ctx.outputShape("policy", s);
                })
                .factory(ctx -> {
                    TanhGaussianPolicy p = new TanhGaussianPolicy(ctx.component("env", EnvFactory.class).spec(),
                            ctx.intListParam("hidden"), Nodes.activation(ctx.stringParam("activation")), ctx.rngSeed(),
                            DataType.FLOAT);
                    return Nodes.component("policy", p, p.parameters());
                })
                .build();
    }

    static NodeType replay() {
        return NodeType.builder("distributional/replay.buffer", 1)
                .category("Data").displayName("Replay buffer")
                .description("Steps the vector env with the policy (uniform random actions for the first random_steps "
                        + "steps) and stores transitions in a ring buffer that off-policy trainers sample from.")
                .input(PortSpec.in("env", PortTypes.VEC_ENV, "Environments to step"))
                .input(PortSpec.in("policy", PortTypes.POLICY, "Behaviour policy"))
                .output(PortSpec.out("replay", REPLAY, "The buffer"))
                .param(ParamSpec.ofInt("capacity", 100_000, 1, 100_000_000, "transitions", "Transitions kept"))
                .param(ParamSpec.ofInt("random_steps", 1000, 0, Integer.MAX_VALUE, "steps",
                        "Env steps taken with uniform random actions before the policy acts"))
                .infer(ctx -> {
                    EnvSpec env = ctx.inputShape("env", EnvSpec.class);
                    Nodes.expectSame(ctx, "policy", env, "the environment on 'env'");
                    if (env != null) ctx.outputShape("replay", env);
                })
                .factory(ctx -> Nodes.component("replay", new ReplayBuffer(ctx.component("env", VecEnv.class),
                        ctx.component("policy", Policy.class), ctx.intParam("capacity"), ctx.intParam("random_steps"),
                        ctx.rngSeed()), List.of()))
                .build();
    }

    private static NodeType.Builder qCritic(String id, String name, String description, PortType out) {
        return NodeType.builder(id, 1)
                .category("Critic").displayName(name).description(description)
                .input(PortSpec.in("env", PortTypes.ENV, "Environment whose observation and action sizes size the networks"))
                .output(PortSpec.out("critic", out, "The twin critic"))
                .param(Nodes.hidden(64, 64)).param(Nodes.activationParam("relu"))
                .param(Nodes.probes()).param(Nodes.snapshotEvery())
                .infer(ctx -> {
                    EnvSpec s = Nodes.requireBox(ctx, "env");
                    if (s != null) ctx.outputShape("critic", s);
                });
    }

    static NodeType twinQ() {
        return qCritic("distributional/critic.q_twin", "Twin Q critic",
                "Two MLP action-value networks Q(s, a) with Polyak-averaged target copies, as SAC uses.", Q_CRITIC)
                .factory(ctx -> twin(ctx, false)).build();
    }

    static NodeType gaussianQ() {
        return qCritic("distributional/critic.gaussian_q", "Gaussian twin Q critic",
                "Two MLPs giving the mean Q(s, a) and the standard deviation (softplus head) of a Gaussian return "
                        + "distribution, with target copies: DSAC-T's critic.", GAUSSIAN_Q_CRITIC)
                .factory(ctx -> twin(ctx, true)).build();
    }

    private static io.rlwb.engine.spi.NodeInstance twin(BuildContext ctx, boolean gaussian) {
        TwinQCritic c = new TwinQCritic(ctx.component("env", EnvFactory.class).spec(), ctx.intListParam("hidden"),
                Nodes.activation(ctx.stringParam("activation")), gaussian, ctx.rngSeed(), DataType.FLOAT,
                new ProbeRecorder(ctx.run(), ctx.nodeId(), ctx.intParam("probes"), ctx.intParam("snapshot_every")));
        return Nodes.component("critic", c, c.parameters());
    }

    private static NodeType.Builder softTrainer(String id, String name, String description, PortType critic) {
        return NodeType.builder(id, 1)
                .category("Trainer").displayName(name).role(NodeRole.TRAINER).description(description)
                .input(PortSpec.in("replay", REPLAY, "Replay buffer (it steps the environment)"))
                .input(PortSpec.in("policy", PortTypes.POLICY, "Tanh-Gaussian policy to improve"))
                .input(PortSpec.in("critic", critic, "Twin critic"))
                .input(PortSpec.in("actor_optimizer", PortTypes.OPTIMIZER, "Optimiser of the policy"))
                .input(PortSpec.in("critic_optimizer", PortTypes.OPTIMIZER, "Optimiser of the critics"))
                .param(ParamSpec.ofFloat("gamma", 0.99, 0.0, 1.0, "", "Discount factor"))
                .param(ParamSpec.ofFloat("tau", 0.005, 0.0, 1.0, "", "Polyak rate of the target critics"))
                .param(ParamSpec.ofInt("batch_size", 256, 1, 1_000_000, "transitions", "Sampled minibatch size"))
                .param(ParamSpec.ofInt("learning_starts", 1000, 0, Integer.MAX_VALUE, "steps",
                        "Env steps stored before the first update"))
                .param(ParamSpec.ofInt("steps_per_iteration", 50, 1, 1_000_000, "steps",
                        "Env steps per trainer iteration (metrics are averaged per iteration)"))
                .param(ParamSpec.ofInt("updates_per_step", 1, 1, 1000, "updates", "Gradient updates after each env step"))
                .param(ParamSpec.ofFloat("alpha", 0.2, 1e-8, 100.0, "", "Initial entropy temperature"))
                .param(ParamSpec.ofBool("autotune", true, "Tune the temperature toward the target entropy"))
                .param(ParamSpec.ofFloat("alpha_lr", 1e-3, 1e-7, 1.0, "", "Learning rate of log alpha"))
                .param(ParamSpec.ofFloat("target_entropy_scale", 1.0, 0.0, 100.0, "",
                        "Target entropy = -scale * action dimensions"))
                .infer(ctx -> {
                    EnvSpec r = ctx.inputShape("replay", EnvSpec.class);
                    Nodes.expectSame(ctx, "policy", r, "the replay buffer's environment");
                    Nodes.expectSame(ctx, "critic", r, "the replay buffer's environment");
                });
    }

    static SoftActorCritic.Settings settings(BuildContext ctx) {
        return new SoftActorCritic.Settings(ctx.doubleParam("gamma"), ctx.doubleParam("tau"), ctx.intParam("batch_size"),
                ctx.longParam("learning_starts"), ctx.intParam("steps_per_iteration"), ctx.intParam("updates_per_step"),
                ctx.doubleParam("alpha"), ctx.boolParam("autotune"), ctx.doubleParam("alpha_lr"),
                ctx.doubleParam("target_entropy_scale"));
    }

    static TanhGaussianPolicy tanhPolicy(BuildContext ctx) {
        Policy p = ctx.component("policy", Policy.class);
        if (!(p instanceof TanhGaussianPolicy t)) {
            throw new IllegalArgumentException(ctx.nodeId() + ".policy: needs a distributional/policy.tanh_gaussian, got "
                    + p.getClass().getSimpleName());
        }
        return t;
    }

    static NodeType sac() {
        return softTrainer("distributional/trainer.sac", "SAC trainer",
                "Soft Actor-Critic with twin critics, Polyak targets and automatic entropy temperature: after each "
                        + "env step, updates_per_step critic, actor and temperature updates.", Q_CRITIC)
                .factory(ctx -> {
                    TanhGaussianPolicy p = tanhPolicy(ctx);
                    TwinQCritic c = ctx.component("critic", TwinQCritic.class);
                    SacTrainer t = new SacTrainer(ctx.component("replay", ReplayBuffer.class), p, c,
                            ctx.component("actor_optimizer", OptimizerFactory.class).create(p.parameters()),
                            ctx.component("critic_optimizer", OptimizerFactory.class).create(c.parameters()),
                            settings(ctx), ctx.rngSeed());
                    return (Trainer) t::iterate;
                }).build();
    }

    static NodeType dsacT() {
        return softTrainer("distributional/trainer.dsac_t", "DSAC-T trainer",
                "Distributional SAC with three refinements (expected-value substitution, twin value distributions, "
                        + "variance-based critic-gradient adjustment), each switchable for ablations.", GAUSSIAN_Q_CRITIC)
                .param(ParamSpec.ofBool("expected_value_substitution", true,
                        "Fit the mean to the expected target y_q (off: to the clipped sampled target)"))
                .param(ParamSpec.ofBool("twin", true, "Use two critics and the one with the smaller mean (off: critic 1 only)"))
                .param(ParamSpec.ofBool("variance_adjustment", true,
                        "Scale each critic loss by omega = clamp(sigma_bar^2 / (sigma^2 + 0.1), 0.1, 10) (off: omega = 1)"))
                .param(ParamSpec.ofFloat("tau_b", 0.005, 0.0, 1.0, "", "Rate of the running mean sigma_bar"))
                .factory(ctx -> {
                    TanhGaussianPolicy p = tanhPolicy(ctx);
                    TwinQCritic c = ctx.component("critic", TwinQCritic.class);
                    DsacTTrainer t = new DsacTTrainer(ctx.component("replay", ReplayBuffer.class), p, c,
                            ctx.component("actor_optimizer", OptimizerFactory.class).create(p.parameters()),
                            ctx.component("critic_optimizer", OptimizerFactory.class).create(c.parameters()),
                            settings(ctx), new DsacTTrainer.Refinements(ctx.boolParam("expected_value_substitution"),
                                    ctx.boolParam("twin"), ctx.boolParam("variance_adjustment"), ctx.doubleParam("tau_b")),
                            ctx.rngSeed());
                    return (Trainer) t::iterate;
                }).build();
    }
}
