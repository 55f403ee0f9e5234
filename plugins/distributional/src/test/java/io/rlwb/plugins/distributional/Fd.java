package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.ToDoubleFunction;

/** Central finite differences over plain double arrays, for the plugin's loss functions. */
final class Fd {
    static final double EPS = 1e-6;

    private Fd() {}

    /** Numeric gradient of {@code f} at {@code x} (x is perturbed in place and restored). */
    static double[] gradient(double[] x, ToDoubleFunction<double[]> f) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double o = x[i];
            x[i] = o + EPS;
            double up = f.applyAsDouble(x);
            x[i] = o - EPS;
            double down = f.applyAsDouble(x);
            x[i] = o;
            g[i] = (up - down) / (2 * EPS);
        }
        return g;
    }

    /** Element-wise agreement within 1e-5 relative (absolute below 1e-4). */
    static void assertMatches(String what, double[] analytic, double[] numeric) {
        assertThat(analytic).as(what + " length").hasSameSizeAs(numeric);
        for (int i = 0; i < analytic.length; i++) {
            double err = Math.abs(analytic[i] - numeric[i])
                    / Math.max(1e-4, Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])));
            assertThat(err).as("%s[%d]: analytic %s numeric %s", what, i, analytic[i], numeric[i]).isLessThan(1e-5);
        }
    }
}
