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

/** {@link Mlp#predictHost}, the CPU backend's acting path, against {@link Mlp#predict}. */
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
     * Training on the host path (activation gradients in Java) against the device path (every step an ND4J op, what
     * CUDA runs): the same float operations in the same order, so the same bits, at a rollout's and a minibatch's
     * batch sizes.
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void hostActivationGradientsTrainAsTheDevicePathDoes(Activation act) {
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
            assertThat(host.forward(x).data().asFloat()).isEqualTo(device.forward(x).data().asFloat());
            assertThat(host.backward(dOut).data().asFloat()).as("%d rows, input gradient", rows)
                    .isEqualTo(device.backward(dOut).data().asFloat());
            assertThat(host.block().grads().data().asFloat()).as("%d rows, parameter gradients", rows)
                    .isEqualTo(device.block().grads().data().asFloat());
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
