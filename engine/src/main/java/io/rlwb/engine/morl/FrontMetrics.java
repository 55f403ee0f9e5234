package io.rlwb.engine.morl;

import java.util.Arrays;
import java.util.List;

/**
 * Front metrics as MORL-Baselines computes them: expected utility (EUM), sparsity and inverted generational
 * distance (IGD). Hypervolume is {@link Hypervolume}; cardinality is the number of front points.
 */
public final class FrontMetrics {
    private FrontMetrics() {}

    /** {@code mean_w max_{p in front} w . p}: the expected utility of the front under linear utilities. */
    public static double expectedUtility(List<double[]> front, List<double[]> weights) {
        if (front.isEmpty()) return Double.NaN;
        double sum = 0;
        for (double[] w : weights) {
            double best = Double.NEGATIVE_INFINITY;
            for (double[] p : front) best = Math.max(best, dot(w, p));
            sum += best;
        }
        return sum / weights.size();
    }

    /**
     * {@code sum_j sum_i (P_j(i) - P_j(i+1))^2 / (|front| - 1)}, P_j the front sorted on objective j; 0 for
     * one point (as MORL-Baselines), null for none. Lower means more evenly filled.
     */
    public static Double sparsity(List<double[]> front) {
        int n = front.size();
        if (n == 0) return null;
        if (n == 1) return 0.0; // as MORL-Baselines; and a stale value from a larger front must not linger

        int m = front.get(0).length;
        double s = 0;
        double[] col = new double[n];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) col[i] = front.get(i)[j];
            Arrays.sort(col);
            for (int i = 1; i < n; i++) s += (col[i] - col[i - 1]) * (col[i] - col[i - 1]);
        }
        return s / (n - 1);
    }

    /** Mean over the true front's points of the Euclidean distance to the nearest point found; 0 is perfect. */
    public static double igd(List<double[]> front, List<double[]> trueFront) {
        if (front.isEmpty()) return Double.POSITIVE_INFINITY;
        double sum = 0;
        for (double[] t : trueFront) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] p : front) {
                double d = 0;
                for (int j = 0; j < t.length; j++) d += (t[j] - p[j]) * (t[j] - p[j]);
                best = Math.min(best, Math.sqrt(d));
            }
            sum += best;
        }
        return sum / trueFront.size();
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
