package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MlpTest {

    /** A 3-5-4-2 net whose biases are random too, so bias gradients through the activations are exercised. */
    private static Mlp randomNet(Activation act, long seed) {
        Mlp net = new Mlp(3, new int[] {5, 4}, 2, act, Math.sqrt(2), 1.0, seed, DataType.DOUBLE);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        for (Parameter p : net.parameters()) {
            if (p.name().endsWith(".b")) {
                p.value().assign(FiniteDifferences.uniform(rng, 1, (int) p.value().columns(), 0.5));
            }
        }
        return net;
    }

    /** sum(out * weights): its gradient with respect to the output is {@code weights}. */
    private static double loss(INDArray out, INDArray weights) {
        return out.mul(weights).sumNumber().doubleValue();
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void mlpGradientMatchesFiniteDifferences(Activation act) {
        Mlp net = randomNet(act, 7);
        SplittableRandom rng = new SplittableRandom(99);
        INDArray x = FiniteDifferences.uniform(rng, 6, 3, 1.5);
        INDArray lossWeights = FiniteDifferences.uniform(rng, 6, 2, 1.0);

        net.zeroGrad();
        net.forward(x);
        INDArray dx = net.backward(lossWeights).dup();

        for (Parameter p : net.parameters()) {
            double[] numeric = FiniteDifferences.gradient(p.value(), () -> loss(net.predict(x), lossWeights));
            FiniteDifferences.assertMatches(act + " " + p.name(), p.grad(), numeric);
        }
        double[] numericDx = FiniteDifferences.gradient(x, () -> loss(net.predict(x), lossWeights));
        FiniteDifferences.assertMatches(act + " dX", dx, numericDx);
    }

    @Test
    void largeBatchesTakingTheSigmoidFormOfTanhStillMatchFiniteDifferences() {
        // 130 rows x 64 units crosses the size at which TANH switches to 2 sigmoid(2z) - 1.
        int rows = 130;
        assertThat((long) rows * 64).isGreaterThanOrEqualTo(Activation.SIGMOID_FORM_MIN_LENGTH);
        Mlp net = new Mlp(2, new int[] {64}, 1, Activation.TANH, Math.sqrt(2), 1.0, 17, DataType.DOUBLE);
        SplittableRandom rng = new SplittableRandom(18);
        net.parameters().get(1).value().assign(FiniteDifferences.uniform(rng, 1, 64, 0.5));
        INDArray x = FiniteDifferences.uniform(rng, rows, 2, 1.5);
        INDArray lossWeights = FiniteDifferences.uniform(rng, rows, 1, 1.0);

        INDArray out = net.forward(x);
        INDArray w0 = net.parameters().get(0).value();
        INDArray b0 = net.parameters().get(1).value();
        INDArray w1 = net.parameters().get(2).value();
        for (int r = 0; r < rows; r += 13) {
            double o = 0;
            for (int j = 0; j < 64; j++) {
                double z = b0.getDouble(0, j) + x.getDouble(r, 0) * w0.getDouble(0, j) + x.getDouble(r, 1) * w0.getDouble(1, j);
                o += Math.tanh(z) * w1.getDouble(j, 0);
            }
            assertThat(out.getDouble(r, 0)).isCloseTo(o, within(1e-12));
        }

        net.zeroGrad();
        net.forward(x);
        INDArray dx = net.backward(lossWeights).dup();
        for (Parameter p : net.parameters()) {
            double[] numeric = FiniteDifferences.gradient(p.value(), () -> loss(net.predict(x), lossWeights));
            FiniteDifferences.assertMatches(p.name(), p.grad(), numeric);
        }
        FiniteDifferences.assertMatches("dX", dx, FiniteDifferences.gradient(x, () -> loss(net.predict(x), lossWeights)));
    }

    @Test
    void bothTanhFormsAgreeWithMathTanhInFloat() {
        for (int n : new int[] {100, (int) Activation.SIGMOID_FORM_MIN_LENGTH + 1}) {
            float[] v = new float[n];
            SplittableRandom rng = new SplittableRandom(n);
            for (int i = 0; i < n; i++) {
                v[i] = (float) (rng.nextDouble(-30, 30) * (i % 3 == 0 ? 0.01 : 1));
            }
            INDArray z = Nd4j.create(v, new long[] {1, n}, DataType.FLOAT);
            Activation.TANH.applyInPlace(z);
            float[] y = z.data().asFloat();
            for (int i = 0; i < n; i++) {
                assertThat((double) y[i]).as("tanh(%s) with %d elements", v[i], n).isCloseTo(Math.tanh(v[i]), within(2e-7));
            }
        }
    }

    @Test
    void backwardAddsToGradientsInsteadOfOverwritingThem() {
        Mlp net = randomNet(Activation.TANH, 3);
        SplittableRandom rng = new SplittableRandom(4);
        INDArray x = FiniteDifferences.uniform(rng, 4, 3, 1.0);
        INDArray dOut = FiniteDifferences.uniform(rng, 4, 2, 1.0);
        net.forward(x);
        net.backward(dOut, false);
        List<INDArray> once = net.parameters().stream().map(p -> p.grad().dup()).toList();
        net.forward(x);
        assertThat(net.backward(dOut, false)).isNull();
        for (int i = 0; i < once.size(); i++) {
            assertThat(net.parameters().get(i).grad().equalsWithEps(once.get(i).mul(2), 1e-12))
                    .as(net.parameters().get(i).name()).isTrue();
        }
        net.zeroGrad();
        for (Parameter p : net.parameters()) {
            assertThat(p.grad().amaxNumber().doubleValue()).isZero();
        }
    }

    @Test
    void forwardMatchesAPlainJavaComputation() {
        Mlp net = randomNet(Activation.TANH, 11);
        INDArray x = FiniteDifferences.uniform(new SplittableRandom(5), 3, 3, 1.0);
        INDArray out = net.forward(x);
        List<Parameter> ps = net.parameters();
        for (int r = 0; r < 3; r++) {
            double[] h = x.getRow(r).toDoubleVector();
            for (int l = 0; l < 3; l++) {
                INDArray w = ps.get(2 * l).value();
                INDArray b = ps.get(2 * l + 1).value();
                double[] next = new double[(int) w.columns()];
                for (int j = 0; j < next.length; j++) {
                    double z = b.getDouble(0, j);
                    for (int i = 0; i < h.length; i++) {
                        z += h[i] * w.getDouble(i, j);
                    }
                    next[j] = l < 2 ? Math.tanh(z) : z;
                }
                h = next;
            }
            assertThat(out.getDouble(r, 0)).isCloseTo(h[0], within(1e-12));
            assertThat(out.getDouble(r, 1)).isCloseTo(h[1], within(1e-12));
        }
    }

    @Test
    void predictReturnsAFreshArrayThatMatchesForward() {
        Mlp net = randomNet(Activation.RELU, 12);
        INDArray x = FiniteDifferences.uniform(new SplittableRandom(6), 5, 3, 1.0);
        INDArray p1 = net.predict(x);
        INDArray p2 = net.predict(x.mul(2));
        assertThat(p1).isNotSameAs(p2);
        assertThat(p1.equalsWithEps(net.forward(x), 1e-12)).isTrue();
    }

    @Test
    void backwardUsesTheLastForwardWhenBatchSizesAlternate() {
        Mlp net = randomNet(Activation.TANH, 13);
        SplittableRandom rng = new SplittableRandom(8);
        INDArray small = FiniteDifferences.uniform(rng, 2, 3, 1.0);
        INDArray large = FiniteDifferences.uniform(rng, 7, 3, 1.0);
        INDArray dOut = FiniteDifferences.uniform(rng, 7, 2, 1.0);

        net.forward(large);
        net.backward(dOut, false);
        List<INDArray> reference = net.parameters().stream().map(p -> p.grad().dup()).toList();

        net.zeroGrad();
        net.forward(small);
        net.predict(small);
        net.forward(large);
        net.predict(large);
        net.backward(dOut, false);
        for (int i = 0; i < reference.size(); i++) {
            assertThat(net.parameters().get(i).grad().equalsWithEps(reference.get(i), 1e-12)).isTrue();
        }
        assertThatThrownBy(() -> net.backward(Nd4j.zeros(DataType.DOUBLE, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[7, 2]");
    }

    @Test
    void parametersAreNamedByLayerWithWeightsInByOutAndZeroBiases() {
        Mlp net = new Mlp(4, new int[] {64, 64}, 2, Activation.TANH, Math.sqrt(2), 0.01, 1, DataType.FLOAT);
        assertThat(net.parameters()).extracting(Parameter::name)
                .containsExactly("l0.W", "l0.b", "l1.W", "l1.b", "l2.W", "l2.b");
        assertThat(net.parameters().get(0).value().shape()).containsExactly(4, 64);
        assertThat(net.parameters().get(1).value().shape()).containsExactly(1, 64);
        assertThat(net.parameters().get(4).value().shape()).containsExactly(64, 2);
        assertThat(net.parameters().get(5).value().amaxNumber().doubleValue()).isZero();
        assertThat(net.dataType()).isEqualTo(DataType.FLOAT);
        // Output gain 0.01 on orthonormal columns: each column of the head has norm 0.01.
        INDArray head = net.parameters().get(4).value();
        assertThat(head.getColumn(0).norm2Number().doubleValue()).isCloseTo(0.01, within(1e-6));
    }

    @Test
    void aNetworkWithoutHiddenLayersIsOneLinearLayer() {
        Mlp net = new Mlp(3, new int[0], 2, Activation.RELU, 1, 1, 5, DataType.DOUBLE);
        INDArray x = FiniteDifferences.uniform(new SplittableRandom(1), 4, 3, 1.0);
        INDArray expected = x.mmul(net.parameters().get(0).value());
        assertThat(net.predict(x).equalsWithEps(expected, 1e-12)).isTrue();
        net.forward(x);
        INDArray dOut = Nd4j.ones(DataType.DOUBLE, 4, 2);
        INDArray dx = net.backward(dOut);
        assertThat(dx.equalsWithEps(dOut.mmul(net.parameters().get(0).value().transpose()), 1e-12)).isTrue();
    }

    @Test
    void floatNetworksAcceptDoubleInput() {
        Mlp net = new Mlp(3, new int[] {8}, 2, Activation.TANH, Math.sqrt(2), 1, 5, DataType.FLOAT);
        INDArray x = FiniteDifferences.uniform(new SplittableRandom(1), 4, 3, 1.0);
        assertThat(net.predict(x).dataType()).isEqualTo(DataType.FLOAT);
        net.forward(x);
        net.backward(Nd4j.ones(DataType.DOUBLE, 4, 2));
        assertThat(net.parameters().get(0).grad().amaxNumber().doubleValue()).isPositive();
    }

    @Test
    void inputOfTheWrongWidthIsRejected() {
        Mlp net = new Mlp(3, new int[] {8}, 2, Activation.TANH, Math.sqrt(2), 1, 5, DataType.DOUBLE);
        assertThatThrownBy(() -> net.predict(Nd4j.zeros(DataType.DOUBLE, 4, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[B, 3]");
        assertThatThrownBy(() -> new Mlp(3, new int[] {0}, 2, Activation.TANH, 1, 1, 5, DataType.DOUBLE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void activationDerivativesFromTheOutputMatchTheirDefinitions() {
        for (double z : new double[] {-2, -0.3, 0.4, 1.7}) {
            double h = 1e-6;
            for (Activation a : Activation.values()) {
                double numeric = (a.apply(z + h) - a.apply(z - h)) / (2 * h);
                assertThat(a.derivativeFromOutput(a.apply(z))).as(a + " at " + z).isCloseTo(numeric, within(1e-8));
            }
        }
    }

    /**
     * {@link Mlp#inputGradient}: the input gradient of {@link Mlp#backward} (whose finite-difference tests are above),
     * bit for bit, on both paths, without touching any parameter gradient.
     */
    @ParameterizedTest
    @EnumSource(UpdatePath.class)
    void inputGradientMatchesBackwardAndLeavesParameterGradientsAlone(UpdatePath path) {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Mlp net = new Mlp(5, new int[] {16, 8}, 2, Activation.TANH, Math.sqrt(2), 1.0, 6, dt, ParameterBlock.ND4J,
                    path);
            SplittableRandom rng = new SplittableRandom(2);
            INDArray x = FiniteDifferences.uniform(rng, 7, 5, 1.0).castTo(dt);
            INDArray dOut = FiniteDifferences.uniform(rng, 7, 2, 1.0).castTo(dt);
            net.zeroGrad();
            net.forward(x);
            double[] full = net.backward(dOut).castTo(DataType.DOUBLE).data().asDouble();
            net.zeroGrad();
            net.forward(x);
            double[] only = net.inputGradient(dOut).castTo(DataType.DOUBLE).data().asDouble();
            assertThat(only).as("%s %s", path, dt).containsExactly(full);
            assertThat(net.block().grads().castTo(DataType.DOUBLE).data().asDouble()).as("%s %s", path, dt)
                    .containsOnly(0.0);
        }
    }
}
