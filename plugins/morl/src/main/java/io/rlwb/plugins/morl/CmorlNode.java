package io.rlwb.plugins.morl;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.morl.ParetoMonitor;
import io.rlwb.engine.morl.WeightedCombiner;
import io.rlwb.engine.nn.OptimizerFactory;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.vector.VectorCritic;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import java.util.List;

/** Declaration of {@code morl/trainer.cmorl}; the algorithm is {@link CmorlTrainer}. */
final class CmorlNode {
    private CmorlNode() {}

    static final PortSpec<EnvFactory> ENV = PortSpec.in("env", PortTypes.ENV, "Multi-objective environment");
    static final PortSpec<Policy> POLICY = PortSpec.in("policy",
            PortTypes.POLICY.with(PortTypes.TRAINABLE, PortTypes.REPLICABLE),
            "Policy template: every member is a replica, trained by PPO's policy gradient");
    static final PortSpec<VectorCritic> CRITIC = PortSpec.in("critic", PortTypes.VECTOR_CRITIC,
            "Vector critic template, one per member");
    static final PortSpec<WeightedCombiner> COMBINER = PortSpec.in("combiner", PortTypes.COMBINER,
            "Scalarisation of stage 1 (linear, Chebyshev)");
    static final PortSpec<OptimizerFactory> OPTIMIZER = PortSpec.in("optimizer", PortTypes.OPTIMIZER,
            "Optimiser, one per member");
    static final PortSpec<ParetoMonitor> PARETO = PortSpec.in("pareto", PortTypes.PARETO,
            "Pareto monitor that evaluates and archives the members");

    /** The PPO settings every member trains with; the member node ({@link CmorlMemberNode}) takes the same. */
    static final List<ParamSpec> PPO_PARAMS = List.of(
            ParamSpec.ofInt("num_envs", 4, 1, 1024, "envs", "Environments per member"),
            ParamSpec.ofInt("num_steps", 128, 1, 100_000, "steps", "Steps per environment per batch"),
            ParamSpec.ofFloat("gamma", 0.99, 0.0, 1.0, "", "Discount"),
            ParamSpec.ofFloat("lambda", 0.95, 0.0, 1.0, "", "GAE lambda"),
            ParamSpec.ofInt("update_epochs", 4, 1, 1000, "epochs", "Passes over each batch"),
            ParamSpec.ofInt("num_minibatches", 4, 1, 100_000, "", "Minibatches per pass"),
            ParamSpec.ofFloat("clip_coef", 0.2, 0.0, 10.0, "", "PPO clipping range"),
            ParamSpec.ofFloat("ent_coef", 0.01, 0.0, 10.0, "", "Entropy bonus"),
            ParamSpec.ofFloat("vf_coef", 0.5, 0.0, 100.0, "", "Weight of the vector critic's loss"),
            ParamSpec.ofFloat("max_grad_norm", 0.5, 0.0, 1e6, "", "Global gradient-norm clip"));

    static Member.Settings ppoSettings(io.rlwb.engine.spi.BuildContext ctx) {
        return new Member.Settings(ctx.intParam("num_envs"), ctx.intParam("num_steps"),
                ctx.doubleParam("gamma"), ctx.doubleParam("lambda"), ctx.intParam("update_epochs"),
                ctx.intParam("num_minibatches"), ctx.doubleParam("clip_coef"), ctx.doubleParam("ent_coef"),
                ctx.doubleParam("vf_coef"), ctx.doubleParam("max_grad_norm"));
    }

    static NodeType type() {
        NodeType.Builder b = NodeType.builder("morl/trainer.cmorl", 1)
                .category("Trainer").displayName("C-MORL")
                .role(NodeRole.TRAINER)
                .description("Constrained MORL: stage 1 trains a population (one replica of the wired policy and "
                        + "vector critic per preference vector, scalarised by the wired combiner) in parallel; stage 2 "
                        + "extends the front from the most isolated policies by log-barrier constrained optimisation. "
                        + "Policies are evaluated by the wired Pareto monitor. Set rounds 0 for a plain population.")
                .input(ENV).input(POLICY).input(CRITIC).input(COMBINER).input(OPTIMIZER).input(PARETO)
                .metrics(CmorlTrainer.METRICS)
                .param(ParamSpec.ofInt("population", 6, 1, 1000, "policies", "Stage 1 policies, one per preference vector"))
                .param(ParamSpec.ofInt("stage1_steps", 60_000, 1, Integer.MAX_VALUE, "steps", "Env steps per stage 1 policy"))
                .param(ParamSpec.ofInt("rounds", 4, 0, 1000, "rounds", "Stage 2 extension rounds"))
                .param(ParamSpec.ofInt("extend_per_round", 2, 1, 1000, "policies", "Front policies extended per round (largest crowding distance first)"))
                .param(ParamSpec.ofInt("stage2_steps", 20_000, 1, Integer.MAX_VALUE, "steps", "Env steps per extension"))
                .param(ParamSpec.ofFloat("alpha", 0.8, 0.0, 1.0, "", "Threshold position inside a gap: c = p + alpha (q - p)"))
                .param(ParamSpec.ofFloat("beta", 0.5, 0.0, 1.0, "", "Threshold past the front's end: c = p - (1 - beta)|p| - margin"))
                .param(ParamSpec.ofFloat("margin", 0.1, 0.0, 1e6, "", "Extra slack of end thresholds"))
                .param(ParamSpec.ofFloat("barrier_t", 1.0, 1e-6, 1e6, "", "Log-barrier sharpness t: B = J_j + (1/t) sum log(J_k - c_k)"))
                .param(ParamSpec.ofInt("attempts", 3, 1, 100, "", "Tries per (parent, objective, thresholds) before giving up on it"))
                .param(ParamSpec.ofInt("workers", 0, 0, 256, "threads", "Members trained at once (0: one per available core locally, the cluster's size on Spark)"))
                .param(ParamSpec.ofChoice("executor", "local", List.of("local", "spark"), "Where the members train: local (this process, workers threads) or spark (docs/sweeps.md)"))
                .param(ParamSpec.ofString("master", "", "The Spark master for executor spark (local[4], spark://host:7077); empty: Spark's default"));
        for (ParamSpec p : PPO_PARAMS) b.param(p);
        return b
                .infer(ctx -> {
                    EnvSpec e = ctx.inputShape(ENV, EnvSpec.class);
                    if (e == null) return;
                    if (e.numObjectives() < 2) {
                        ctx.error(ENV.name(), "C-MORL needs a multi-objective environment; " + e.describe() + " has one objective");
                    }
                    for (PortSpec<?> port : List.of(POLICY, CRITIC, COMBINER, PARETO)) {
                        EnvSpec got = ctx.inputShape(port, EnvSpec.class);
                        if (got != null && !got.objectives().equals(e.objectives())) {
                            ctx.error(port.name(), "objectives " + got.objectives() + " differ from the environment's " + e.objectives());
                        }
                    }
                })
                .factory(ctx -> {
                    Member.Settings ppo = ppoSettings(ctx);
                    CmorlTrainer.Settings cfg = new CmorlTrainer.Settings(ctx.intParam("population"),
                            ctx.longParam("stage1_steps"), ctx.intParam("rounds"), ctx.intParam("extend_per_round"),
                            ctx.longParam("stage2_steps"), ctx.doubleParam("alpha"), ctx.doubleParam("beta"),
                            ctx.doubleParam("margin"), ctx.doubleParam("barrier_t"), ctx.intParam("attempts"), ctx.intParam("workers"),
                            ctx.stringParam("executor"), ctx.stringParam("master"));
                    return new CmorlTrainer(ctx.component(ENV), ctx.component(POLICY), ctx.component(CRITIC),
                            ctx.component(COMBINER), ctx.component(OPTIMIZER), ctx.component(PARETO),
                            ppo, cfg, ctx.rngSeed(), ctx.nodeId());
                })
                .build();
    }
}
