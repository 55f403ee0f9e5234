package io.rlwb.plugins.morl;

/**
 * The interior-point objective of C-MORL's stage 2: maximise objective {@code j} subject to {@code J_k >= c_k} for
 * the others, relaxed with a log barrier of sharpness {@code t}:
 * {@code B(J) = J_j + (1 / t) sum_{k != j} log(J_k - c_k)}. Its gradient with respect to the returns,
 * {@code dB/dJ_j = 1}, {@code dB/dJ_k = 1 / (t (J_k - c_k))}, weights the per-objective policy gradients:
 * {@code grad B = sum_k dB/dJ_k grad J_k}, i.e. the per-objective advantages combined with these coefficients.
 * Outside the feasible set the barrier is undefined; {@link #coefficients} then returns the recovery direction
 * that ascends the violated constraints only.
 */
public final class LogBarrier {
    private LogBarrier() {}

    /** {@code B(J)}; negative infinity outside the feasible set. */
    public static double value(double[] returns, int j, double[] thresholds, double t) {
        double b = returns[j];
        for (int k = 0; k < returns.length; k++) {
            if (k == j) continue;
            double slack = returns[k] - thresholds[k];
            if (!(slack > 0)) return Double.NEGATIVE_INFINITY;
            b += Math.log(slack) / t;
        }
        return b;
    }

    /** True when every constraint holds strictly. */
    public static boolean feasible(double[] returns, int j, double[] thresholds) {
        for (int k = 0; k < returns.length; k++) if (k != j && !(returns[k] > thresholds[k])) return false;
        return true;
    }

    /** {@code dB/dJ} when feasible, else the unit vector sum over violated constraints. */
    public static double[] coefficients(double[] returns, int j, double[] thresholds, double t) {
        double[] c = new double[returns.length];
        if (!feasible(returns, j, thresholds)) {
            for (int k = 0; k < returns.length; k++) if (k != j && !(returns[k] > thresholds[k])) c[k] = 1.0;
            return c;
        }
        c[j] = 1.0;
        for (int k = 0; k < returns.length; k++) if (k != j) c[k] = 1.0 / (t * (returns[k] - thresholds[k]));
        return c;
    }
}
