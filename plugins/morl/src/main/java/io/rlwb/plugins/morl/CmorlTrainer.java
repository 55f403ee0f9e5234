package io.rlwb.plugins.morl;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.morl.Pareto;
import io.rlwb.engine.morl.ParetoMonitor;
import io.rlwb.engine.morl.RewardCombiner;
import io.rlwb.engine.morl.Weights;
import io.rlwb.engine.nn.OptimizerFactory;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.Replicable;
import io.rlwb.engine.rl.vector.VectorCritic;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import io.rlwb.engine.rl.PpoTrainer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.rlwb.engine.sweep.WorkerPool;

/**
 * C-MORL (constrained multi-objective RL): Pareto-front discovery in two stages.
 *
 * <ol>
 *   <li><b>Stage 1, initialisation.</b> {@code population} policies, one per preference vector evenly spread on the
 *   simplex, trained in parallel on a {@link WorkerPool} (the process's shared one unless {@code workers} sets a
 *   size: docs/decisions/0022) for {@code stage1Steps} environment steps each. Each
 *   follows the policy gradient of {@code u_w(J)}, the wired combiner's utility of its returns, i.e. per-objective
 *   advantages weighted by {@code du_w/dJ} (linear: the weights). Then every policy is evaluated by the wired
 *   Pareto monitor.</li>
 *   <li><b>Stage 2, extension</b>, for {@code rounds} rounds: take the front of the monitor's archive, pick the
 *   {@code extendPerRound} policies with the largest crowding distance, and for each of them and each objective
 *   {@code j} train a copy for {@code stage2Steps} steps to maximise {@code J_j} subject to {@code J_k >= c_k} for
 *   the other objectives, by the log-barrier interior-point gradient ({@link LogBarrier}). Thresholds: when a
 *   front neighbour q is better in j, {@code c_k = p_k + alpha (q_k - p_k)} (fill the gap toward it); otherwise
 *   C-MORL's {@code c_k = p_k - (1 - beta) |p_k| - margin} (extend past the end). Extensions are evaluated into the
 *   archive.</li>
 * </ol>
 * Every member is a replica of the wired policy and vector critic, uses the wired optimiser and combiner, and is
 * evaluated by the wired monitor: the graph says what each member is. See docs/algorithms/cmorl.md.
 */
final class CmorlTrainer implements Trainer {
    static final MetricSpec STAGE = MetricSpec.of("cmorl/stage", MetricSpec.Role.DETAIL, "1: initialisation, 2: extension");
    static final MetricSpec ROUND = MetricSpec.of("cmorl/round", MetricSpec.Role.DETAIL, "Extension rounds completed");
    static final MetricSpec POLICIES = MetricSpec.of("cmorl/policies", MetricSpec.Role.DETAIL, "Members trained so far");
    static final MetricSpec WORKERS = MetricSpec.of("cmorl/workers", MetricSpec.Role.DETAIL, "Worker threads");
    static final MetricSpec BUSY_S = MetricSpec.of("cmorl/busy_s", MetricSpec.Role.DETAIL,
            "Seconds the members spent training, summed over workers");
    static final MetricSpec PARALLEL_SPEEDUP = MetricSpec.of("cmorl/parallel_speedup", MetricSpec.Role.DETAIL,
            "busy_s over the wall time since the start");
    /** What the trainer records (the Pareto monitor it drives records the front metrics). */
    static final List<MetricSpec> METRICS = List.of(STAGE, ROUND, POLICIES, WORKERS, BUSY_S, PARALLEL_SPEEDUP,
            PpoTrainer.LEARNING_RATE);

    /** C-MORL's own settings. */
    record Settings(int population, long stage1Steps, int rounds, int extendPerRound, long stage2Steps, double alpha,
                    double beta, double margin, double barrierT, int attempts, int workers) {}

    private final EnvFactory env;
    private final Policy template;
    private final VectorCritic criticTemplate;
    private final RewardCombiner combiner;
    private final OptimizerFactory optimizer;
    private final ParetoMonitor monitor;
    private final Member.Settings ppo;
    private final Settings cfg;
    private final long seed;
    private final WorkerPool pool;
    /** Whether {@link #pool} is this trainer's own (closed with it) rather than the shared one. */
    private final boolean ownPool;
    private final int workers;
    private final Map<String, Member> members = new LinkedHashMap<>();
    /** Attempts per (parent, objective, thresholds): a failed extension leaves the front as it was and may be retried. */
    private final Map<String, Integer> tried = new HashMap<>();
    private List<Member> active = new ArrayList<>();
    private int stage = 1;
    private int round;
    private double busy;
    private final long t0 = System.nanoTime();

    CmorlTrainer(EnvFactory env, Policy template, VectorCritic critic, RewardCombiner combiner, OptimizerFactory optimizer,
                 ParetoMonitor monitor, Member.Settings ppo, Settings cfg, long seed, String nodeId) {
        if (!(template instanceof Replicable<?>)) {
            throw new IllegalArgumentException("node '" + nodeId + "', port 'policy': " + template.getClass().getSimpleName()
                    + " cannot be replicated into a population (it does not implement Replicable)");
        }
        this.env = env;
        this.template = template;
        this.criticTemplate = critic;
        this.combiner = combiner;
        this.optimizer = optimizer;
        this.monitor = monitor;
        this.ppo = ppo;
        this.cfg = cfg;
        this.seed = seed;
        this.ownPool = cfg.workers() > 0;
        this.pool = ownPool ? new WorkerPool(cfg.workers(), "cmorl-worker") : WorkerPool.shared();
        this.workers = pool.size();
        int k = env.spec().numObjectives();
        List<double[]> prefs = Weights.evenlySpread(k, cfg.population());
        for (int i = 0; i < prefs.size(); i++) {
            double[] w = prefs.get(i);
            Member m = newMember("p" + i, w, i, null);
            m.coefficients = j -> {
                double[] g = new double[k];
                combiner.gradient(j, w, g);
                return g;
            };
            members.put(m.id, m);
            active.add(m);
        }
    }

    @SuppressWarnings("unchecked")
    private Member newMember(String id, double[] w, long index, double[] initialReturns) {
        long s = seed * 1_000_003L + index * 7919L;
        Policy p = ((Replicable<Policy>) template).replicate(s);
        VectorCritic c = criticTemplate.replicate(s + 1);
        return new Member(id, w, p, c, optimizer, env, ppo, s + 2, initialReturns, monitor.gamma());
    }

    @Override
    public void iterate(RunServices run) {
        if (active.isEmpty()) {
            run.requestStop("C-MORL finished " + rounds(cfg.rounds()));
            return;
        }
        long target = stage == 1 ? cfg.stage1Steps() : cfg.stage2Steps();
        List<LocalRun> locals = parallel(active, m -> {
            // Undiscounted J comes from the collector's episode metrics; discounted J from the member's batches.
            LocalRun l = new LocalRun(run, env.spec().objectives(), run.progress(),
                    monitor.gamma() == 1.0 ? m.returns : null);
            m.iterate(l, (double) m.steps / target);
            return l;
        });
        for (LocalRun l : locals) run.addEnvSteps(l.steps());
        run.metric(PpoTrainer.LEARNING_RATE.key(), active.get(0).learningRate());
        boolean done = active.stream().allMatch(m -> m.steps >= target);
        if (!done) return;
        List<double[]> measured = parallel(active, m -> monitor.measure(m.id, m.policy));
        for (int i = 0; i < active.size(); i++) monitor.archive().record(active.get(i).id, measured.get(i), active.get(i).weights);
        report(run);
        if (stage == 1) stage = 2;
        else round++;
        active = round < cfg.rounds() ? extensions() : List.of();
        if (active.isEmpty()) {
            run.requestStop("C-MORL finished after " + rounds(round));
            close();
        }
    }

    private static String rounds(int n) {
        return n + (n == 1 ? " extension round" : " extension rounds");
    }

    /** Stage 2's new members: for the most isolated front policies, one constrained copy per objective. */
    private List<Member> extensions() {
        List<ParetoSnapshot.Point> front = new ArrayList<>();
        for (ParetoSnapshot.Point p : monitor.archive().front()) if (members.containsKey(p.policy())) front.add(p);
        List<double[]> vals = new ArrayList<>();
        for (ParetoSnapshot.Point p : front) vals.add(p.values());
        double[] crowd = Pareto.crowdingDistance(vals);
        Integer[] order = new Integer[front.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(crowd[b], crowd[a]));
        List<Member> out = new ArrayList<>();
        int k = env.spec().numObjectives();
        int picked = 0;
        for (int oi = 0; oi < order.length && picked < cfg.extendPerRound(); oi++) {
            ParetoSnapshot.Point p = front.get(order[oi]);
            boolean any = false;
            for (int j = 0; j < k; j++) {
                double[] c = thresholds(p.values(), j, vals, cfg.alpha(), cfg.beta(), cfg.margin());
                String key = p.policy() + "/" + j + "/" + java.util.Arrays.toString(c);
                if (tried.merge(key, 1, Integer::sum) > cfg.attempts()) continue;
                Member parent = members.get(p.policy());
                // Until its own episodes end, the member's returns estimate is its parent's evaluation.
                Member m = newMember(p.policy() + ".r" + round + "o" + j, parent.weights, members.size(), p.values());
                m.copyFrom(parent);
                final int obj = j;
                final double t = cfg.barrierT();
                m.coefficients = ret -> LogBarrier.coefficients(ret, obj, c, t);
                members.put(m.id, m);
                out.add(m);
                any = true;
            }
            if (any) picked++;
        }
        return out;
    }

    /** Constraint thresholds for extending front point {@code p} in objective {@code j}. */
    static double[] thresholds(double[] p, int j, List<double[]> front, double alpha, double beta, double margin) {
        double[] q = null;
        for (double[] f : front) {
            if (f[j] > p[j] && (q == null || f[j] < q[j])) q = f;
        }
        double[] c = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            if (k == j) {
                c[k] = Double.NEGATIVE_INFINITY;
            } else if (q != null && q[k] < p[k]) {
                c[k] = p[k] + alpha * (q[k] - p[k]);
            } else {
                c[k] = p[k] - (1 - beta) * Math.abs(p[k]) - margin;
            }
        }
        return c;
    }

    private void report(RunServices run) {
        double wall = (System.nanoTime() - t0) / 1e9;
        busy = 0;
        for (Member m : members.values()) busy += m.busySeconds;
        run.metric(STAGE.key(), stage);
        run.metric(ROUND.key(), round);
        run.metric(POLICIES.key(), members.size());
        run.metric(WORKERS.key(), workers);
        run.metric(BUSY_S.key(), busy);
        run.metric(PARALLEL_SPEEDUP.key(), busy / Math.max(1e-9, wall));
    }

    private <T> List<T> parallel(List<Member> ms, java.util.function.Function<Member, T> task) {
        List<java.util.concurrent.Callable<T>> tasks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Member m : ms) {
            tasks.add(() -> task.apply(m));
            names.add("member " + m.id);
        }
        return pool.all(tasks, names);
    }

    /**
     * Not supported yet: the population (each member's networks, optimiser, environments and return trackers), the
     * stage and round are not saved, so a C-MORL run is not resumable; its checkpoints say so and a resume is refused
     * naming this node (ADR 0020).
     */
    @Override
    public void saveState(io.rlwb.engine.spi.StateWriter out) {
        throw new UnsupportedOperationException("C-MORL does not save its population and round yet");
    }

    @Override
    public void restoreState(io.rlwb.engine.spi.StateReader in) {
        throw new UnsupportedOperationException("C-MORL does not restore its population and round yet");
    }

    /**
     * Releases the worker threads when they are this trainer's own (the shared pool stays for other runs): the
     * runtime calls this once the run ends, completed, failed or cancelled, so no pool of its own outlives its run.
     * Waits (bounded) for members still training to notice the interrupt.
     */
    @Override
    public void close() {
        if (ownPool) pool.close();
    }
}
