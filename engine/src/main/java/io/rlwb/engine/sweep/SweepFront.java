package io.rlwb.engine.sweep;

import io.rlwb.engine.morl.Pareto;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Pareto front of a sweep's trials on two or more of their final metrics (all maximised): every completed
 * trial with a finite value of each objective is a point, and the trials no other trial dominates
 * ({@link Pareto#nonDominatedIndices}, so tied trials are all on the front) are the front. What the sweep dialog's
 * Pareto view and the sweep report show, e.g. for a sweep over a reward combiner's weights where each trial's
 * summary holds one mean per reward head ({@code grpo/rewards/<head>/mean}).
 *
 * @param objectives the metric keys, in the order of each point's values
 * @param trials the trials that are points, in table order
 * @param values per trial, its value of each objective
 * @param onFront per trial, whether no other trial dominates it
 */
public record SweepFront(List<String> objectives, List<SweepTable.Row> trials, List<double[]> values,
                         boolean[] onFront) {
    /** A per-objective metric: one reward head's mean ({@code grpo/rewards/<head>/mean}, {@code rewards/<head>/mean}). */
    private static final Pattern REWARD_HEAD = Pattern.compile("(.*/)?rewards/[^/]+/mean");

    public SweepFront {
        objectives = List.copyOf(objectives);
        trials = List.copyOf(trials);
        values = List.copyOf(values);
    }

    /** The reward-head means among {@code metrics} ({@code .../rewards/<head>/mean}), in their order. */
    public static List<String> rewardHeads(List<String> metrics) {
        return metrics.stream().filter(m -> REWARD_HEAD.matcher(m).matches()).toList();
    }

    /**
     * The objectives to show when nobody chose: the first two reward-head means, else the first two metrics
     * ending in {@code /mean}, else the first two metrics; fewer than two when there are not two.
     */
    public static List<String> defaultObjectives(List<String> metrics) {
        List<String> heads = rewardHeads(metrics);
        if (heads.size() >= 2) return heads.subList(0, 2);
        List<String> means = metrics.stream().filter(m -> m.endsWith("/mean")).toList();
        if (means.size() >= 2) return means.subList(0, 2);
        return metrics.subList(0, Math.min(2, metrics.size()));
    }

    /** The front of the completed trials among {@code rows} on {@code objectives}. */
    public static SweepFront of(List<SweepTable.Row> rows, List<String> objectives) {
        List<SweepTable.Row> in = new ArrayList<>();
        List<double[]> vals = new ArrayList<>();
        for (SweepTable.Row r : rows) {
            if (!TrialStatus.COMPLETED.label().equals(r.status())) continue;
            double[] v = new double[objectives.size()];
            boolean finite = true;
            for (int k = 0; k < v.length; k++) {
                v[k] = r.metric(objectives.get(k));
                finite &= Double.isFinite(v[k]);
            }
            if (!finite) continue;
            in.add(r);
            vals.add(v);
        }
        boolean[] front = new boolean[in.size()];
        for (int i : Pareto.nonDominatedIndices(vals)) front[i] = true;
        return new SweepFront(objectives, in, vals, front);
    }

    /** The trials on the front, in table order. */
    public List<SweepTable.Row> front() {
        List<SweepTable.Row> out = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) if (onFront[i]) out.add(trials.get(i));
        return out;
    }

    /** Per objective, the worst value of any trial (the snapshot's reference point). */
    public double[] worst() {
        double[] ref = new double[objectives.size()];
        java.util.Arrays.fill(ref, Double.POSITIVE_INFINITY);
        for (double[] v : values) for (int k = 0; k < ref.length; k++) ref[k] = Math.min(ref[k], v[k]);
        return ref;
    }

    /**
     * The front as a Pareto-view snapshot: one point per trial, its policy the trial id, no weights; what the app's
     * Pareto scatter draws. Its hypervolume is NaN: a sweep has no natural reference point, and the scatter does not
     * show one.
     */
    public ParetoSnapshot snapshot() {
        List<ParetoSnapshot.Point> pts = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < trials.size(); i++) {
            pts.add(new ParetoSnapshot.Point(trials.get(i).id(), values.get(i).clone(), null, !onFront[i]));
            if (onFront[i]) n++;
        }
        return new ParetoSnapshot(ParetoSnapshot.VERSION, objectives, worst(), pts, Double.NaN, null, n, null, null);
    }
}
