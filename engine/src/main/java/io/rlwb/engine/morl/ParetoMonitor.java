package io.rlwb.engine.morl;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.Monitor;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.SnapshotSpec;
import io.rlwb.engine.spi.StepSchedule;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import java.util.List;

/**
 * Watches a multi-objective run: keeps the {@link ParetoArchive} into which trainers have policies evaluated
 * ({@link #measure}, then {@link ParetoArchive#record}; the monitor is what flows on a {@code pareto} port), evaluates a wired policy itself every
 * {@code everySteps} training steps, and after each iteration in which the archive changed publishes {@code eval/hypervolume}, {@code eval/eum},
 * {@code eval/cardinality}, {@code eval/sparsity}, {@code eval/igd} and a {@link ParetoSnapshot}. The run store
 * writes {@code pareto.csv} from the last snapshot.
 */
public final class ParetoMonitor implements Monitor {
    public static final MetricSpec HYPERVOLUME = MetricSpec.of("eval/hypervolume", MetricSpec.Role.KEY,
            "Hypervolume of the archive's front above the reference point");
    public static final MetricSpec CARDINALITY = MetricSpec.of("eval/cardinality", MetricSpec.Role.DETAIL,
            "Points on the archive's front");
    public static final MetricSpec EUM = MetricSpec.of("eval/eum", MetricSpec.Role.DETAIL,
            "Expected utility of the front over evenly spread linear preferences");
    public static final MetricSpec SPARSITY = MetricSpec.of("eval/sparsity", MetricSpec.Role.DETAIL,
            "Mean squared gap between neighbouring front points");
    public static final MetricSpec IGD = MetricSpec.of("eval/igd", MetricSpec.Role.DETAIL,
            "Inverted generational distance to the environment's true front, where it knows one");
    /** What a Pareto monitor records. */
    public static final List<MetricSpec> METRICS = List.of(HYPERVOLUME, CARDINALITY, EUM, SPARSITY, IGD);
    /** The snapshots it publishes. */
    public static final SnapshotSpec SNAPSHOT = SnapshotSpec.of(ParetoSnapshot.KIND, ParetoSnapshot.class,
            "The archive of evaluated policies with its front metrics; also written as pareto.csv");

    private final ParetoArchive archive;
    private final EnvFactory env;
    private final Policy policy;
    private final String policyId;
    private final int episodes;
    private final StepSchedule schedule;
    private final long seed;
    private final double gamma;
    private long published = -1;
    private long round;

    /**
     * @param policy a policy to evaluate by itself, or null when trainers record into the archive
     * @param gamma the evaluation discount: 1 for undiscounted returns (the usual report), below 1 to compare with
     *     a front of discounted returns
     */
    public ParetoMonitor(ParetoArchive archive, EnvFactory env, Policy policy, String policyId, int episodes,
                         long everySteps, long seed, double gamma) {
        this.archive = archive;
        this.env = env;
        this.policy = policy;
        this.policyId = policyId;
        this.episodes = episodes;
        this.schedule = new StepSchedule(everySteps);
        this.seed = seed;
        this.gamma = gamma;
    }

    /** The evaluation discount (1: undiscounted returns). */
    public double gamma() {
        return gamma;
    }

    public ParetoArchive archive() {
        return archive;
    }

    @Override
    public void afterIteration(RunServices run) {
        if (policy != null && schedule.due(run.envSteps())) evaluateWired();
        publishIfChanged(run);
    }

    @Override
    public void finish(RunServices run) {
        if (policy != null) evaluateWired();
        published = -1;
        publishIfChanged(run);
    }

    /**
     * Evaluates {@code policy} on {@code episodes} fresh greedy episodes of the monitor's environment and returns its
     * mean return vector (discounted by the monitor's gamma, 1 by default) without recording it. Every policy gets
     * the same episode seeds (common random numbers): two policies that act alike get the same estimate, so
     * evaluation noise cannot make one appear to dominate the other. Safe to call from several worker threads at once for different policies; record the
     * results in a fixed order ({@link ParetoArchive#record}) so that runs are reproducible.
     *
     * @param id the policy's id in the archive (named in failure messages)
     */
    public double[] measure(String id, Policy policy) {
        try {
            return VectorReturns.evaluate(env, policy, episodes, true, seed * 31 + 1_000_003L, gamma);
        } catch (RuntimeException e) {
            throw new IllegalStateException("evaluating policy " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * State (ADR 0020): the archive (ids, value vectors, weights, change count), the wired policy's evaluation round
     * and schedule, and what was last published; the evaluation episodes' seeds derive from the round.
     */
    @Override
    public void saveState(io.rlwb.engine.spi.StateWriter out) {
        List<ParetoSnapshot.Point> pts;
        long version;
        synchronized (archive) {
            pts = archive.points();
            version = archive.version();
        }
        int k = archive.objectives().size();
        double[][] values = new double[pts.size()][];
        double[][] weights = new double[pts.size()][];
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < pts.size(); i++) {
            ParetoSnapshot.Point p = pts.get(i);
            if (p.policy().indexOf('\n') >= 0) throw new IllegalStateException("policy id with a line break: " + p.policy());
            if (i > 0) ids.append('\n');
            ids.append(p.policy());
            values[i] = p.values();
            double[] w = p.weights();
            if (w != null && w.length != k) {
                throw new UnsupportedOperationException("policy " + p.policy() + " has " + w.length + " weights for " + k
                        + " objectives; the archive cannot be saved");
            }
            weights[i] = w == null ? nans(k) : w;
        }
        out.value("archive.size", pts.size());
        out.value("archive.ids", ids.toString());
        out.doubleRows("archive.values", values);
        out.doubleRows("archive.weights", weights);
        out.value("archive.version", version);
        out.value("round", round);
        out.value("published", published);
        out.value("schedule.next", schedule.nextAt());
    }

    @Override
    public void restoreState(io.rlwb.engine.spi.StateReader in) {
        int n = (int) in.longValue("archive.size");
        int k = archive.objectives().size();
        String[] ids = n == 0 ? new String[0] : in.stringValue("archive.ids").split("\n", -1);
        if (ids.length != n) throw new IllegalArgumentException("archive.ids holds " + ids.length + " ids for " + n + " entries");
        double[][] values = new double[n][k];
        double[][] weights = new double[n][k];
        if (n > 0) {
            in.doubleRows("archive.values", values);
            in.doubleRows("archive.weights", weights);
        }
        List<ParetoSnapshot.Point> pts = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean none = k > 0 && Double.isNaN(weights[i][0]);
            pts.add(new ParetoSnapshot.Point(ids[i], values[i], none ? null : weights[i], false));
        }
        archive.restore(pts, in.longValue("archive.version"));
        round = in.longValue("round");
        published = in.longValue("published");
        schedule.resumeAt(in.longValue("schedule.next"));
    }

    private static double[] nans(int k) {
        double[] d = new double[k];
        java.util.Arrays.fill(d, Double.NaN);
        return d;
    }

    private void evaluateWired() {
        archive.record(policyId, VectorReturns.evaluate(env, policy, episodes, true,
                seed * 31 + ++round * 1_000_003L, gamma), null);
    }

    private void publishIfChanged(RunServices run) {
        long v = archive.version();
        if (v == published || v == 0) return;
        published = v;
        ParetoSnapshot s = archive.snapshot();
        run.metric(HYPERVOLUME.key(), s.hypervolume());
        run.metric(CARDINALITY.key(), s.cardinality());
        if (s.eum() != null) run.metric(EUM.key(), s.eum());
        if (s.sparsity() != null) run.metric(SPARSITY.key(), s.sparsity());
        if (s.igd() != null) run.metric(IGD.key(), s.igd());
        run.telemetry(ParetoSnapshot.KIND, s);
    }
}
