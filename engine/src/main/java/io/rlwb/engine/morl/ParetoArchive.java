package io.rlwb.engine.morl;

import io.rlwb.engine.telemetry.ParetoSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The archive of evaluated policies of a multi-objective run, one entry per policy id (a re-evaluation replaces
 * the entry), with the metrics of its non-dominated subset: hypervolume against {@link #reference()}, expected
 * utility over {@value #EUM_WEIGHTS} evenly spread weights, cardinality, sparsity and, when a true front is
 * known, IGD. What flows on a {@code pareto} port; thread-safe.
 */
public final class ParetoArchive {
    public static final int EUM_WEIGHTS = 50;

    private final List<String> objectives;
    private final double[] reference;
    private final List<double[]> trueFront;
    private final List<double[]> eumWeights;
    private final double gamma;
    private final Map<String, ParetoSnapshot.Point> entries = new LinkedHashMap<>();
    private long version;

    /**
     * @param trueFront the known true front, or null
     */
    public ParetoArchive(List<String> objectives, double[] reference, List<double[]> trueFront) {
        this(objectives, reference, trueFront, 1.0);
    }

    /**
     * @param trueFront the known true front at discount {@code gamma}, or null
     * @param gamma the discount of the returns recorded here (1: undiscounted), carried into snapshots
     */
    public ParetoArchive(List<String> objectives, double[] reference, List<double[]> trueFront, double gamma) {
        this.gamma = gamma;
        this.objectives = List.copyOf(objectives);
        if (reference.length != objectives.size()) {
            throw new IllegalArgumentException("reference point has " + reference.length + " values, there are "
                    + objectives.size() + " objectives " + objectives);
        }
        this.reference = reference.clone();
        this.trueFront = trueFront == null ? null : List.copyOf(trueFront);
        this.eumWeights = Weights.evenlySpread(objectives.size(), EUM_WEIGHTS);
    }

    public List<String> objectives() {
        return objectives;
    }

    public double[] reference() {
        return reference.clone();
    }

    /** Adds or replaces the evaluation of policy {@code id}. */
    public synchronized void record(String id, double[] values, double[] weights) {
        if (values.length != objectives.size()) {
            throw new IllegalArgumentException("policy " + id + ": " + values.length + " values for "
                    + objectives.size() + " objectives");
        }
        entries.put(id, new ParetoSnapshot.Point(id, values.clone(), weights == null ? null : weights.clone(), false));
        version++;
    }

    /** Counts changes, so a monitor publishes only when something new arrived. */
    public synchronized long version() {
        return version;
    }

    /** Every entry, with {@code dominated} set against the rest of the archive. */
    public synchronized List<ParetoSnapshot.Point> points() {
        List<ParetoSnapshot.Point> all = new ArrayList<>(entries.values());
        List<double[]> vals = new ArrayList<>();
        for (ParetoSnapshot.Point p : all) vals.add(p.values());
        boolean[] front = new boolean[all.size()];
        for (int i : Pareto.nonDominatedIndices(vals)) front[i] = true;
        List<ParetoSnapshot.Point> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            ParetoSnapshot.Point p = all.get(i);
            out.add(new ParetoSnapshot.Point(p.policy(), p.values(), p.weights(), !front[i]));
        }
        return out;
    }

    /** The non-dominated entries (duplicates of a value vector kept once, the first recorded). */
    public synchronized List<ParetoSnapshot.Point> front() {
        List<ParetoSnapshot.Point> out = new ArrayList<>();
        for (ParetoSnapshot.Point p : points()) {
            if (p.dominated()) continue;
            boolean dup = false;
            for (ParetoSnapshot.Point q : out) dup |= java.util.Arrays.equals(p.values(), q.values());
            if (!dup) out.add(p);
        }
        return out;
    }

    /** The archive and its metrics, ready to publish. */
    public synchronized ParetoSnapshot snapshot() {
        List<double[]> f = new ArrayList<>();
        for (ParetoSnapshot.Point p : front()) f.add(p.values());
        double hv = Hypervolume.of(f, reference);
        Double eum = f.isEmpty() ? null : FrontMetrics.expectedUtility(f, eumWeights);
        Double igd = trueFront == null || f.isEmpty() ? null : FrontMetrics.igd(f, trueFront);
        return new ParetoSnapshot(ParetoSnapshot.VERSION, objectives, reference, points(), hv, eum, f.size(),
                FrontMetrics.sparsity(f), igd, gamma);
    }

    /**
     * Replaces every entry with {@code points} (their ids, values and weights, in order) and sets the change
     * count: a resumed run continues the archive it checkpointed (ADR 0020).
     */
    public synchronized void restore(List<ParetoSnapshot.Point> points, long version) {
        entries.clear();
        for (ParetoSnapshot.Point p : points) {
            if (p.values().length != objectives.size()) {
                throw new IllegalArgumentException("policy " + p.policy() + ": " + p.values().length + " values for "
                        + objectives.size() + " objectives");
            }
            entries.put(p.policy(), new ParetoSnapshot.Point(p.policy(), p.values().clone(),
                    p.weights() == null ? null : p.weights().clone(), false));
        }
        this.version = version;
    }
}
