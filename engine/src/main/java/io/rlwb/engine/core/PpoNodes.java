package io.rlwb.engine.core;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.VecEnv;
import io.rlwb.engine.nn.OptimizerFactory;
import io.rlwb.engine.rl.AdvantageBatch;
import io.rlwb.engine.rl.Critic;
import io.rlwb.engine.rl.GaeEstimator;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.PpoLoss;
import io.rlwb.engine.rl.PpoTrainer;
import io.rlwb.engine.rl.RolloutCollector;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.ShapeChecks;
import io.rlwb.engine.spi.Trainer;
import java.util.List;
import java.util.function.Supplier;

/** The on-policy pipeline of the core: collector, GAE estimator, PPO loss and PPO trainer. */
final class PpoNodes {
    private PpoNodes() {}

    static final PortSpec<VecEnv> COLLECTOR_ENV = PortSpec.in("env", PortTypes.VEC_ENV, "Environments to step");
    static final PortSpec<Policy> COLLECTOR_POLICY = PortSpec.in("policy", PortTypes.POLICY, "Policy that acts");
    static final PortSpec<TrajectoryBatch> COLLECTOR_BATCH = PortSpec.out("batch", PortTypes.TRAJECTORIES,
            "num_steps x num_envs steps");
    static final PortSpec<TrajectoryBatch> GAE_BATCH_IN = PortSpec.in("batch", PortTypes.TRAJECTORIES, "Collected steps");
    static final PortSpec<Critic> GAE_CRITIC = PortSpec.in("critic", PortTypes.CRITIC, "Critic giving V(s)");
    static final PortSpec<AdvantageBatch> GAE_BATCH_OUT = PortSpec.out("batch", PortTypes.ADVANTAGES,
            "Steps with advantages and returns");
    static final PortSpec<Policy> LOSS_POLICY = PortSpec.in("policy", PortTypes.POLICY.with(PortTypes.TRAINABLE),
            "Policy to improve: its log-probabilities must carry gradients");
    static final PortSpec<Critic> LOSS_CRITIC = PortSpec.in("critic", PortTypes.CRITIC, "Critic to fit");
    static final PortSpec<PpoLoss> LOSS_OUT = PortSpec.out("loss", PortTypes.LOSS, "The objective");
    static final PortSpec<AdvantageBatch> TRAINER_BATCH = PortSpec.in("batch", PortTypes.ADVANTAGES,
            "Steps with advantages");
    static final PortSpec<PpoLoss> TRAINER_LOSS = PortSpec.in("loss", PortTypes.LOSS, "PPO loss");
    static final PortSpec<OptimizerFactory> TRAINER_OPTIMIZER = PortSpec.in("optimizer", PortTypes.OPTIMIZER, "Optimiser");

    static List<NodeType> all() {
        return List.of(collector(), gae(), ppoLoss(), ppoTrainer());
    }

    static NodeType collector() {
        return NodeType.builder("core/rollout.collector", 1)
                .category("Data").displayName("Rollout collector")
                .description("Steps the vector env with the policy for num_steps steps per environment and "
                        + "hands the batch on; episodes continue across batches.")
                .input(COLLECTOR_ENV)
                .input(COLLECTOR_POLICY)
                .output(COLLECTOR_BATCH)
                .metrics(RolloutCollector.METRICS)
                .param(ParamSpec.ofInt("num_steps", 128, 1, 1_000_000, "steps", "Steps per environment per batch"))
                .infer(ctx -> {
                    EnvSpec env = ctx.inputShape(COLLECTOR_ENV, EnvSpec.class);
                    ShapeChecks.expectSame(ctx, COLLECTOR_POLICY, env, "the environment on 'env'");
                    if (env != null) ctx.outputShape(COLLECTOR_BATCH, env);
                })
                .factory(ctx -> {
                    RolloutCollector c = new RolloutCollector(ctx.component(COLLECTOR_ENV),
                            ctx.component(COLLECTOR_POLICY), ctx.intParam("num_steps"), ctx.rngSeed());
                    RunServices run = ctx.run();
                    return NodeInstance.ofData(COLLECTOR_BATCH, () -> c.collect(run), c);
                })
                .build();
    }

    static NodeType gae() {
        return NodeType.builder("core/estimator.gae", 1)
                .category("Estimator").displayName("GAE")
                .description("Generalised advantage estimation with the wired critic; bootstraps truncated "
                        + "episodes from the value of their final observation, not terminated ones.")
                .input(GAE_BATCH_IN)
                .input(GAE_CRITIC)
                .output(GAE_BATCH_OUT)
                .snapshot(EstimatorTelemetry.CREDIT).snapshot(EstimatorTelemetry.DISTRIBUTION)
                .param(ParamSpec.ofFloat("gamma", 0.99, 0.0, 1.0, "", "Discount factor"))
                .param(ParamSpec.ofFloat("lambda", 0.95, 0.0, 1.0, "", "GAE lambda: 0 is one-step TD, 1 is Monte Carlo"))
                .param(ParamSpec.ofInt("telemetry_every", 10, 0, 1_000_000, "iterations",
                        "Publish one finished episode's credit (reward, value, TD error, advantage, return) and the "
                                + "critic's value at fixed probe states every this many iterations; 0: off"))
                .infer(ctx -> {
                    EnvSpec b = ctx.inputShape(GAE_BATCH_IN, EnvSpec.class);
                    ShapeChecks.expectSame(ctx, GAE_CRITIC, b, "the trajectories on 'batch'");
                    if (b != null) ctx.outputShape(GAE_BATCH_OUT, b);
                })
                .factory(ctx -> {
                    Critic critic = ctx.component(GAE_CRITIC);
                    GaeEstimator g = new GaeEstimator(critic, ctx.doubleParam("gamma"), ctx.doubleParam("lambda"));
                    Supplier<TrajectoryBatch> in = ctx.data(GAE_BATCH_IN);
                    EstimatorTelemetry tel = EstimatorTelemetry.of(ctx, critic);
                    RunServices run = ctx.run();
                    return NodeInstance.ofData(GAE_BATCH_OUT, () -> tel.observe(g.estimate(in.get()), run));
                })
                .build();
    }

    static NodeType ppoLoss() {
        return NodeType.builder("core/loss.ppo", 1)
                .category("Loss").displayName("PPO clipped loss")
                .description("Clipped surrogate policy loss plus weighted value loss minus entropy bonus.")
                .input(LOSS_POLICY)
                .input(LOSS_CRITIC)
                .output(LOSS_OUT)
                .param(ParamSpec.ofFloat("clip_coef", 0.2, 0.0, 10.0, "", "Surrogate clipping range eps"))
                .param(ParamSpec.ofFloat("vf_coef", 0.5, 0.0, 100.0, "", "Weight of the value loss"))
                .param(ParamSpec.ofFloat("ent_coef", 0.01, 0.0, 10.0, "", "Weight of the entropy bonus"))
                .param(ParamSpec.ofBool("clip_vloss", true, "Clip the value loss around the old values"))
                .param(ParamSpec.ofBool("norm_adv", true, "Normalise advantages per minibatch"))
                .infer(ctx -> {
                    EnvSpec p = ctx.inputShape(LOSS_POLICY, EnvSpec.class);
                    ShapeChecks.expectSame(ctx, LOSS_CRITIC, p, "the policy on 'policy'");
                    if (p != null) ctx.outputShape(LOSS_OUT, p);
                })
                .factory(ctx -> NodeInstance.ofComponent(LOSS_OUT, new PpoLoss(ctx.component(LOSS_POLICY),
                        ctx.component(LOSS_CRITIC), ctx.doubleParam("clip_coef"), ctx.doubleParam("vf_coef"),
                        ctx.doubleParam("ent_coef"), ctx.boolParam("clip_vloss"), ctx.boolParam("norm_adv"))))
                .build();
    }

    static NodeType ppoTrainer() {
        return NodeType.builder("core/trainer.ppo", 1)
                .category("Trainer").displayName("PPO trainer")
                .role(NodeRole.TRAINER)
                .description("Each iteration pulls a batch with advantages, then runs update_epochs passes of "
                        + "num_minibatches shuffled minibatches through the loss, clipping the gradient norm.")
                .input(TRAINER_BATCH)
                .input(TRAINER_LOSS)
                .input(TRAINER_OPTIMIZER)
                .metrics(PpoTrainer.METRICS)
                .param(ParamSpec.ofInt("update_epochs", 4, 1, 1000, "epochs", "Passes over each batch"))
                .param(ParamSpec.ofInt("num_minibatches", 4, 1, 100_000, "", "Minibatches per pass; every row is used (sizes differ by at most one when the batch does not divide)"))
                .param(ParamSpec.ofFloat("max_grad_norm", 0.5, 0.0, 1e6, "", "Global gradient-norm clip"))
                .param(ParamSpec.ofFloat("target_kl", 0.0, 0.0, 10.0, "",
                        "Stop the epochs early when approx_kl exceeds this (0: never)"))
                .infer(ctx -> {
                    EnvSpec b = ctx.inputShape(TRAINER_BATCH, EnvSpec.class);
                    ShapeChecks.expectSame(ctx, TRAINER_LOSS, b, "the batch on 'batch'");
                })
                .factory(ctx -> {
                    PpoLoss loss = ctx.component(TRAINER_LOSS);
                    PpoTrainer t = new PpoTrainer(ctx.data(TRAINER_BATCH), loss,
                            ctx.component(TRAINER_OPTIMIZER).create(loss.parameters()),
                            ctx.intParam("update_epochs"), ctx.intParam("num_minibatches"),
                            ctx.doubleParam("max_grad_norm"), ctx.doubleParam("target_kl"), ctx.rngSeed());
                    return Trainer.of(t::iterate, t);
                })
                .build();
    }
}
