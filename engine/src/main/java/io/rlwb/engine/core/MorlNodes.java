package io.rlwb.engine.core;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.morl.AdaptiveCombiner;
import io.rlwb.engine.morl.ChebyshevCombiner;
import io.rlwb.engine.morl.DynamicCombiner;
import io.rlwb.engine.morl.DynamicWeighting;
import io.rlwb.engine.morl.KnownFront;
import io.rlwb.engine.morl.LagrangianCombiner;
import io.rlwb.engine.morl.LagrangianConstraints;
import io.rlwb.engine.morl.LinearCombiner;
import io.rlwb.engine.morl.ParetoArchive;
import io.rlwb.engine.morl.ParetoMonitor;
import io.rlwb.engine.morl.RewardCombiner;
import io.rlwb.engine.morl.WeightedCombiner;
import io.rlwb.engine.morl.Weights;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.rl.vector.MlpVectorCritic;
import io.rlwb.engine.rl.vector.VectorCritic;
import io.rlwb.engine.spi.BuildContext;
import io.rlwb.engine.spi.InferContext;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.Monitor;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.ShapeChecks;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Multi-objective node types of the core: the vector critic, reward combiners (linear, Chebyshev, dynamic
 * weighting, Lagrangian constraints) and the Pareto monitor. Environments and C-MORL live in plugin {@code morl}.
 */
final class MorlNodes {
    private MorlNodes() {}

    static final PortSpec<EnvFactory> VECTOR_CRITIC_ENV = PortSpec.in("env", PortTypes.ENV,
            "Environment whose observation size and objectives size the network");
    static final PortSpec<VectorCritic> VECTOR_CRITIC_OUT = PortSpec.out("critic", PortTypes.VECTOR_CRITIC,
            "The vector critic");
    static final PortSpec<TrajectoryBatch> COMBINER_BATCH_IN = PortSpec.optionalIn("batch", PortTypes.TRAJECTORIES,
            "Steps with reward vectors");
    static final PortSpec<TrajectoryBatch> COMBINER_BATCH_OUT = PortSpec.out("batch", PortTypes.TRAJECTORIES,
            "The same steps, scalar reward = the combination");
    static final PortSpec<WeightedCombiner> COMBINER_OUT = PortSpec.out("combiner", PortTypes.COMBINER,
            "The scalarisation itself, for trainers that weight returns (C-MORL)");
    static final PortSpec<TrajectoryBatch> REWARD_BATCH_IN = PortSpec.optionalIn("batch", PortTypes.TRAJECTORIES,
            "Steps with reward vectors (unwired when only the 'combiner' output is used)");
    static final PortSpec<WeightedCombiner> ADAPTIVE_COMBINER_OUT = PortSpec.out("combiner", PortTypes.COMBINER,
            "The adaptive combiner itself, for trainers that combine vector rewards themselves (llm/grpo's reward "
                    + "heads): they bind it to their objectives' names, combine, and update it after every batch. "
                    + "Its state is its own, apart from the 'batch' path's");
    static final PortSpec<TrajectoryBatch> DYNAMIC_BATCH_OUT = PortSpec.out("batch", PortTypes.TRAJECTORIES,
            "The same steps, scalar reward = w . r_vec");
    static final PortSpec<TrajectoryBatch> LAGRANGIAN_BATCH_OUT = PortSpec.out("batch", PortTypes.TRAJECTORIES,
            "The same steps, scalar reward = the Lagrangian");
    static final PortSpec<EnvFactory> PARETO_ENV = PortSpec.in("env", PortTypes.ENV,
            "Environment: names the objectives, may know its true front");
    static final PortSpec<Policy> PARETO_POLICY = PortSpec.optionalIn("policy", PortTypes.POLICY,
            "A policy to evaluate by itself");
    static final PortSpec<ParetoMonitor> PARETO_OUT = PortSpec.out("pareto", PortTypes.PARETO,
            "The monitor, for trainers that have policies evaluated into its archive");
    static final MetricSpec REWARD_WEIGHT = MetricSpec.of("reward/weight_<objective>", MetricSpec.Role.DETAIL,
            "The dynamic weight of one objective after the batch");
    static final MetricSpec CONSTRAINT_LAMBDA = MetricSpec.of("constraint/lambda_<objective>", MetricSpec.Role.DETAIL,
            "The Lagrange multiplier of one constrained objective after the batch");

    static List<NodeType> all() {
        return List.of(vectorCritic(), linear(), chebyshev(), dynamic(), lagrangian(), paretoMonitor());
    }

    static NodeType vectorCritic() {
        return NodeType.builder("core/critic.mlp.vector", 1)
                .category("Critic").displayName("MLP vector critic")
                .description("A multilayer perceptron with one value head per reward objective, V(s) in R^k; "
                        + "squared error per head divided by value_scale^2.")
                .input(VECTOR_CRITIC_ENV)
                .output(VECTOR_CRITIC_OUT)
                .param(ParamSpec.ofIntList("hidden", List.of(64, 64), 1, 4096, "units", "Hidden layer sizes"))
                .param(ParamSpec.ofChoice("activation", "tanh", List.of("tanh", "relu"), "Hidden-layer activation"))
                .param(ParamSpec.ofString("value_scale", "",
                        "Per-objective scale of the squared error, comma-separated (blank: all 1)"))
                .infer(ctx -> {
                    EnvSpec s = ctx.inputShape(VECTOR_CRITIC_ENV, EnvSpec.class);
                    if (s == null) return;
                    checkList(ctx, "value_scale", s.numObjectives());
                    ctx.outputShape(VECTOR_CRITIC_OUT, s);
                })
                .factory(ctx -> {
                    EnvSpec s = ctx.component(VECTOR_CRITIC_ENV).spec();
                    double[] scale = Weights.parse(ctx.stringParam("value_scale"), s.numObjectives(), null,
                            where(ctx, "value_scale"));
                    MlpVectorCritic c = new MlpVectorCritic(s, ctx.intListParam("hidden"),
                            ModelNodes.activation(ctx.stringParam("activation")), scale, ctx.rngSeed(), DataType.FLOAT);
                    return NodeInstance.ofComponent(VECTOR_CRITIC_OUT, c, c.parameters());
                })
                .build();
    }

    private static NodeType.Builder combinerBase(String id, String name, String description) {
        return NodeType.builder(id, 1)
                .category("Reward").displayName(name).description(description)
                .input(COMBINER_BATCH_IN)
                .output(COMBINER_BATCH_OUT)
                .output(COMBINER_OUT)
                .param(ParamSpec.ofString("weights", "", "Preference weights, comma-separated, one per objective "
                        + "(blank: equal)"));
    }

    static NodeType linear() {
        return combinerBase("core/reward.linear", "Linear scalarisation",
                "r = w . r_vec. Cannot reach points on a concave part of a Pareto front.")
                .infer(ctx -> inferCombiner(ctx, null))
                .factory(ctx -> combinerInstance(ctx, new LinearCombiner()))
                .build();
    }

    static NodeType chebyshev() {
        return combinerBase("core/reward.chebyshev", "Chebyshev scalarisation",
                "r = -max_i w_i |r_i - z_i| with a utopia point z; reaches concave parts of a front.")
                .param(ParamSpec.ofString("utopia", "", "Utopia point z, comma-separated, one per objective (blank: 0)"))
                .infer(ctx -> inferCombiner(ctx, "utopia"))
                .factory(ctx -> {
                    int k = objectives(ctx);
                    double[] z = Weights.parse(ctx.stringParam("utopia"), k, new double[k], where(ctx, "utopia"));
                    return combinerInstance(ctx, new ChebyshevCombiner(z));
                })
                .build();
    }

    static NodeType dynamic() {
        return NodeType.builder("core/reward.dynamic", 1)
                .category("Reward").displayName("Dynamic reward weighting")
                .description("Linear scalarisation whose weights adapt after every batch toward the objectives "
                        + "that improve least (exponentiated-gradient step); logs reward/weight_<objective>.")
                .input(REWARD_BATCH_IN)
                .output(DYNAMIC_BATCH_OUT)
                .output(ADAPTIVE_COMBINER_OUT)
                .metrics(REWARD_WEIGHT)
                .param(ParamSpec.ofString("weights", "", "Initial weights, comma-separated (blank: equal)"))
                .param(ParamSpec.ofFloat("eta", 0.5, 0.0, 100.0, "", "Step size of the weight update"))
                .param(ParamSpec.ofFloat("beta", 0.1, 1e-6, 1.0, "", "Rate of the moving averages"))
                .param(ParamSpec.ofFloat("min_weight", 0.02, 0.0, 1.0, "", "Floor of each weight before renormalising"))
                .infer(ctx -> {
                    inferReward(ctx, DYNAMIC_BATCH_OUT);
                    String w = ctx.param("weights").asText();
                    String where = "node '" + ctx.nodeId() + "', parameter 'weights'";
                    ctx.outputShape(ADAPTIVE_COMBINER_OUT, check(obj -> new DynamicCombiner(w, 0.5, 0.1, 0.0, where)
                            .bind(obj)));
                })
                .factory(ctx -> {
                    DynamicCombiner combiner = new DynamicCombiner(ctx.stringParam("weights"), ctx.doubleParam("eta"),
                            ctx.doubleParam("beta"), ctx.doubleParam("min_weight"), where(ctx, "weights"));
                    EnvSpec spec = ctx.inputShape(REWARD_BATCH_IN, EnvSpec.class);
                    if (spec == null) return adaptiveOnly(ctx, combiner);
                    int k = spec.numObjectives();
                    double[] w0 = Weights.parse(ctx.stringParam("weights"), k, Weights.uniform(k), where(ctx, "weights"));
                    DynamicWeighting dw = new DynamicWeighting(w0, ctx.doubleParam("eta"), ctx.doubleParam("beta"),
                            ctx.doubleParam("min_weight"));
                    Supplier<TrajectoryBatch> in = ctx.data(REWARD_BATCH_IN);
                    RunServices run = ctx.run();
                    return withAdaptive(combiner, dw, () -> {
                        TrajectoryBatch b = in.get();
                        double[] w = dw.weights();
                        float[] out = new float[b.rows()];
                        double[] means = new double[k];
                        for (int i = 0; i < b.rows(); i++) {
                            double s = 0;
                            for (int j = 0; j < k; j++) {
                                s += w[j] * b.rewardVectors[i * k + j];
                                means[j] += b.rewardVectors[i * k + j] / b.rows();
                            }
                            out[i] = (float) s;
                        }
                        dw.update(means);
                        double[] nw = dw.weights();
                        for (int j = 0; j < k; j++) run.metric(family(REWARD_WEIGHT) + b.spec.objectives().get(j), nw[j]);
                        return b.withRewards(out);
                    });
                })
                .build();
    }

    static NodeType lagrangian() {
        return NodeType.builder("core/reward.lagrangian", 1)
                .category("Reward").displayName("Lagrangian constraints")
                .description("Maximise one objective subject to lower bounds on others: r = r_main + sum_i "
                        + "lambda_i r_i, one multiplier per constrained objective, raised by gradient ascent on the "
                        + "violation (threshold - batch mean reward per step) after every batch.")
                .input(REWARD_BATCH_IN)
                .output(LAGRANGIAN_BATCH_OUT)
                .output(ADAPTIVE_COMBINER_OUT)
                .metrics(CONSTRAINT_LAMBDA)
                .param(ParamSpec.ofString("main", "", "Objective to maximise (blank: the first)"))
                .param(ParamSpec.ofString("constrained", "", "Constrained objectives, comma-separated names"))
                .param(ParamSpec.ofString("thresholds", "", "Lower bound of each constrained objective's mean reward per step"))
                .param(ParamSpec.ofFloat("lambda_lr", 0.05, 0.0, 1e6, "", "Multiplier learning rate"))
                .param(ParamSpec.ofFloat("lambda_init", 0.0, 0.0, 1e6, "", "Initial value of every multiplier"))
                .infer(ctx -> {
                    String main = ctx.param("main").asText();
                    String constrained = ctx.param("constrained").asText();
                    String thresholds = ctx.param("thresholds").asText();
                    String where = "node '" + ctx.nodeId() + "'";
                    ctx.outputShape(ADAPTIVE_COMBINER_OUT, check(obj -> lagrangianFrom(main, constrained, thresholds,
                            0, 0, obj, where)));
                    EnvSpec s = ctx.inputShape(REWARD_BATCH_IN, EnvSpec.class);
                    if (s == null) return;
                    try {
                        lagrangianFrom(ctx.param("main").asText(), ctx.param("constrained").asText(),
                                ctx.param("thresholds").asText(), 0, 0, s.objectives(), "node '" + ctx.nodeId() + "'");
                        ctx.outputShape(LAGRANGIAN_BATCH_OUT, s);
                    } catch (IllegalArgumentException e) {
                        ctx.error(null, e.getMessage());
                    }
                })
                .factory(ctx -> {
                    String main = ctx.stringParam("main");
                    String constrained = ctx.stringParam("constrained");
                    String thresholds = ctx.stringParam("thresholds");
                    double init = ctx.doubleParam("lambda_init");
                    double lr = ctx.doubleParam("lambda_lr");
                    String where = "node '" + ctx.nodeId() + "'";
                    LagrangianCombiner combiner = new LagrangianCombiner(
                            obj -> lagrangianFrom(main, constrained, thresholds, init, lr, obj, where), where);
                    EnvSpec s = ctx.inputShape(REWARD_BATCH_IN, EnvSpec.class);
                    if (s == null) return adaptiveOnly(ctx, combiner);
                    LagrangianConstraints lc = lagrangianFrom(main, constrained, thresholds, init, lr, s.objectives(),
                            where);
                    String[] names = ctx.stringParam("constrained").split(",");
                    Supplier<TrajectoryBatch> in = ctx.data(REWARD_BATCH_IN);
                    RunServices run = ctx.run();
                    int k = s.numObjectives();
                    return withAdaptive(combiner, lc, () -> {
                        TrajectoryBatch b = in.get();
                        float[] out = new float[b.rows()];
                        double[] means = new double[k];
                        for (int i = 0; i < b.rows(); i++) {
                            out[i] = (float) lc.combine(b.rewardVectors, i * k);
                            for (int j = 0; j < k; j++) means[j] += b.rewardVectors[i * k + j] / b.rows();
                        }
                        lc.update(means);
                        double[] lam = lc.multipliers();
                        for (int i = 0; i < lam.length; i++) run.metric(family(CONSTRAINT_LAMBDA) + names[i].trim(), lam[i]);
                        return b.withRewards(out);
                    });
                })
                .build();
    }

    /** The {@link AdaptiveCombiner.Check} that runs {@code bind} and reports its message. */
    private static AdaptiveCombiner.Check check(java.util.function.Consumer<List<String>> bind) {
        return objectives -> {
            try {
                bind.accept(objectives);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        };
    }

    /** An adaptive combiner node with its 'batch' input unwired: only the 'combiner' output works. */
    private static NodeInstance adaptiveOnly(BuildContext ctx, AdaptiveCombiner combiner) {
        return withAdaptive(combiner, null, () -> {
            throw new IllegalStateException("node '" + ctx.nodeId() + "': output 'batch' is used, but input 'batch' "
                    + "is not wired: wire the collector's batch into it, or take only its 'combiner' output");
        });
    }

    /** The batch path on data output 'batch' and the adaptive combiner on component output 'combiner'. */
    private static NodeInstance withAdaptive(AdaptiveCombiner combiner, io.rlwb.engine.spi.Stateful batchWeights,
                                             Supplier<TrajectoryBatch> batch) {
        return new NodeInstance() {
            /** The weights of both paths (the trainer's combiner and the batch's), so a resume continues them. */
            @Override public void saveState(io.rlwb.engine.spi.StateWriter out) {
                combiner.saveState(out.under("combiner"));
                if (batchWeights != null) batchWeights.saveState(out.under("batch"));
            }

            @Override public void restoreState(io.rlwb.engine.spi.StateReader in) {
                combiner.restoreState(in.under("combiner"));
                if (batchWeights != null) batchWeights.restoreState(in.under("batch"));
            }

            @Override public Object component(String p) {
                if (!p.equals(ADAPTIVE_COMBINER_OUT.name())) {
                    throw new IllegalArgumentException("no component output '" + p + "'");
                }
                return combiner;
            }

            @Override public Object compute(String p) {
                if (!p.equals("batch")) throw new IllegalArgumentException("no data output '" + p + "'");
                return batch.get();
            }
        };
    }

    /** Builds the constraint set from node parameters, naming the node in every message. */
    static LagrangianConstraints lagrangianFrom(String main, String constrained, String thresholds, double init,
                                                double lr, List<String> obj, String where) {
        int m = main.isBlank() ? 0 : obj.indexOf(main.trim());
        if (m < 0) throw new IllegalArgumentException(where + ", parameter 'main': no objective '" + main + "' in " + obj);
        if (constrained.isBlank()) {
            throw new IllegalArgumentException(where + ", parameter 'constrained': name at least one objective of " + obj);
        }
        String[] names = constrained.split(",");
        int[] idx = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            idx[i] = obj.indexOf(names[i].trim());
            if (idx[i] < 0 || idx[i] == m) {
                throw new IllegalArgumentException(where + ", parameter 'constrained': '" + names[i].trim()
                        + "' is not an objective other than the main one, of " + obj);
            }
        }
        double[] th = Weights.parse(thresholds, names.length, null, where + ", parameter 'thresholds'");
        if (th == null) throw new IllegalArgumentException(where + ", parameter 'thresholds': one per constrained objective");
        double[] l0 = new double[names.length];
        java.util.Arrays.fill(l0, init);
        return new LagrangianConstraints(m, idx, th, l0, lr);
    }

    static NodeType paretoMonitor() {
        return NodeType.builder("core/monitor.pareto", 1)
                .category("Monitor").displayName("Pareto monitor")
                .role(NodeRole.MONITOR)
                .description("Keeps the archive of evaluated policies (trainers record into it; a wired policy is "
                        + "evaluated every every_steps); reports eval/hypervolume, eval/eum, eval/cardinality, "
                        + "eval/sparsity, eval/igd, publishes Pareto snapshots and writes pareto.csv.")
                .input(PARETO_ENV)
                .input(PARETO_POLICY)
                .output(PARETO_OUT)
                .metrics(ParetoMonitor.METRICS).snapshot(ParetoMonitor.SNAPSHOT)
                .param(ParamSpec.ofInt("episodes", 1, 1, 10_000, "episodes", "Evaluation episodes per policy"))
                .param(ParamSpec.ofInt("every_steps", 10_000, 1, Integer.MAX_VALUE, "steps",
                        "Training steps between evaluations of the wired policy"))
                .param(ParamSpec.ofString("reference", "",
                        "Hypervolume reference point, comma-separated (blank: the environment's customary one)"))
                .param(ParamSpec.ofFloat("gamma", 1.0, 0.0, 1.0, "",
                        "Evaluation discount: 1 reports undiscounted returns; below 1, discounted ones (and the "
                                + "environment's true front at that discount, where it knows one)"))
                .infer(ctx -> {
                    EnvSpec e = ctx.inputShape(PARETO_ENV, EnvSpec.class);
                    ShapeChecks.expectSame(ctx, PARETO_POLICY, e, "the environment on 'env'");
                    if (e == null) return;
                    checkList(ctx, "reference", e.numObjectives());
                    if (ctx.param("reference").asText().isBlank() && e.hypervolumeReference().isEmpty()) {
                        ctx.error(null, "parameter 'reference': " + e.name() + " has no customary hypervolume "
                                + "reference point; set one, a value per objective " + e.objectives()
                                + " below every return a policy can get");
                    }
                    ctx.outputShape(PARETO_OUT, e);
                })
                .factory(ctx -> {
                    EnvFactory env = ctx.component(PARETO_ENV);
                    EnvSpec s = env.spec();
                    KnownFront known = env instanceof KnownFront kf ? kf : null;
                    double[] ref = Weights.parse(ctx.stringParam("reference"), s.numObjectives(),
                            known != null ? known.referencePoint() : customary(s), where(ctx, "reference"));
                    if (ref == null) {
                        throw new IllegalArgumentException(where(ctx, "reference") + ": " + s.name()
                                + " has no customary reference point; set one");
                    }
                    double gamma = ctx.doubleParam("gamma");
                    List<double[]> truth = known == null ? List.of() : known.trueFront(gamma);
                    ParetoArchive archive = new ParetoArchive(s.objectives(), ref, truth.isEmpty() ? null : truth, gamma);
                    ParetoMonitor m = new ParetoMonitor(archive, env, ctx.component(PARETO_POLICY), ctx.nodeId(),
                            ctx.intParam("episodes"), ctx.longParam("every_steps"), ctx.rngSeed(), gamma);
                    return new Monitor() {
                        @Override public void afterIteration(RunServices run) { m.afterIteration(run); }

                        @Override public void finish(RunServices run) { m.finish(run); }

                        @Override public void saveState(io.rlwb.engine.spi.StateWriter out) { m.saveState(out); }

                        @Override public void restoreState(io.rlwb.engine.spi.StateReader in) { m.restoreState(in); }

                        @Override public Object component(String p) {
                            if (!p.equals(PARETO_OUT.name())) throw new IllegalArgumentException("no component output '" + p + "'");
                            return m;
                        }
                    };
                })
                .build();
    }

    /** The environment shape's customary hypervolume reference point, or null. */
    private static double[] customary(EnvSpec s) {
        if (s.hypervolumeReference().isEmpty()) return null;
        return s.hypervolumeReference().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void inferCombiner(InferContext ctx, String extraList) {
        EnvSpec s = ctx.inputShape(COMBINER_BATCH_IN, EnvSpec.class);
        if (s == null) return;
        checkList(ctx, "weights", s.numObjectives());
        if (extraList != null) checkList(ctx, extraList, s.numObjectives());
        ctx.outputShape(COMBINER_BATCH_OUT, s);
        ctx.outputShape(COMBINER_OUT, s);
    }

    private static void inferReward(InferContext ctx, PortSpec<TrajectoryBatch> out) {
        EnvSpec s = ctx.inputShape(REWARD_BATCH_IN, EnvSpec.class);
        if (s == null) return;
        checkList(ctx, "weights", s.numObjectives());
        ctx.outputShape(out, s);
    }

    /** The fixed part of a family key: {@code reward/weight_} of {@code reward/weight_<objective>}. */
    private static String family(MetricSpec m) {
        return m.key().substring(0, m.key().indexOf('<'));
    }

    private static void checkList(InferContext ctx, String param, int k) {
        try {
            Weights.parse(ctx.param(param).asText(), k, null, "parameter '" + param + "'");
        } catch (IllegalArgumentException e) {
            ctx.error(null, e.getMessage());
        }
    }

    private static int objectives(BuildContext ctx) {
        EnvSpec s = ctx.inputShape(COMBINER_BATCH_IN, EnvSpec.class);
        return s == null ? -1 : s.numObjectives();
    }

    static String where(BuildContext ctx, String param) {
        return "node '" + ctx.nodeId() + "', parameter '" + param + "'";
    }

    /**
     * A combiner node: hands out the combiner with its weights and, when a batch is wired, the batch with its
     * scalar reward replaced by {@code u_w(r_t)} per step.
     */
    private static NodeInstance combinerInstance(BuildContext ctx, RewardCombiner c) {
        Supplier<TrajectoryBatch> in = ctx.data(COMBINER_BATCH_IN);
        String weightsText = ctx.stringParam("weights");
        String where = where(ctx, "weights");
        ConfiguredCombiner wc = new ConfiguredCombiner(c, weightsText, where);
        return new NodeInstance() {
            @Override public Object component(String p) {
                if (!p.equals(COMBINER_OUT.name())) throw new IllegalArgumentException("no component output '" + p + "'");
                return wc;
            }

            @Override public Object compute(String p) {
                if (!p.equals(COMBINER_BATCH_OUT.name())) throw new IllegalArgumentException("no data output '" + p + "'");
                // An unwired optional input pulls null: say which wire is missing instead of a NullPointerException.
                TrajectoryBatch b = in == null ? null : in.get();
                if (b == null) {
                    throw new IllegalStateException("output 'batch' is used, but input 'batch' is not wired: wire the "
                            + "collector's batch into it, or take only its 'combiner' output");
                }
                int k = b.numObjectives();
                double[] w = wc.weights(k);
                double[] r = new double[k];
                float[] out = new float[b.rows()];
                for (int i = 0; i < b.rows(); i++) {
                    for (int j = 0; j < k; j++) r[j] = b.rewardVectors[i * k + j];
                    out[i] = (float) c.combine(r, w);
                }
                return b.withRewards(out);
            }
        };
    }
}
