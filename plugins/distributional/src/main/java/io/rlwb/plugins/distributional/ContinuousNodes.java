package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.VecEnv;
import io.rlwb.engine.nn.Optimizer;
import io.rlwb.engine.nn.OptimizerFactory;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.RolloutCollector;
import io.rlwb.engine.spi.BuildContext;
import io.rlwb.engine.spi.Capability;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortType;
import io.rlwb.engine.spi.PortTypes;
import io.rlwb.engine.spi.ShapeChecks;
import io.rlwb.engine.spi.Trainer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** Pendulum, the tanh-Gaussian policy, the replay buffer, the twin-Q critics and the SAC and DSAC-T trainers. */
final class ContinuousNodes {
    private ContinuousNodes() {}

    /** A policy that is SAC's squashed Gaussian, whose reparameterised samples the soft trainers differentiate. */
    static final Capability TANH_GAUSSIAN = Capability.implementing("tanh-gaussian", TanhGaussianPolicy.class,
            "a tanh-squashed Gaussian with reparameterised samples (distributional/policy.tanh_gaussian)");

    static final PortType<ReplayBuffer> REPLAY = PortType.component("replay", ReplayBuffer.class,
            "A replay buffer that steps its environments with its policy and hands out sampled transitions");
    static final PortType<TwinQCritic> Q_CRITIC = PortType.component("q-critic", TwinQCritic.class,
            "Two action-value networks Q(s, a) with Polyak-averaged targets (SAC's twin critic)");
    static final PortType<TwinQCritic> GAUSSIAN_Q_CRITIC = PortType.component("gaussian-q-critic", TwinQCritic.class,
            "Two Gaussian return distributions N(Q(s, a), sigma(s, a)^2) with targets (DSAC-T's critic)");

    static final PortSpec<EnvFactory> PENDULUM_ENV = PortSpec.out("env", PortTypes.ENV, "The environment definition");
    static final PortSpec<EnvFactory> POLICY_ENV = PortSpec.in("env", PortTypes.ENV, "Environment with a box action space");
    static final PortSpec<Policy> POLICY_OUT = PortSpec.out("policy",
            PortTypes.POLICY.with(PortTypes.TRAINABLE, TANH_GAUSSIAN), "The policy");
    static final PortSpec<VecEnv> REPLAY_ENV = PortSpec.in("env", PortTypes.VEC_ENV, "Environments to step");
    static final PortSpec<Policy> REPLAY_POLICY = PortSpec.in("policy", PortTypes.POLICY, "Behaviour policy");
    static final PortSpec<ReplayBuffer> REPLAY_OUT = PortSpec.out("replay", REPLAY, "The buffer");
    static final PortSpec<EnvFactory> Q_ENV = PortSpec.in("env", PortTypes.ENV,
            "Environment whose observation and action sizes size the networks");
    static final PortSpec<ReplayBuffer> SOFT_REPLAY = PortSpec.in("replay", REPLAY, "Replay buffer (it steps the environment)");
    static final PortSpec<Policy> SOFT_POLICY = PortSpec.in("policy", PortTypes.POLICY.with(TANH_GAUSSIAN),
            "Tanh-Gaussian policy to improve");
    static final PortSpec<OptimizerFactory> SOFT_ACTOR_OPTIMIZER = PortSpec.in("actor_optimizer", PortTypes.OPTIMIZER,
            "Optimiser of the policy");
    static final PortSpec<OptimizerFactory> SOFT_CRITIC_OPTIMIZER = PortSpec.in("critic_optimizer", PortTypes.OPTIMIZER,
            "Optimiser of the critics");

    /** The critic output of a twin critic of port type {@code type}. */
    private static PortSpec<TwinQCritic> criticOut(PortType<TwinQCritic> type) {
        return PortSpec.out("critic", type, "The twin critic");
    }

    /** The critic input of a soft trainer taking port type {@code type}. */
    private static PortSpec<TwinQCritic> criticIn(PortType<TwinQCritic> type) {
        return PortSpec.in("critic", type, "Twin critic");
    }

    static List<NodeType> all() {
        return List.of(pendulum(), policy(), replay(), twinQ(), gaussianQ(), sac(), dsacT());
    }

    static NodeType pendulum() {
        return NodeType.builder("distributional/env.pendulum", 1)
                .category("Environment").displayName("Pendulum-v1")
                .description("Gymnasium's Pendulum-v1: swing a pendulum up and hold it; torque in [-2, 2], reward "
                        + "-(theta^2 + 0.1 theta_dot^2 + 0.001 u^2), truncated after max_steps.")
                .output(PENDULUM_ENV)
                .param(ParamSpec.ofInt("max_steps", 200, 1, 100_000, "steps", "Time limit (truncation)"))
                .infer(ctx -> ctx.outputShape(PENDULUM_ENV, Pendulum.spec(ctx.intParam("max_steps"))))
                .factory(ctx -> NodeInstance.ofComponent(PENDULUM_ENV, Pendulum.factory(ctx.intParam("max_steps"))))
                .build();
    }

    static NodeType policy() {
        return NodeType.builder("distributional/policy.tanh_gaussian", 1)
                .category("Policy").displayName("Tanh-Gaussian policy")
                .description("SAC's actor: an MLP giving the mean and log-std of a Gaussian whose sample is squashed "
                        + "by tanh into the action box; log-std bounded to [-5, 2].")
                .input(POLICY_ENV)
                .output(POLICY_OUT)
                .param(Nodes.hidden(64, 64)).param(Nodes.activationParam("relu"))
                .infer(ctx -> {
                    EnvSpec s = ShapeChecks.requireBox(ctx, POLICY_ENV);
                    if (s != null) ctx.outputShape(POLICY_OUT, s);
                })
                .factory(ctx -> {
                    TanhGaussianPolicy p = new TanhGaussianPolicy(ctx.component(POLICY_ENV).spec(),
                            ctx.intListParam("hidden"), Nodes.activation(ctx.stringParam("activation")), ctx.rngSeed(),
                            DataType.FLOAT);
                    return NodeInstance.ofComponent(POLICY_OUT, p, p.parameters());
                })
                .build();
    }

    static NodeType replay() {
        return NodeType.builder("distributional/replay.buffer", 1)
                .category("Data").displayName("Replay buffer")
                .description("Steps the vector env with the policy (uniform random actions for the first random_steps "
                        + "steps) and stores transitions in a ring buffer that off-policy trainers sample from.")
                .input(REPLAY_ENV)
                .input(REPLAY_POLICY)
                .output(REPLAY_OUT)
                .metrics(RolloutCollector.EPISODIC_RETURN, RolloutCollector.EPISODIC_LENGTH)
                .param(ParamSpec.ofInt("capacity", 100_000, 1, 100_000_000, "transitions", "Transitions kept"))
                .param(ParamSpec.ofInt("random_steps", 1000, 0, Integer.MAX_VALUE, "steps",
                        "Env steps taken with uniform random actions before the policy acts"))
                .infer(ctx -> {
                    EnvSpec env = ctx.inputShape(REPLAY_ENV, EnvSpec.class);
                    ShapeChecks.expectSame(ctx, REPLAY_POLICY, env, "the environment on 'env'");
                    if (env != null) ctx.outputShape(REPLAY_OUT, env);
                })
                .factory(ctx -> NodeInstance.ofComponent(REPLAY_OUT, new ReplayBuffer(ctx.component(REPLAY_ENV),
                        ctx.component(REPLAY_POLICY), ctx.intParam("capacity"), ctx.intParam("random_steps"),
                        ctx.rngSeed())))
                .build();
    }

    private static NodeType.Builder qCritic(String id, String name, String description, PortSpec<TwinQCritic> out) {
        return NodeType.builder(id, 1)
                .category("Critic").displayName(name).description(description)
                .input(Q_ENV)
                .output(out)
                .snapshot(ProbeRecorder.SNAPSHOT)
                .param(Nodes.hidden(64, 64)).param(Nodes.activationParam("relu"))
                .param(Nodes.probes()).param(Nodes.snapshotEvery())
                .infer(ctx -> {
                    EnvSpec s = ShapeChecks.requireBox(ctx, Q_ENV);
                    if (s != null) ctx.outputShape(out, s);
                });
    }

    static NodeType twinQ() {
        return qCritic("distributional/critic.q_twin", "Twin Q critic",
                "Two MLP action-value networks Q(s, a) with Polyak-averaged target copies, as SAC uses.", criticOut(Q_CRITIC))
                .factory(ctx -> twin(ctx, false, criticOut(Q_CRITIC))).build();
    }

    static NodeType gaussianQ() {
        return qCritic("distributional/critic.gaussian_q", "Gaussian twin Q critic",
                "Two MLPs giving the mean Q(s, a) and the standard deviation (softplus head) of a Gaussian return "
                        + "distribution, with target copies: DSAC-T's critic.", criticOut(GAUSSIAN_Q_CRITIC))
                .factory(ctx -> twin(ctx, true, criticOut(GAUSSIAN_Q_CRITIC))).build();
    }

    private static NodeInstance twin(BuildContext ctx, boolean gaussian, PortSpec<TwinQCritic> out) {
        TwinQCritic c = new TwinQCritic(ctx.component(Q_ENV).spec(), ctx.intListParam("hidden"),
                Nodes.activation(ctx.stringParam("activation")), gaussian, ctx.rngSeed(), DataType.FLOAT,
                ProbeRecorder.of(ctx));
        return NodeInstance.ofComponent(out, c, c.parameters());
    }

    private static NodeType.Builder softTrainer(String id, String name, String description,
                                                PortSpec<TwinQCritic> critic) {
        return NodeType.builder(id, 1)
                .category("Trainer").displayName(name).role(NodeRole.TRAINER).description(description)
                .input(SOFT_REPLAY)
                .input(SOFT_POLICY)
                .input(critic)
                .input(SOFT_ACTOR_OPTIMIZER)
                .input(SOFT_CRITIC_OPTIMIZER)
                .metrics(SoftActorCritic.METRICS)
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
                    EnvSpec r = ctx.inputShape(SOFT_REPLAY, EnvSpec.class);
                    ShapeChecks.expectSame(ctx, SOFT_POLICY, r, "the replay buffer's environment");
                    ShapeChecks.expectSame(ctx, critic, r, "the replay buffer's environment");
                });
    }

    static SoftActorCritic.Settings settings(BuildContext ctx) {
        return new SoftActorCritic.Settings(ctx.doubleParam("gamma"), ctx.doubleParam("tau"), ctx.intParam("batch_size"),
                ctx.longParam("learning_starts"), ctx.intParam("steps_per_iteration"), ctx.intParam("updates_per_step"),
                ctx.doubleParam("alpha"), ctx.boolParam("autotune"), ctx.doubleParam("alpha_lr"),
                ctx.doubleParam("target_entropy_scale"));
    }

    /** The soft trainer's policy: its port needs {@link #TANH_GAUSSIAN}, which the compiler checked. */
    static TanhGaussianPolicy tanhPolicy(BuildContext ctx) {
        return (TanhGaussianPolicy) ctx.component(SOFT_POLICY);
    }

    /** Builds a soft trainer from the components wired into it, each optimiser over its network's parameters. */
    private static Trainer softInstance(BuildContext ctx, PortSpec<TwinQCritic> criticIn, SoftFactory make) {
        TanhGaussianPolicy p = tanhPolicy(ctx);
        TwinQCritic c = ctx.component(criticIn);
        return make.create(ctx.component(SOFT_REPLAY), p, c,
                ctx.component(SOFT_ACTOR_OPTIMIZER).create(p.parameters()),
                ctx.component(SOFT_CRITIC_OPTIMIZER).create(c.parameters()));
    }

    private static Trainer soft(SoftActorCritic t) {
        return Trainer.of(t::iterate, t);
    }

    /** Makes a soft trainer from the wired components and their optimisers. */
    @FunctionalInterface
    private interface SoftFactory {
        Trainer create(ReplayBuffer replay, TanhGaussianPolicy policy, TwinQCritic critic, Optimizer actorOptimizer,
                       Optimizer criticOptimizer);
    }

    static NodeType sac() {
        return softTrainer("distributional/trainer.sac", "SAC trainer",
                "Soft Actor-Critic with twin critics, Polyak targets and automatic entropy temperature: after each "
                        + "env step, updates_per_step critic, actor and temperature updates.", criticIn(Q_CRITIC))
                .factory(ctx -> softInstance(ctx, criticIn(Q_CRITIC), (r, p, c, ao, co) ->
                        soft(new SacTrainer(r, p, c, ao, co, settings(ctx), ctx.rngSeed()))))
                .build();
    }

    static NodeType dsacT() {
        return softTrainer("distributional/trainer.dsac_t", "DSAC-T trainer",
                "Distributional SAC with three refinements (expected-value substitution, twin value distributions, "
                        + "variance-based critic-gradient adjustment), each switchable for ablations.", criticIn(GAUSSIAN_Q_CRITIC))
                .param(ParamSpec.ofBool("expected_value_substitution", true,
                        "Fit the mean to the expected target y_q (off: to the clipped sampled target)"))
                .param(ParamSpec.ofBool("twin", true, "Use two critics and the one with the smaller mean (off: critic 1 only)"))
                .param(ParamSpec.ofBool("variance_adjustment", true,
                        "Scale each critic loss by omega = clamp(sigma_bar^2 / (sigma^2 + 0.1), 0.1, 10) (off: omega = 1)"))
                .param(ParamSpec.ofFloat("tau_b", 0.005, 0.0, 1.0, "", "Rate of the running mean sigma_bar"))
                .factory(ctx -> softInstance(ctx, criticIn(GAUSSIAN_Q_CRITIC), (r, p, c, ao, co) ->
                        soft(new DsacTTrainer(r, p, c, ao, co, settings(ctx), new DsacTTrainer.Refinements(
                                ctx.boolParam("expected_value_substitution"), ctx.boolParam("twin"),
                                ctx.boolParam("variance_adjustment"), ctx.doubleParam("tau_b")), ctx.rngSeed()))))
                .build();
    }
}
