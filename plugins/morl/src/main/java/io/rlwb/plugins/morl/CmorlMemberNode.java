package io.rlwb.plugins.morl;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.morl.ParetoMonitor;
import io.rlwb.engine.morl.WeightedCombiner;
import io.rlwb.engine.nn.OptimizerFactory;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.PpoTrainer;
import io.rlwb.engine.rl.Replicable;
import io.rlwb.engine.rl.vector.VectorCritic;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code morl/trainer.cmorl-member}: trains ONE C-MORL member to its step target and evaluates it. C-MORL does not
 * wire this node by hand: it runs each member of a stage or extension round as a trial (docs/decisions/0024) whose
 * graph is the C-MORL graph with the C-MORL node replaced by this one, same id, same wiring, the job in its
 * parameters ({@link MemberJob}). The member trains exactly as it did on C-MORL's own threads: same replica seeds,
 * same streams, same steps. At the target it is evaluated by the wired Pareto monitor and writes its parameters and
 * evaluation to {@code member.npz} in its run directory, which C-MORL reads back (a Spark executor copies the run
 * directory back first).
 */
final class CmorlMemberNode {
    private CmorlMemberNode() {}

    static final String TYPE = "morl/trainer.cmorl-member";
    static final MetricSpec BUSY_S = MetricSpec.of("cmorl/busy_s", MetricSpec.Role.DETAIL,
            "Seconds the member spent training");

    static NodeType type() {
        NodeType.Builder b = NodeType.builder(TYPE, 1)
                .category("Trainer").displayName("C-MORL member").generated()
                .role(NodeRole.TRAINER)
                .description("One member of a C-MORL population, trained to its step target and evaluated by the wired "
                        + "Pareto monitor. C-MORL runs these as trials of its population; not meant to be wired by hand.")
                .input(CmorlNode.ENV).input(CmorlNode.POLICY).input(CmorlNode.CRITIC).input(CmorlNode.COMBINER)
                .input(CmorlNode.OPTIMIZER).input(CmorlNode.PARETO)
                .metrics(List.of(PpoTrainer.LEARNING_RATE, BUSY_S))
                .param(ParamSpec.ofString("member", "p0", "The member's id in the population's archive"))
                .param(ParamSpec.ofString("weights", "", "Preference weights, comma-separated"))
                .param(ParamSpec.ofString("seed", "0", "Seed of the member's replicas and streams"))
                .param(ParamSpec.ofString("target", "1", "Env steps to train"))
                .param(ParamSpec.ofString("objective", "-1", "-1: stage 1 (the combiner's gradient); else the objective an extension maximises"))
                .param(ParamSpec.ofString("thresholds", "", "An extension's constraint thresholds, comma-separated"))
                .param(ParamSpec.ofString("barrier_t", "1.0", "Log-barrier sharpness"))
                .param(ParamSpec.ofString("initial_returns", "", "Returns estimate before the member's own episodes end"))
                .param(ParamSpec.ofString("init", "", "Starting parameters, a base64 .npz (empty: the replica's own)"));
        for (ParamSpec p : CmorlNode.PPO_PARAMS) b.param(p);
        return b.factory(ctx -> {
            String where = "node '" + ctx.nodeId() + "'";
            MemberJob job = new MemberJob(ctx.stringParam("member"),
                    MemberJob.parseDoubles(ctx.stringParam("weights"), where + ".weights"),
                    Long.parseLong(ctx.stringParam("seed")), Long.parseLong(ctx.stringParam("target")),
                    Integer.parseInt(ctx.stringParam("objective")),
                    MemberJob.parseDoubles(ctx.stringParam("thresholds"), where + ".thresholds"),
                    Double.parseDouble(ctx.stringParam("barrier_t")),
                    MemberJob.parseDoubles(ctx.stringParam("initial_returns"), where + ".initial_returns"),
                    MemberJob.fromBase64(ctx.stringParam("init"), where + ".init"));
            return new MemberTrainer(ctx.component(CmorlNode.ENV), ctx.component(CmorlNode.POLICY),
                    ctx.component(CmorlNode.CRITIC), ctx.component(CmorlNode.COMBINER), ctx.component(CmorlNode.OPTIMIZER),
                    ctx.component(CmorlNode.PARETO), CmorlNode.ppoSettings(ctx), job, ctx.nodeId());
        }).build();
    }

    /** The trainer of one member: PPO iterations until the target, then the evaluation and {@code member.npz}. */
    static final class MemberTrainer implements Trainer {
        private final EnvFactory env;
        private final ParetoMonitor monitor;
        private final MemberJob job;
        private final Member member;
        private boolean done;

        @SuppressWarnings("unchecked")
        MemberTrainer(EnvFactory env, Policy template, VectorCritic critic, WeightedCombiner combiner,
                      OptimizerFactory optimizer, ParetoMonitor monitor, Member.Settings ppo, MemberJob job, String nodeId) {
            if (!(template instanceof Replicable<?>)) {
                throw new IllegalArgumentException("node '" + nodeId + "', port 'policy': "
                        + template.getClass().getSimpleName() + " cannot be replicated (it does not implement Replicable)");
            }
            int k = env.spec().numObjectives();
            if (job.weights() == null || job.weights().length != k) {
                throw new IllegalArgumentException("node '" + nodeId + "'.weights: " + k + " weights needed");
            }
            this.env = env;
            this.monitor = monitor;
            this.job = job;
            long s = job.seed();
            Policy p = ((Replicable<Policy>) template).replicate(s);
            VectorCritic c = critic.replicate(s + 1);
            this.member = new Member(job.id(), job.weights(), p, c, optimizer, env, ppo, s + 2, job.initialReturns(),
                    monitor.gamma());
            if (job.init() != null) {
                MemberJob.load(p.parameters(), c.parameters(), job.init(), "parameters of member " + job.id());
            }
            double[] w = job.weights();
            if (job.objective() < 0) {
                member.coefficients = ret -> {
                    double[] g = new double[k];
                    combiner.gradient(ret, w, g);
                    return g;
                };
            } else {
                if (job.thresholds() == null || job.thresholds().length != k || job.objective() >= k) {
                    throw new IllegalArgumentException("node '" + nodeId + "': an extension needs " + k
                            + " thresholds and an objective below " + k);
                }
                int obj = job.objective();
                double[] c2 = job.thresholds();
                double t = job.barrierT();
                member.coefficients = ret -> LogBarrier.coefficients(ret, obj, c2, t);
            }
        }

        @Override
        public void iterate(RunServices run) {
            if (done) return;
            // Undiscounted J comes from the collector's episode metrics; discounted J from the member's batches.
            LocalRun l = new LocalRun(run, env.spec().objectives(), run.progress(),
                    monitor.gamma() == 1.0 ? member.returns : null);
            member.iterate(l, (double) member.steps / job.target());
            run.addEnvSteps(l.steps());
            run.metric(PpoTrainer.LEARNING_RATE.key(), member.learningRate());
            if (member.steps < job.target()) return;
            done = true;
            double[] values = monitor.measure(member.id, member.policy);
            run.metric(BUSY_S.key(), member.busySeconds);
            if (run.runDirectory() == null) throw new IllegalStateException("a C-MORL member needs a run directory");
            try {
                new MemberJob.Result(MemberJob.copies(member.policy.parameters(), member.critic.parameters()), values,
                        member.steps, member.busySeconds, member.learningRate()).write(run.runDirectory());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + MemberJob.RESULT_FILE + ": " + e.getMessage(), e);
            }
            run.requestStop("member " + member.id + " trained " + member.steps + " steps");
        }
    }
}
