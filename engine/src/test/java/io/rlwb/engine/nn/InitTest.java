package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class InitTest {

    /** (A^T A) or (A A^T), in plain Java. */
    private static double[][] gram(double[][] a, boolean columns) {
        int rows = a.length;
        int cols = a[0].length;
        int k = columns ? cols : rows;
        double[][] g = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                int n = columns ? rows : cols;
                for (int t = 0; t < n; t++) {
                    s += columns ? a[t][i] * a[t][j] : a[i][t] * a[j][t];
                }
                g[i][j] = s;
            }
        }
        return g;
    }

    private static void assertScaledIdentity(double[][] g, double gain) {
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g.length; j++) {
                assertThat(g[i][j]).as("(%d, %d)", i, j).isCloseTo(i == j ? gain * gain : 0.0, within(1e-12));
            }
        }
    }

    @Test
    void squareOrthogonalMatrixSatisfiesWTransposeWEqualsGainSquaredTimesIdentity() {
        double gain = Math.sqrt(2);
        double[][] w = Init.orthogonal(64, 64, gain, new SplittableRandom(1));
        assertScaledIdentity(gram(w, true), gain);
        assertScaledIdentity(gram(w, false), gain);
    }

    @Test
    void tallMatricesHaveOrthonormalColumnsAndWideMatricesOrthonormalRows() {
        assertScaledIdentity(gram(Init.orthogonal(64, 2, 0.01, new SplittableRandom(2)), true), 0.01);
        assertScaledIdentity(gram(Init.orthogonal(4, 64, 1.0, new SplittableRandom(3)), false), 1.0);
        assertScaledIdentity(gram(Init.orthogonal(64, 1, 1.0, new SplittableRandom(4)), true), 1.0);
    }

    @Test
    void theSameSeedGivesTheSameMatrixAndAnotherSeedAnother() {
        double[][] a = Init.orthogonal(8, 5, 1.0, new SplittableRandom(42));
        double[][] b = Init.orthogonal(8, 5, 1.0, new SplittableRandom(42));
        double[][] c = Init.orthogonal(8, 5, 1.0, new SplittableRandom(43));
        assertThat(a).isDeepEqualTo(b);
        assertThat(a[0][0]).isNotEqualTo(c[0][0]);
    }

    @Test
    void networksBuiltFromTheSameSeedAreIdentical() {
        Mlp a = new Mlp(4, new int[] {64, 64}, 2, Activation.TANH, Math.sqrt(2), 0.01, 9, DataType.FLOAT);
        Mlp b = new Mlp(4, new int[] {64, 64}, 2, Activation.TANH, Math.sqrt(2), 0.01, 9, DataType.FLOAT);
        Mlp c = new Mlp(4, new int[] {64, 64}, 2, Activation.TANH, Math.sqrt(2), 0.01, 10, DataType.FLOAT);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertThat(a.parameters().get(i).value()).isEqualTo(b.parameters().get(i).value());
        }
        assertThat(a.parameters().get(0).value()).isNotEqualTo(c.parameters().get(0).value());
    }

    @Test
    void gaussianDrawsHaveUnitVarianceAndZeroMean() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double g = Init.gaussian(rng);
            sum += g;
            sumSq += g * g;
        }
        assertThat(sum / n).isCloseTo(0.0, within(0.01));
        assertThat(sumSq / n).isCloseTo(1.0, within(0.01));
    }
}
