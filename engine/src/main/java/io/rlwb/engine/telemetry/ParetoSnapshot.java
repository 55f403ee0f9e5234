package io.rlwb.engine.telemetry;

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
        double hypervolume, Double eum, int cardinality, Double sparsity, Double igd, Double gamma) {
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
