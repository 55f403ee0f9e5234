package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.OptimizerFactory;
import io.rlwb.engine.rl.Policy;
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

/** The C51 categorical Q critic, its epsilon-greedy policy and the C51-DQN trainer. */
final class C51Nodes {
    private C51Nodes() {}

    static final PortType<C51Critic> C51_CRITIC = PortType.component("c51-critic", C51Critic.class,
            "A categorical action-value distribution per discrete action (C51), with a target copy");

    static final PortSpec<EnvFactory> CRITIC_ENV = PortSpec.in("env", PortTypes.ENV,
            "Environment with a discrete action space");
    static final PortSpec<C51Critic> CRITIC_OUT = PortSpec.out("critic", C51_CRITIC, "The critic");
    static final PortSpec<C51Critic> POLICY_CRITIC = PortSpec.in("critic", C51_CRITIC,
            "The critic whose Q values choose actions");
    /** Greedy on a critic: acts, but its log-probabilities carry no gradient, so it is not trainable. */
    static final PortSpec<Policy> POLICY_OUT = PortSpec.out("policy", PortTypes.POLICY,
            "The policy (acts only: not trainable by a policy-gradient loss)");
    static final PortSpec<ReplayBuffer> TRAINER_REPLAY = PortSpec.in("replay", ContinuousNodes.REPLAY,
            "Replay buffer (it steps the environment)");
    static final PortSpec<C51Critic> TRAINER_CRITIC = PortSpec.in("critic", C51_CRITIC, "The C51 critic to train");
    static final PortSpec<OptimizerFactory> TRAINER_OPTIMIZER = PortSpec.in("optimizer", PortTypes.OPTIMIZER,
            "Optimiser of the critic");

    static List<NodeType> all() {
        return List.of(critic(), policy(), trainer());
    }

    static NodeType critic() {
        return NodeType.builder("distributional/critic.c51", 1)
                .category("Critic").displayName("C51 categorical Q critic")
                .description("An MLP giving, per discrete action, a softmax over atoms evenly spaced on [v_min, v_max] "
                        + "(C51); Q(s, a) is the distribution's mean. Has a target copy for the trainer.")
                .input(CRITIC_ENV)
                .output(CRITIC_OUT)
                .snapshot(ProbeRecorder.SNAPSHOT)
                .param(ParamSpec.ofIntList("hidden", List.of(120, 84), 1, 4096, "units", "Hidden layer sizes"))
                .param(Nodes.activationParam("relu"))
                .param(ParamSpec.ofInt("atoms", 101, 2, 10_000, "atoms", "Number of atoms N"))
                .param(ParamSpec.ofFloat("v_min", -100.0, null, null, "", "Smallest atom"))
                .param(ParamSpec.ofFloat("v_max", 100.0, null, null, "", "Largest atom"))
                .param(Nodes.probes()).param(Nodes.snapshotEvery())
                .infer(ctx -> {
                    EnvSpec s = ShapeChecks.requireDiscrete(ctx, CRITIC_ENV);
                    Nodes.checkSupport(ctx);
                    if (s != null) ctx.outputShape(CRITIC_OUT, s);
                })
                .factory(ctx -> {
                    C51Critic c = new C51Critic(ctx.component(CRITIC_ENV).spec(), ctx.intListParam("hidden"),
                            Nodes.activation(ctx.stringParam("activation")),
                            new C51(ctx.intParam("atoms"), ctx.doubleParam("v_min"), ctx.doubleParam("v_max")),
                            ctx.rngSeed(), DataType.FLOAT,
                            ProbeRecorder.of(ctx));
                    return NodeInstance.ofComponent(CRITIC_OUT, c, c.parameters());
                })
                .build();
    }

    static NodeType policy() {
        return NodeType.builder("distributional/policy.epsilon_greedy", 1)
                .category("Policy").displayName("Epsilon-greedy (C51)")
                .description("Acts greedily on the C51 critic's expected Q, exploring uniformly with probability "
                        + "epsilon; epsilon falls linearly from start_e to end_e over exploration_fraction of the budget.")
                .input(POLICY_CRITIC)
                .output(POLICY_OUT)
                .param(ParamSpec.ofFloat("start_e", 1.0, 0.0, 1.0, "", "Initial exploration rate"))
                .param(ParamSpec.ofFloat("end_e", 0.05, 0.0, 1.0, "", "Final exploration rate"))
                .param(ParamSpec.ofFloat("exploration_fraction", 0.5, 0.0, 1.0, "",
                        "Fraction of the env_steps budget over which epsilon falls"))
                .infer(ctx -> {
                    EnvSpec s = ctx.inputShape(POLICY_CRITIC, EnvSpec.class);
                    if (s != null) ctx.outputShape(POLICY_OUT, s);
                })
                .factory(ctx -> NodeInstance.ofComponent(POLICY_OUT, new EpsilonGreedyPolicy(
                        ctx.component(POLICY_CRITIC), ctx.run(), ctx.doubleParam("start_e"), ctx.doubleParam("end_e"),
                        ctx.doubleParam("exploration_fraction"))))
                .build();
    }

    static NodeType trainer() {
        return NodeType.builder("distributional/trainer.c51_dqn", 1)
                .category("Trainer").displayName("C51-DQN trainer").role(NodeRole.TRAINER)
                .description("DQN with a categorical (C51) critic: projected distributional Bellman target from a "
                        + "periodically copied target network, cross-entropy loss.")
                .input(TRAINER_REPLAY)
                .input(TRAINER_CRITIC)
                .input(TRAINER_OPTIMIZER)
                .metrics(C51DqnTrainer.METRICS)
                .param(ParamSpec.ofFloat("gamma", 0.99, 0.0, 1.0, "", "Discount factor"))
                .param(ParamSpec.ofInt("batch_size", 128, 1, 1_000_000, "transitions", "Sampled minibatch size"))
                .param(ParamSpec.ofInt("learning_starts", 10_000, 0, Integer.MAX_VALUE, "steps", "Env steps before the first update"))
                .param(ParamSpec.ofInt("train_frequency", 10, 1, 1_000_000, "steps", "Env steps between updates"))
                .param(ParamSpec.ofInt("target_network_frequency", 500, 1, Integer.MAX_VALUE, "steps",
                        "Env steps between copies of the online network into the target"))
                .param(ParamSpec.ofInt("steps_per_iteration", 500, 1, 1_000_000, "steps",
                        "Env steps per trainer iteration (metrics are averaged per iteration)"))
                .infer(ctx -> {
                    EnvSpec r = ctx.inputShape(TRAINER_REPLAY, EnvSpec.class);
                    ShapeChecks.expectSame(ctx, TRAINER_CRITIC, r, "the replay buffer's environment");
                })
                .factory(ctx -> {
                    C51Critic c = ctx.component(TRAINER_CRITIC);
                    C51DqnTrainer t = new C51DqnTrainer(ctx.component(TRAINER_REPLAY), c,
                            ctx.component(TRAINER_OPTIMIZER).create(c.parameters()),
                            ctx.doubleParam("gamma"), ctx.intParam("batch_size"), ctx.intParam("learning_starts"),
                            ctx.intParam("train_frequency"), ctx.intParam("target_network_frequency"),
                            ctx.intParam("steps_per_iteration"), ctx.rngSeed());
                    return Trainer.of(t::iterate, t);
                })
                .build();
    }
}
