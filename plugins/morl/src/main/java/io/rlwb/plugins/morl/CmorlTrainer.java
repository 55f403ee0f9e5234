package io.rlwb.plugins.morl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.morl.Pareto;
import io.rlwb.engine.morl.ParetoMonitor;
import io.rlwb.engine.morl.Weights;
import io.rlwb.engine.nn.DivergenceException;
import io.rlwb.engine.nn.OptimizerFactory;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.PpoTrainer;
import io.rlwb.engine.rl.Replicable;
import io.rlwb.engine.rl.vector.VectorCritic;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.engine.sweep.Cancellation;
import io.rlwb.engine.sweep.TrialListener;
import io.rlwb.engine.sweep.TrialResult;
import io.rlwb.engine.sweep.TrialRunner;
import io.rlwb.engine.sweep.TrialSpec;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * C-MORL (constrained multi-objective RL): Pareto-front discovery in two stages.
 *
 * <ol>
 *   <li><b>Stage 1, initialisation.</b> {@code population} policies, one per preference vector evenly spread on the
 *   simplex, each trained for {@code stage1Steps} environment steps. Each follows the policy gradient of
 *   {@code u_w(J)}, the wired combiner's utility of its returns, i.e. per-objective advantages weighted by
 *   {@code du_w/dJ} (linear: the weights). Then every policy is evaluated by the wired Pareto monitor.</li>
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
 *
 * <p><b>Where members train</b> (docs/decisions/0024): each stage and each extension round is one batch of trials on
 * a {@link TrialRunner} ({@code executor} local: this process, {@code workers} at once, ND4J single-threaded per
 * member; {@code spark}: a Spark cluster, {@code master}). A member's trial runs this graph with this node replaced by
 * {@link CmorlMemberNode} carrying the member's job; its run directory is {@code members/<stage>/<member>/} of
 * this run, and it gives back {@code member.npz} (parameters and evaluation). So one {@link #iterate} is one whole
 * stage or round, and the run's env_steps budget is checked between rounds (a round is never cut short).
 *
 * <p><b>State</b> (ADR 0020): at every iteration boundary (a round boundary) C-MORL's state is the stage and
 * round, every member's id, weights and trained parameters, the next round's jobs (with their parents'
 * parameters), the tries per extension, busy seconds and the last learning rate; members never train again once
 * their round is over, so their optimisers and environments are not part of it. A resumed run is bit-exact.
 */
final class CmorlTrainer implements Trainer {
    static final MetricSpec STAGE = MetricSpec.of("cmorl/stage", MetricSpec.Role.DETAIL, "1: initialisation, 2: extension");
    static final MetricSpec ROUND = MetricSpec.of("cmorl/round", MetricSpec.Role.DETAIL, "Extension rounds completed");
    static final MetricSpec POLICIES = MetricSpec.of("cmorl/policies", MetricSpec.Role.DETAIL, "Members trained so far");
    static final MetricSpec WORKERS = MetricSpec.of("cmorl/workers", MetricSpec.Role.DETAIL,
            "Members trained at once (the trial runner's parallelism)");
    static final MetricSpec BUSY_S = MetricSpec.of("cmorl/busy_s", MetricSpec.Role.DETAIL,
            "Seconds the members spent training, summed over workers");
    static final MetricSpec PARALLEL_SPEEDUP = MetricSpec.of("cmorl/parallel_speedup", MetricSpec.Role.DETAIL,
            "busy_s over the wall time since the start");
    /** What the trainer records (the Pareto monitor it drives records the front metrics). */
    static final List<MetricSpec> METRICS = List.of(STAGE, ROUND, POLICIES, WORKERS, BUSY_S, PARALLEL_SPEEDUP,
            PpoTrainer.LEARNING_RATE);
    /** Name prefix of the local executor's worker threads. */
    static final String THREADS = "cmorl-worker";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A member trial's divergence as the runtime words it: node, step, quantity, value, detail. */
    private static final Pattern DIVERGED = Pattern.compile(
            "\\S+: diverged at step \\d+: (.+) is (NaN|[+-]?Infinity) \\((.*)\\); try a lower learning rate");

    /** C-MORL's own settings. */
    record Settings(int population, long stage1Steps, int rounds, int extendPerRound, long stage2Steps, double alpha,
                    double beta, double margin, double barrierT, int attempts, int workers, String executor,
                    String master) {}

    /** A member as C-MORL keeps it between rounds: its trained parameters (null until its round is over). */
    private record Kept(String id, double[] weights, Map<String, INDArray> params) {}

    private final int objectives;
    private final ParetoMonitor monitor;
    private final Member.Settings ppo;
    private final Settings cfg;
    private final long seed;
    private final String nodeId;
    private final Map<String, Kept> members = new LinkedHashMap<>();
    /** Attempts per (parent, objective, thresholds): a failed extension leaves the front as it was and may be retried. */
    private final Map<String, Integer> tried = new LinkedHashMap<>();
    private List<MemberJob> active = new ArrayList<>();
    private int stage = 1;
    private int round;
    private double busy;
    private double learningRate = Double.NaN;
    private TrialRunner runner;
    private final long t0 = System.nanoTime();

    CmorlTrainer(EnvFactory env, Policy template, VectorCritic critic, io.rlwb.engine.morl.RewardCombiner combiner,
                 OptimizerFactory optimizer, ParetoMonitor monitor, Member.Settings ppo, Settings cfg, long seed,
                 String nodeId) {
        if (!(template instanceof Replicable<?>)) {
            throw new IllegalArgumentException("node '" + nodeId + "', port 'policy': " + template.getClass().getSimpleName()
                    + " cannot be replicated into a population (it does not implement Replicable)");
        }
        this.objectives = env.spec().numObjectives();
        this.monitor = monitor;
        this.ppo = ppo;
        this.cfg = cfg;
        this.seed = seed;
        this.nodeId = nodeId;
        List<double[]> prefs = Weights.evenlySpread(objectives, cfg.population());
        for (int i = 0; i < prefs.size(); i++) {
            String id = "p" + i;
            active.add(new MemberJob(id, prefs.get(i), memberSeed(i), cfg.stage1Steps(), -1, null, cfg.barrierT(), null,
                    null));
            members.put(id, new Kept(id, prefs.get(i), null));
        }
    }

    /** The seed of member number {@code index}: its replicas draw from it, +1 and +2 (as before trials, ADR 0024). */
    private long memberSeed(long index) {
        return seed * 1_000_003L + index * 7919L;
    }

    @Override
    public void iterate(RunServices run) {
        if (active.isEmpty()) {
            run.requestStop("C-MORL finished " + rounds(cfg.rounds()));
            return;
        }
        if (runner == null) runner = run.trialRunner(cfg.executor(), cfg.workers(), cfg.master(), THREADS);
        String label = stage == 1 ? "stage1" : "round" + (round + 1);
        List<TrialSpec> specs = specs(run, label);
        Cancellation cancel = new Cancellation();
        List<TrialResult> results = runner.run(specs, new TrialListener() {
            @Override public void progress(String trialId, double fraction) {
                if (run.cancelled()) cancel.cancel();
            }

            @Override public void metric(String trialId, long step, String key, double value) {
                if (run.cancelled()) cancel.cancel();
            }
        }, cancel);
        long steps = 0;
        for (TrialResult r : results) steps += r.envSteps();
        writeTrials(Path.of(specs.get(0).outDir()).getParent(), results);
        if (run.cancelled() || results.stream().anyMatch(r -> r.status() == io.rlwb.engine.sweep.TrialStatus.CANCELLED)) {
            run.addEnvSteps(steps);
            if (!run.cancelled()) throw new IllegalStateException("the members' executor cancelled " + label);
            return;
        }
        for (int i = 0; i < results.size(); i++) {
            if (!results.get(i).completed()) {
                run.addEnvSteps(steps);
                throw failure(active.get(i), results.get(i));
            }
        }
        List<MemberJob.Result> trained = new ArrayList<>();
        for (TrialSpec s : specs) {
            try {
                trained.add(MemberJob.Result.read(s.outPath()));
            } catch (IOException e) {
                throw new UncheckedIOException("member " + s.id() + ": " + e.getMessage(), e);
            }
        }
        run.addEnvSteps(steps);
        for (int i = 0; i < active.size(); i++) {
            MemberJob j = active.get(i);
            MemberJob.Result r = trained.get(i);
            members.put(j.id(), new Kept(j.id(), j.weights(), r.params()));
            monitor.archive().record(j.id(), r.values(), j.weights());
            busy += r.busySeconds();
        }
        learningRate = trained.get(0).learningRate();
        run.metric(PpoTrainer.LEARNING_RATE.key(), learningRate);
        report(run);
        if (stage == 1) stage = 2;
        else round++;
        active = round < cfg.rounds() ? extensions() : List.of();
        if (active.isEmpty()) {
            run.requestStop("C-MORL finished after " + rounds(round));
            close();
        }
    }

    /** The trials of the active members: this run's graph with this node replaced by a member node per job. */
    private List<TrialSpec> specs(RunServices run, String label) {
        if (run.graph() == null || run.runDirectory() == null) {
            throw new IllegalStateException("C-MORL trains its members as trials of its graph: it needs a run with a "
                    + "graph and a run directory");
        }
        ObjectNode base;
        try {
            base = (ObjectNode) JSON.readTree(GraphFile.toText(run.graph()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path dir = run.runDirectory().resolve("members").resolve(label);
        List<TrialSpec> specs = new ArrayList<>();
        for (MemberJob j : active) {
            ObjectNode g = base.deepCopy();
            ObjectNode node = null;
            for (Iterator<com.fasterxml.jackson.databind.JsonNode> it = ((ArrayNode) g.path("nodes")).elements(); it.hasNext(); ) {
                ObjectNode n = (ObjectNode) it.next();
                if (nodeId.equals(n.path("id").asText())) node = n;
            }
            if (node == null) throw new IllegalStateException("node '" + nodeId + "' is not in the run's graph");
            node.put("type", CmorlMemberNode.TYPE);
            node.put("typeVersion", 1);
            ObjectNode params = node.putObject("params");
            ObjectNode own = (ObjectNode) base.path("nodes").get(indexOf(base, nodeId)).path("params");
            for (io.rlwb.engine.spi.ParamSpec p : CmorlNode.PPO_PARAMS) {
                if (own.has(p.name())) params.set(p.name(), own.get(p.name()));
            }
            j.params().forEach(params::put);
            long batch = (long) ppo.numEnvs() * ppo.numSteps();
            // The member ends itself at its target: the run's own budgets (an iterations budget of a smoke run)
            // must not cut it short.
            specs.add(new TrialSpec(j.id(), g.toString(), Map.of(), run.seed(),
                    Map.of("env_steps", j.target() + batch, "iterations", j.target() / batch + 2),
                    dir.resolve(j.id()).toString()));
        }
        return specs;
    }

    /**
     * {@code members/<stage>/trials.csv}: how each member's trial ended, its steps and seconds, and where it ran
     * ({@code pid@host/thread}: a Spark executor's task thread, or this process's {@code cmorl-worker-N}).
     */
    private static void writeTrials(Path dir, List<TrialResult> results) {
        StringBuilder b = new StringBuilder("member,status,env_steps,wall_s,ran_on\n");
        for (TrialResult r : results) {
            b.append(csv(r.id())).append(',').append(r.status().label()).append(',').append(r.envSteps()).append(',')
                    .append(r.wallS()).append(',').append(csv(r.ranOn() == null ? "" : r.ranOn())).append('\n');
        }
        try {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve("trials.csv"), b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("trials.csv") + ": " + e.getMessage(), e);
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static int indexOf(ObjectNode graph, String id) {
        int i = 0;
        for (com.fasterxml.jackson.databind.JsonNode n : graph.path("nodes")) {
            if (id.equals(n.path("id").asText())) return i;
            i++;
        }
        return -1;
    }

    /** A member's failed trial as this run's failure: a divergence keeps its quantity, value and detail. */
    private static RuntimeException failure(MemberJob job, TrialResult r) {
        String why = r.failure() == null ? "failed" : r.failure();
        Matcher m = DIVERGED.matcher(why);
        if (m.matches()) {
            double v = m.group(2).equals("NaN") ? Double.NaN
                    : m.group(2).startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return new DivergenceException(m.group(1), v, m.group(3));
        }
        return new IllegalStateException("member " + job.id() + ": " + why);
    }

    private static String rounds(int n) {
        return n + (n == 1 ? " extension round" : " extension rounds");
    }

    /** Stage 2's new members: for the most isolated front policies, one constrained copy per objective. */
    private List<MemberJob> extensions() {
        List<ParetoSnapshot.Point> front = new ArrayList<>();
        for (ParetoSnapshot.Point p : monitor.archive().front()) if (members.containsKey(p.policy())) front.add(p);
        List<double[]> vals = new ArrayList<>();
        for (ParetoSnapshot.Point p : front) vals.add(p.values());
        double[] crowd = Pareto.crowdingDistance(vals);
        Integer[] order = new Integer[front.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(crowd[b], crowd[a]));
        List<MemberJob> out = new ArrayList<>();
        int picked = 0;
        for (int oi = 0; oi < order.length && picked < cfg.extendPerRound(); oi++) {
            ParetoSnapshot.Point p = front.get(order[oi]);
            boolean any = false;
            for (int j = 0; j < objectives; j++) {
                double[] c = thresholds(p.values(), j, vals, cfg.alpha(), cfg.beta(), cfg.margin());
                String key = p.policy() + "/" + j + "/" + Arrays.toString(c);
                if (tried.merge(key, 1, Integer::sum) > cfg.attempts()) continue;
                Kept parent = members.get(p.policy());
                String id = p.policy() + ".r" + round + "o" + j;
                // Until its own episodes end, the member's returns estimate is its parent's evaluation.
                out.add(new MemberJob(id, parent.weights(), memberSeed(members.size()), cfg.stage2Steps(), j, c,
                        cfg.barrierT(), p.values(), parent.params()));
                members.put(id, new Kept(id, parent.weights(), null));
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
        run.metric(STAGE.key(), stage);
        run.metric(ROUND.key(), round);
        run.metric(POLICIES.key(), members.size());
        run.metric(WORKERS.key(), runner.parallelism());
        run.metric(BUSY_S.key(), busy);
        run.metric(PARALLEL_SPEEDUP.key(), busy / Math.max(1e-9, wall));
    }

    /**
     * The state at a round boundary (every iteration ends at one): see the class comment. Parameters are written
     * as tensors {@code member.<n>.policy.*}, {@code member.<n>.critic.*}, the next round's jobs as
     * {@code job.<n>.*}; ids and tries as text, one per line.
     */
    @Override
    public void saveState(StateWriter out) {
        out.value("stage", stage);
        out.value("round", round);
        out.value("busy_s", busy);
        out.value("learning_rate", learningRate);
        List<Kept> all = new ArrayList<>(members.values());
        out.value("members", all.size());
        out.value("member_ids", lines(all.stream().map(Kept::id).toList()));
        double[][] w = new double[all.size()][];
        for (int i = 0; i < all.size(); i++) {
            Kept k = all.get(i);
            w[i] = k.weights();
            out.value("member." + i + ".trained", k.params() == null ? 0 : 1);
            if (k.params() != null) out.tensors("member." + i, k.params());
        }
        out.doubleRows("member_weights", w);
        out.value("jobs", active.size());
        for (int i = 0; i < active.size(); i++) {
            MemberJob j = active.get(i);
            StateWriter o = out.under("job." + i);
            o.value("id", j.id());
            o.value("seed", j.seed());
            o.value("target", j.target());
            o.value("objective", j.objective());
            o.value("barrier_t", j.barrierT());
            o.doubles("weights", j.weights());
            if (j.thresholds() != null) o.doubles("thresholds", j.thresholds());
            if (j.initialReturns() != null) o.doubles("initial_returns", j.initialReturns());
            if (j.init() != null) o.tensors("init", j.init());
        }
        out.value("tried_keys", lines(new ArrayList<>(tried.keySet())));
        out.longs("tried_counts", tried.values().stream().mapToLong(Integer::longValue).toArray());
    }

    @Override
    public void restoreState(StateReader in) {
        stage = (int) in.longValue("stage");
        round = (int) in.longValue("round");
        busy = in.doubleValue("busy_s");
        learningRate = in.doubleValue("learning_rate");
        int n = (int) in.longValue("members");
        List<String> ids = unlines(in.stringValue("member_ids"), n, "member_ids");
        double[][] w = new double[n][objectives];
        if (n > 0) in.doubleRows("member_weights", w);
        members.clear();
        for (int i = 0; i < n; i++) {
            Map<String, INDArray> params = in.longValue("member." + i + ".trained") == 0 ? null
                    : new LinkedHashMap<>(in.tensors("member." + i));
            members.put(ids.get(i), new Kept(ids.get(i), w[i], params));
        }
        int jobs = (int) in.longValue("jobs");
        active = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            StateReader r = in.under("job." + i);
            active.add(new MemberJob(r.stringValue("id"), r.doubles("weights"), r.longValue("seed"), r.longValue("target"),
                    (int) r.longValue("objective"), r.has("thresholds") ? r.doubles("thresholds") : null,
                    r.doubleValue("barrier_t"), r.has("initial_returns") ? r.doubles("initial_returns") : null,
                    r.tensors("init").isEmpty() ? null : new LinkedHashMap<>(r.tensors("init"))));
        }
        tried.clear();
        String keys = in.stringValue("tried_keys");
        long[] counts = in.longs("tried_counts");
        List<String> k = unlines(keys, counts.length, "tried_keys");
        for (int i = 0; i < counts.length; i++) tried.put(k.get(i), (int) counts[i]);
    }

    private static String lines(List<String> items) {
        for (String s : items) {
            if (s.indexOf('\n') >= 0) throw new IllegalStateException("a line break in '" + s + "'");
        }
        return String.join("\n", items);
    }

    private static List<String> unlines(String text, int n, String name) {
        List<String> out = n == 0 ? List.of() : List.of(text.split("\n", -1));
        if (out.size() != n) throw new IllegalArgumentException("state '" + name + "' holds " + out.size() + " lines, not " + n);
        return out;
    }

    /**
     * Releases the members' executor (its worker threads or its Spark context): the runtime calls this once the run
     * ends, completed, failed or cancelled; a cancelled round's trials have stopped by then.
     */
    @Override
    public void close() {
        TrialRunner r = runner;
        runner = null;
        if (r != null) r.close();
    }
}
