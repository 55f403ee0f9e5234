package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central-difference gradient checks for hand-written backpropagation (SameDiff's own checker is broken in
 * 1.0.0-M2.1, see docs/stack.md). Meant for {@code DataType.DOUBLE} arrays.
 */
public final class FiniteDifferences {
    public static final double EPS = 1e-6;
    /** Allowed |analytic - numeric| relative to max(|analytic|, |numeric|, FLOOR). */
    public static final double TOLERANCE = 1e-5;
    /** Below this magnitude the error is judged absolutely: both sides of ~0 carry only rounding noise. */
    public static final double FLOOR = 1e-4;

    private FiniteDifferences() {}

    /** d loss / d x for every element of the 2-D array {@code x}, perturbing it in place (and restoring it). */
    public static double[] gradient(INDArray x, DoubleSupplier loss) {
        assertThat(x.rank()).isEqualTo(2);
        assertThat(x.dataType()).isEqualTo(DataType.DOUBLE);
        int rows = (int) x.rows();
        int cols = (int) x.columns();
        double[] g = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double orig = x.getDouble(r, c);
                x.putScalar(r, c, orig + EPS);
                double up = loss.getAsDouble();
                x.putScalar(r, c, orig - EPS);
                double down = loss.getAsDouble();
                x.putScalar(r, c, orig);
                g[r * cols + c] = (up - down) / (2 * EPS);
            }
        }
        return g;
    }

    /** Asserts that the analytic gradient (any shape, row-major) matches the numeric one element by element. */
    public static void assertMatches(String what, INDArray analytic, double[] numeric) {
        double[] a = analytic.dup('c').data().asDouble();
        assertThat(a).as(what + " length").hasSize(numeric.length);
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < a.length; i++) {
            double err = relativeError(a[i], numeric[i]);
            if (err > worst) {
                worst = err;
                worstAt = i;
            }
        }
        assertThat(worst)
                .as("%s: worst relative error at element %d (analytic %s, numeric %s)", what, worstAt,
                        worstAt < 0 ? "-" : a[worstAt], worstAt < 0 ? "-" : numeric[worstAt])
                .isLessThan(TOLERANCE);
    }

    public static double relativeError(double a, double b) {
        return Math.abs(a - b) / Math.max(FLOOR, Math.max(Math.abs(a), Math.abs(b)));
    }

    /** A {@code [rows, cols]} DOUBLE array of uniform values in {@code [-scale, scale]}. */
    public static INDArray uniform(SplittableRandom rng, int rows, int cols, double scale) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = scale * (2 * rng.nextDouble() - 1);
        }
        return Nd4j.create(d, new long[] {rows, cols}, DataType.DOUBLE);
    }
}
