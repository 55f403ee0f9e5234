package io.rlwb.engine.telemetry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The archive of evaluated policies of a multi-objective run (telemetry kind {@value #KIND}) with its metrics.
 *
 * @param version schema version ({@value #VERSION})
 * @param objectives objective names, in the order of every point's {@code values}
 * @param reference hypervolume reference point
 * @param points every evaluated policy; {@code dominated} tells front from the rest
 * @param hypervolume of the non-dominated points against {@code reference}
 * @param eum expected utility over evenly spread weights, or null
 * @param cardinality number of non-dominated points
 * @param sparsity MORL-Baselines sparsity of the front, or null with fewer than two points
 * @param igd inverted generational distance to the true front when one is known, else null
 * @param gamma the evaluation discount of every point's values; null (files written before it existed) or 1 means
 *     undiscounted
 */
public record ParetoSnapshot(int version, List<String> objectives, double[] reference, List<Point> points,
        double hypervolume, Double eum, int cardinality, Double sparsity, Double igd, Double gamma)
        implements RunDirectoryFile {
    public static final String KIND = "pareto";
    public static final int VERSION = 1;

    public ParetoSnapshot {
        objectives = List.copyOf(objectives);
        points = List.copyOf(points);
    }

    /** An undiscounted snapshot. */
    public ParetoSnapshot(int version, List<String> objectives, double[] reference, List<Point> points,
                          double hypervolume, Double eum, int cardinality, Double sparsity, Double igd) {
        this(version, objectives, reference, points, hypervolume, eum, cardinality, sparsity, igd, null);
    }

    /** The run directory keeps the latest front as {@code pareto.csv}. */
    @JsonIgnore
    @Override
    public String runFileName() {
        return "pareto.csv";
    }

    /**
     * The front as CSV: one row per distinct non-dominated point (the first policy recorded with it), a
     * {@code policy} column, one column per objective (undiscounted evaluation returns) and one
     * {@code w_<objective>} column per preference weight (empty when the policy had none).
     */
    @JsonIgnore
    @Override
    public String runFileText() {
        StringBuilder b = new StringBuilder("policy");
        for (String o : objectives) b.append(',').append(o);
        for (String o : objectives) b.append(",w_").append(o);
        b.append('\n');
        List<double[]> seen = new java.util.ArrayList<>();
        for (Point p : points) {
            if (p.dominated() || seen.stream().anyMatch(v -> java.util.Arrays.equals(v, p.values()))) continue;
            seen.add(p.values());
            b.append(p.policy().replace(',', '_'));
            for (double v : p.values()) b.append(',').append(v);
            for (int i = 0; i < objectives.size(); i++) {
                b.append(',');
                if (p.weights() != null) b.append(p.weights()[i]);
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Whether the values are discounted returns (the monitor's {@code gamma} was below 1). */
    public boolean discounted() {
        return gamma != null && gamma < 1.0;
    }

    /**
     * One evaluated policy.
     *
     * @param policy policy id (stable across snapshots)
     * @param values evaluation return per objective (undiscounted unless the snapshot's {@code gamma} is below 1)
     * @param weights preference weights the policy was trained with (null when none)
     * @param dominated whether another point of the archive dominates it
     */
    public record Point(String policy, double[] values, double[] weights, boolean dominated) {}
}
