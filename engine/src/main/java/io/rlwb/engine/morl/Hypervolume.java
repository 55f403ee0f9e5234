package io.rlwb.engine.morl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Exact hypervolume of maximised points against a reference point: the measure of the region dominated by the
 * points and dominating the reference. Points that do not strictly dominate the reference in every objective add
 * nothing. Two objectives: sort and sum rectangles, O(n log n). More: hypervolume by slicing objectives (HSO,
 * While et al. 2006): sort on the last objective, and sum slab height times the (d-1)-dimensional hypervolume of
 * the points above the slab; exact, exponential in d, fine for fronts of tens of points in 3 to 5 objectives.
 */
public final class Hypervolume {
    private Hypervolume() {}

    public static double of(List<double[]> points, double[] ref) {
        List<double[]> in = new ArrayList<>();
        for (double[] p : points) {
            if (p.length != ref.length) {
                throw new IllegalArgumentException("point of dimension " + p.length + ", reference of " + ref.length);
            }
            boolean above = true;
            for (int i = 0; i < p.length; i++) above &= p[i] > ref[i];
            if (above) in.add(p);
        }
        if (in.isEmpty()) return 0.0;
        return slice(Pareto.front(in), ref, ref.length);
    }

    /** Hypervolume in the first {@code d} objectives of {@code pts}, all above {@code ref} there. */
    private static double slice(List<double[]> pts, double[] ref, int d) {
        if (pts.isEmpty()) return 0.0;
        if (d == 1) {
            double best = ref[0];
            for (double[] p : pts) best = Math.max(best, p[0]);
            return best - ref[0];
        }
        if (d == 2) return twoD(pts, ref);
        int last = d - 1;
        double[][] sorted = pts.toArray(new double[0][]);
        Arrays.sort(sorted, Comparator.comparingDouble((double[] p) -> p[last]).reversed());
        double total = 0;
        List<double[]> above = new ArrayList<>();
        for (int i = 0; i < sorted.length; i++) {
            above.add(sorted[i]);
            double top = sorted[i][last];
            double bottom = i + 1 < sorted.length ? sorted[i + 1][last] : ref[last];
            if (top > bottom) total += (top - bottom) * slice(projectFront(above, last), ref, last);
        }
        return total;
    }

    /** The points restricted to their first {@code d} objectives, non-dominated there. */
    private static List<double[]> projectFront(List<double[]> pts, int d) {
        List<double[]> proj = new ArrayList<>(pts.size());
        for (double[] p : pts) proj.add(Arrays.copyOf(p, d));
        return Pareto.front(proj);
    }

    private static double twoD(List<double[]> pts, double[] ref) {
        double[][] s = pts.toArray(new double[0][]);
        Arrays.sort(s, Comparator.comparingDouble((double[] p) -> p[0]).reversed());
        double area = 0;
        double y = ref[1];
        for (double[] p : s) {
            if (p[1] > y) {
                area += (p[0] - ref[0]) * (p[1] - y);
                y = p[1];
            }
        }
        return area;
    }
}
