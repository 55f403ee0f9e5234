package io.rlwb.engine.morl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Pareto dominance for maximised objectives, non-dominated filtering and NSGA-II crowding distance. */
public final class Pareto {
    private Pareto() {}

    /** True when {@code a} is at least as good as {@code b} in every objective and better in one. */
    public static boolean dominates(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("points of different dimension: " + a.length + " and " + b.length);
        }
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] < b[i]) return false;
            if (a[i] > b[i]) better = true;
        }
        return better;
    }

    /**
     * Indices of the points no other point dominates, in input order. Duplicates of a non-dominated point are
     * all kept (none dominates another), so callers that want distinct points use {@link #front}.
     */
    public static int[] nonDominatedIndices(List<double[]> points) {
        int n = points.size();
        int[] keep = new int[n];
        int c = 0;
        for (int i = 0; i < n; i++) {
            boolean dominated = false;
            for (int j = 0; j < n && !dominated; j++) {
                dominated = j != i && dominates(points.get(j), points.get(i));
            }
            if (!dominated) keep[c++] = i;
        }
        return Arrays.copyOf(keep, c);
    }

    /** The distinct non-dominated points (first occurrence of duplicates), in input order. */
    public static List<double[]> front(List<double[]> points) {
        List<double[]> out = new ArrayList<>();
        for (int i : nonDominatedIndices(points)) {
            double[] p = points.get(i);
            boolean seen = false;
            for (double[] q : out) seen |= Arrays.equals(p, q);
            if (!seen) out.add(p);
        }
        return out;
    }

    /**
     * NSGA-II crowding distance of each point of a front: per objective, sort the points, give the two extremes
     * infinite distance and every other point {@code (next - previous) / (max - min)}; sum over objectives. An
     * objective on which all points agree adds nothing. One or two points are all extremes (infinite).
     */
    public static double[] crowdingDistance(List<double[]> front) {
        int n = front.size();
        double[] d = new double[n];
        if (n == 0) return d;
        int m = front.get(0).length;
        Integer[] order = new Integer[n];
        for (int j = 0; j < m; j++) {
            final int obj = j;
            for (int i = 0; i < n; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Double.compare(front.get(a)[obj], front.get(b)[obj]));
            double lo = front.get(order[0])[obj];
            double hi = front.get(order[n - 1])[obj];
            d[order[0]] = Double.POSITIVE_INFINITY;
            d[order[n - 1]] = Double.POSITIVE_INFINITY;
            if (hi == lo) continue;
            for (int r = 1; r < n - 1; r++) {
                d[order[r]] += (front.get(order[r + 1])[obj] - front.get(order[r - 1])[obj]) / (hi - lo);
            }
        }
        return d;
    }
}
