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
import io.rlwb.engine.spi.Trainer;
import java.util.List;
import java.util.function.Supplier;

/** The on-policy pipeline of the core: collector, GAE estimator, PPO loss and PPO trainer. */
final class PpoNodes {
    private PpoNodes() {}

    static List<NodeType> all() {
        return List.of(collector(), gae(), ppoLoss(), ppoTrainer());
    }

    static NodeType collector() {
        return NodeType.builder("core/rollout.collector", 1)
                .category("Data").displayName("Rollout collector")
                .description("Steps the vector env with the policy for num_steps steps per environment and "
                        + "hands the batch on; episodes continue across batches.")
                .input(PortSpec.in("env", PortTypes.VEC_ENV, "Environments to step"))
                .input(PortSpec.in("policy", PortTypes.POLICY, "Policy that acts"))
                .output(PortSpec.out("batch", PortTypes.TRAJECTORIES, "num_steps x num_envs steps"))
                .param(ParamSpec.ofInt("num_steps", 128, 1, 1_000_000, "steps", "Steps per environment per batch"))
                .infer(ctx -> {
                    EnvSpec env = ctx.inputShape("env", EnvSpec.class);
                    Shapes.expectSame(ctx, "policy", env, "the environment on 'env'");
                    if (env != null) ctx.outputShape("batch", env);
                })
                .factory(ctx -> {
                    RolloutCollector c = new RolloutCollector(ctx.component("env", VecEnv.class),
                            ctx.component("policy", Policy.class), ctx.intParam("num_steps"), ctx.rngSeed());
                    RunServices run = ctx.run();
                    return data("batch", () -> c.collect(run));
                })
                .build();
    }

    static NodeType gae() {
        return NodeType.builder("core/estimator.gae", 1)
                .category("Estimator").displayName("GAE")
                .description("Generalised advantage estimation with the wired critic; bootstraps truncated "
                        + "episodes from the value of their final observation, not terminated ones.")
                .input(PortSpec.in("batch", PortTypes.TRAJECTORIES, "Collected steps"))
                .input(PortSpec.in("critic", PortTypes.CRITIC, "Critic giving V(s)"))
                .output(PortSpec.out("batch", PortTypes.ADVANTAGES, "Steps with advantages and returns"))
                .param(ParamSpec.ofFloat("gamma", 0.99, 0.0, 1.0, "", "Discount factor"))
                .param(ParamSpec.ofFloat("lambda", 0.95, 0.0, 1.0, "", "GAE lambda: 0 is one-step TD, 1 is Monte Carlo"))
                .param(ParamSpec.ofInt("telemetry_every", 10, 0, 1_000_000, "iterations",
                        "Publish one finished episode's credit (reward, value, TD error, advantage, return) and the "
                                + "critic's value at fixed probe states every this many iterations; 0: off"))
                .infer(ctx -> {
                    EnvSpec b = ctx.inputShape("batch", EnvSpec.class);
                    Shapes.expectSame(ctx, "critic", b, "the trajectories on 'batch'");
                    if (b != null) ctx.outputShape("batch", b);
                })
                .factory(ctx -> {
                    GaeEstimator g = new GaeEstimator(ctx.component("critic", Critic.class),
                            ctx.doubleParam("gamma"), ctx.doubleParam("lambda"));
                    Supplier<TrajectoryBatch> in = ctx.data("batch", TrajectoryBatch.class);
                    EstimatorTelemetry tel = EstimatorTelemetry.of(ctx, ctx.component("critic", Critic.class));
                    RunServices run = ctx.run();
                    return data("batch", () -> tel.observe(g.estimate(in.get()), run));
                })
                .build();
    }

    static NodeType ppoLoss() {
        return NodeType.builder("core/loss.ppo", 1)
                .category("Loss").displayName("PPO clipped loss")
                .description("Clipped surrogate policy loss plus weighted value loss minus entropy bonus.")
                .input(PortSpec.in("policy", PortTypes.POLICY, "Policy to improve"))
                .input(PortSpec.in("critic", PortTypes.CRITIC, "Critic to fit"))
                .output(PortSpec.out("loss", PortTypes.LOSS, "The objective"))
                .param(ParamSpec.ofFloat("clip_coef", 0.2, 0.0, 10.0, "", "Surrogate clipping range eps"))
                .param(ParamSpec.ofFloat("vf_coef", 0.5, 0.0, 100.0, "", "Weight of the value loss"))
                .param(ParamSpec.ofFloat("ent_coef", 0.01, 0.0, 10.0, "", "Weight of the entropy bonus"))
                .param(ParamSpec.ofBool("clip_vloss", true, "Clip the value loss around the old values"))
                .param(ParamSpec.ofBool("norm_adv", true, "Normalise advantages per minibatch"))
                .infer(ctx -> {
                    EnvSpec p = ctx.inputShape("policy", EnvSpec.class);
                    Shapes.expectSame(ctx, "critic", p, "the policy on 'policy'");
                    if (p != null) ctx.outputShape("loss", p);
                })
                .factory(ctx -> EnvNodes.component("loss", new PpoLoss(ctx.component("policy", Policy.class),
                        ctx.component("critic", Critic.class), ctx.doubleParam("clip_coef"), ctx.doubleParam("vf_coef"),
                        ctx.doubleParam("ent_coef"), ctx.boolParam("clip_vloss"), ctx.boolParam("norm_adv"))))
                .build();
    }

    static NodeType ppoTrainer() {
        return NodeType.builder("core/trainer.ppo", 1)
                .category("Trainer").displayName("PPO trainer")
                .role(NodeRole.TRAINER)
                .description("Each iteration pulls a batch with advantages, then runs update_epochs passes of "
                        + "num_minibatches shuffled minibatches through the loss, clipping the gradient norm.")
                .input(PortSpec.in("batch", PortTypes.ADVANTAGES, "Steps with advantages"))
                .input(PortSpec.in("loss", PortTypes.LOSS, "PPO loss"))
                .input(PortSpec.in("optimizer", PortTypes.OPTIMIZER, "Optimiser"))
                .param(ParamSpec.ofInt("update_epochs", 4, 1, 1000, "epochs", "Passes over each batch"))
                .param(ParamSpec.ofInt("num_minibatches", 4, 1, 100_000, "", "Minibatches per pass; every row is used (sizes differ by at most one when the batch does not divide)"))
                .param(ParamSpec.ofFloat("max_grad_norm", 0.5, 0.0, 1e6, "", "Global gradient-norm clip"))
                .param(ParamSpec.ofFloat("target_kl", 0.0, 0.0, 10.0, "",
                        "Stop the epochs early when approx_kl exceeds this (0: never)"))
                .infer(ctx -> {
                    EnvSpec b = ctx.inputShape("batch", EnvSpec.class);
                    Shapes.expectSame(ctx, "loss", b, "the batch on 'batch'");
                })
                .factory(ctx -> {
                    PpoLoss loss = ctx.component("loss", PpoLoss.class);
                    PpoTrainer t = new PpoTrainer(ctx.data("batch", AdvantageBatch.class), loss,
                            ctx.component("optimizer", OptimizerFactory.class).create(loss.parameters()),
                            ctx.intParam("update_epochs"), ctx.intParam("num_minibatches"),
                            ctx.doubleParam("max_grad_norm"), ctx.doubleParam("target_kl"), ctx.rngSeed());
                    return (Trainer) t::iterate;
                })
                .build();
    }

    /** An instance with a single data output computed by {@code compute}. */
    static NodeInstance data(String port, Supplier<?> compute) {
        return new NodeInstance() {
            @Override
            public Object compute(String p) {
                if (!p.equals(port)) throw new IllegalArgumentException("no data output '" + p + "'");
                return compute.get();
            }
        };
    }
}
