package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The CPU backend's host path of {@link Mlp} (ADR 0029, 0030) against its ND4J path and finite differences. */
class MlpHostForwardTest {

    /** A PPO-sized 4-64-64-2 float network with random biases, its weights moved after the first call. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void hostForwardAgreesWithNd4jToFloatRounding(Activation act) {
        Mlp net = new Mlp(4, new int[] {64, 64}, 2, act, Math.sqrt(2), 1.0, 3, DataType.FLOAT);
        assertThat(net.hostForward()).isTrue(); // the tests run on the CPU backend
        assertThat(net.hostForward(20)).isTrue();
        assertThat(net.hostForward(1000)).isFalse(); // 4.48 million multiply-adds: ND4J's gemm is cheaper
        SplittableRandom rng = new SplittableRandom(5);
        for (int round = 0; round < 2; round++) {
            for (Parameter p : net.parameters()) {
                if (p.name().endsWith(".b") || round == 1) {
                    // Round 1 moves every weight in place, as an optimiser step does: the host copy must follow.
                    p.value().addi(FiniteDifferences.uniform(rng, (int) p.value().rows(), (int) p.value().columns(),
                            0.3).castTo(DataType.FLOAT));
                }
            }
            for (int rows : new int[] {1, 4, 20}) {
                float[] x = new float[rows * 4];
                for (int i = 0; i < x.length; i++) x[i] = (float) (rng.nextDouble() * 4 - 2);
                float[] host = new float[rows * 2];
                net.predictHost(x, rows, host);
                float[] nd4j = net.predict(Nd4j.create(x, new long[] {rows, 4}, 'c')).data().asFloat();
                for (int i = 0; i < host.length; i++) {
                    // Float rounding of sums of 64 terms of size ~1: a few ulps, far below any real difference.
                    assertThat((double) host[i]).as("round %d, %d rows, output %d", round, rows, i)
                            .isCloseTo(nd4j[i], org.assertj.core.api.Assertions.within(1e-5 + 1e-5 * Math.abs(nd4j[i])));
                }
            }
        }
    }

    /**
     * Training on the host path (activations, activation gradients and bias gradients in Java, ADR 0029 and 0030)
     * against the device path (every step an ND4J op, what CUDA runs), at a rollout's and a minibatch's batch sizes:
     * the same numbers up to float rounding (tanh's rational form is within 4e-7; sums run in another order).
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void hostPathTrainsAsTheDevicePathDoesToFloatRounding(Activation act) {
        Mlp host = new Mlp(4, new int[] {64, 64}, 3, act, Math.sqrt(2), 1.0, 9, DataType.FLOAT,
                ParameterBlock.ND4J, UpdatePath.HOST);
        Mlp device = new Mlp(4, new int[] {64, 64}, 3, act, Math.sqrt(2), 1.0, 9, DataType.FLOAT,
                ParameterBlock.ND4J, UpdatePath.DEVICE);
        assertThat(host.hostForward()).isTrue();
        assertThat(device.hostForward()).isFalse();
        SplittableRandom rng = new SplittableRandom(4);
        for (int rows : new int[] {5, 160}) {
            INDArray x = FiniteDifferences.uniform(rng, rows, 4, 2.0).castTo(DataType.FLOAT);
            INDArray dOut = FiniteDifferences.uniform(rng, rows, 3, 1.0).castTo(DataType.FLOAT);
            host.zeroGrad();
            device.zeroGrad();
            // Bias gradients accumulate (beta = 1): a second backward must add to the first, on both paths.
            for (int pass = 0; pass < 2; pass++) {
                assertClose(rows + " rows, output", host.forward(x).data().asFloat(),
                        device.forward(x).data().asFloat(), 1e-5);
                assertClose(rows + " rows, input gradient", host.backward(dOut).data().asFloat(),
                        device.backward(dOut).data().asFloat(), 1e-5);
            }
            assertClose(rows + " rows, parameter gradients", host.block().grads().data().asFloat(),
                    device.block().grads().data().asFloat(), 1e-5);
        }
    }

    /**
     * The host path's gradients (float) against central differences in double precision of the same network's loss
     * {@code sum(dOut * f(x))}, computed by a plain double forward pass over the float weights: catches a wrong
     * derivative of the Java activations or bias sums, which the comparison with the device path alone would
     * only bound.
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void hostPathGradientsMatchFiniteDifferencesInDouble(Activation act) {
        Mlp net = new Mlp(3, new int[] {16, 8}, 2, act, Math.sqrt(2), 1.0, 11, DataType.FLOAT,
                ParameterBlock.ND4J, UpdatePath.HOST);
        SplittableRandom rng = new SplittableRandom(8);
        for (Parameter p : net.parameters()) {
            if (p.name().endsWith(".b")) {
                p.value().addi(FiniteDifferences.uniform(rng, 1, (int) p.value().columns(), 0.3).castTo(DataType.FLOAT));
            }
        }
        int rows = 6;
        INDArray x = FiniteDifferences.uniform(rng, rows, 3, 1.5).castTo(DataType.FLOAT);
        INDArray dOut = FiniteDifferences.uniform(rng, rows, 2, 1.0).castTo(DataType.FLOAT);
        net.zeroGrad();
        net.forward(x);
        net.backward(dOut, false);
        float[] analytic = net.block().grads().data().asFloat();
        double[] theta = net.block().values().castTo(DataType.DOUBLE).data().asDouble();
        double[] xs = x.castTo(DataType.DOUBLE).data().asDouble();
        double[] d = dOut.castTo(DataType.DOUBLE).data().asDouble();
        int[] sizes = {3, 16, 8, 2};
        double h = 1e-6;
        for (int k = 0; k < theta.length; k++) {
            double keep = theta[k];
            theta[k] = keep + h;
            double up = loss(theta, sizes, act, xs, d, rows);
            theta[k] = keep - h;
            double down = loss(theta, sizes, act, xs, d, rows);
            theta[k] = keep;
            double numeric = (up - down) / (2 * h);
            assertThat((double) analytic[k]).as("parameter %d", k)
                    .isCloseTo(numeric, org.assertj.core.api.Assertions.within(2e-4 + 1e-3 * Math.abs(numeric)));
        }
    }

    /** {@code sum(dOut * f(x))} in double, the layers laid out as {@link Mlp}'s block: W then b per layer. */
    private static double loss(double[] theta, int[] sizes, Activation act, double[] x, double[] dOut, int rows) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            double[] h = java.util.Arrays.copyOfRange(x, r * sizes[0], (r + 1) * sizes[0]);
            int off = 0;
            for (int l = 0; l + 1 < sizes.length; l++) {
                int n = sizes[l], m = sizes[l + 1];
                double[] z = new double[m];
                for (int j = 0; j < m; j++) {
                    double zj = theta[off + n * m + j];
                    for (int k = 0; k < n; k++) zj += h[k] * theta[off + k * m + j];
                    z[j] = l + 2 < sizes.length ? act.apply(zj) : zj;
                }
                off += n * m + m;
                h = z;
            }
            for (int j = 0; j < h.length; j++) sum += dOut[r * h.length + j] * h[j];
        }
        return sum;
    }

    private static void assertClose(String what, float[] actual, float[] expected, double tol) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("%s, element %d", what, i)
                    .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(tol + tol * Math.abs(expected[i])));
        }
    }

    @Test
    void doubleNetworksTakeTheNd4jPath() {
        Mlp net = new Mlp(4, new int[] {8}, 2, Activation.TANH, Math.sqrt(2), 1.0, 3, DataType.DOUBLE);
        assertThat(net.hostForward()).isFalse();
        assertThatThrownBy(() -> net.predictHost(new float[4], 1, new float[2]))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shortBuffersAreRefusedWithTheirSizes() {
        Mlp net = new Mlp(4, new int[] {8}, 2, Activation.TANH, Math.sqrt(2), 1.0, 3, DataType.FLOAT);
        assertThatThrownBy(() -> net.predictHost(new float[7], 2, new float[4]))
                .hasMessageContaining("need x of 8");
    }
}
