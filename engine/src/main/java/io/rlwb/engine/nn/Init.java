package io.rlwb.engine.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight initialisation computed in plain Java from a {@link SplittableRandom}, so a run's initial network
 * depends only on its seed: not on ND4J's global RNG, its backend or the number of threads.
 *
 * <p>{@link #orthogonal} follows PyTorch's {@code nn.init.orthogonal_}, which CleanRL's {@code layer_init} uses
 * with gain {@code sqrt(2)} on hidden layers, 0.01 on the policy head and 1.0 on the value head (biases zero).
 */
public final class Init {
    /** Gain CleanRL gives hidden layers. */
    public static final double HIDDEN_GAIN = Math.sqrt(2.0);
    /** Gain CleanRL gives the policy's output layer: near-uniform initial action distribution. */
    public static final double POLICY_OUTPUT_GAIN = 0.01;
    /** Gain CleanRL gives the critic's output layer. */
    public static final double CRITIC_OUTPUT_GAIN = 1.0;

    private Init() {}

    /**
     * A {@code rows x cols} matrix with orthonormal columns (when {@code rows >= cols}) or orthonormal rows
     * (when {@code rows < cols}), times {@code gain}: Gaussian entries orthonormalised by Gram-Schmidt along
     * the longer side, which is a QR decomposition with a positive diagonal in R, so the result is
     * Haar-distributed like PyTorch's (which fixes the signs of R's diagonal for the same reason).
     */
    public static double[][] orthogonal(int rows, int cols, double gain, SplittableRandom rng) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("orthogonal init needs a positive shape, got " + rows + "x" + cols);
        }
        boolean tall = rows >= cols;
        int n = tall ? rows : cols; // length of each vector to orthonormalise
        int k = tall ? cols : rows; // how many vectors: k <= n, so a full orthonormal set exists
        double[][] q = new double[k][n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                q[j][i] = gaussian(rng);
            }
        }
        for (int j = 0; j < k; j++) {
            double[] v = q[j];
            // Modified Gram-Schmidt twice ("twice is enough"): one pass loses orthogonality in floating point
            // when the Gaussian vectors happen to be nearly dependent.
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double dot = dot(q[p], v);
                    for (int i = 0; i < n; i++) {
                        v[i] -= dot * q[p][i];
                    }
                }
            }
            double norm = Math.sqrt(dot(v, v));
            if (!(norm > 1e-12)) {
                // Probability zero for Gaussian input; replace the vector rather than divide by ~0.
                for (int i = 0; i < n; i++) {
                    v[i] = gaussian(rng);
                }
                j--;
                continue;
            }
            for (int i = 0; i < n; i++) {
                v[i] /= norm;
            }
        }
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = gain * (tall ? q[c][r] : q[r][c]);
            }
        }
        return out;
    }

    /** {@link #orthogonal(int, int, double, SplittableRandom)} as a {@code [rows, cols]} array of {@code dtype}. */
    public static INDArray orthogonal(int rows, int cols, double gain, SplittableRandom rng, DataType dtype) {
        double[][] w = orthogonal(rows, cols, gain, rng);
        double[] flat = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(w[r], 0, flat, r * cols, cols);
        }
        return Nd4j.create(flat, new long[] {rows, cols}, dtype);
    }

    /**
     * A standard normal draw by the Marsaglia polar method, written out here instead of
     * {@code RandomGenerator.nextGaussian()} so the stream is fixed by this code and not by a JDK version.
     */
    public static double gaussian(SplittableRandom rng) {
        double u;
        double v;
        double s;
        do {
            u = 2.0 * rng.nextDouble() - 1.0;
            v = 2.0 * rng.nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        // The polar method yields two independent normals; using one keeps the draw stateless.
        return u * Math.sqrt(-2.0 * Math.log(s) / s);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
