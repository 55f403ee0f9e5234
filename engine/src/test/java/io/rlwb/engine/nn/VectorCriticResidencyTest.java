package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.rl.vector.MlpVectorCritic;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 11 deliverable 3 for C-MORL's vector critic (ADR 0036): a critic update on the device path (zeroing, the
 * forward pass, the scaled per-objective loss and its gradient, the backward pass, the divergence guard,
 * clipping, Adam) touches parameter memory only through ND4J ops ({@link HostAccessRecorder}) and copies exactly
 * the named scalars to Java per update: the critic's loss (logging, divergence check) and the clipping's gradient
 * norm (ADR 0011, as in {@link LossHeadResidencyTest}), one element each. A loss computed on the host again is
 * caught by the count of elements read ({@link HostArrays#elementsRead}): it copies the {@code [B, k]} outputs.
 */
class VectorCriticResidencyTest {
    /** The named host reads of one device update: the fit's loss and the gradient norm of the clipping. */
    static final int NAMED_READS = 2;
    private static final EnvSpec SPEC = new EnvSpec("test", 4, ActionSpace.discrete(2), List.of("treasure", "time"), 0);
    private static final int B = 16;

    private final HostAccessRecorder rec = new HostAccessRecorder();

    private final class Fit {
        final Mlp net = new Mlp(4, new int[] {8, 8}, 2, Activation.TANH, Init.HIDDEN_GAIN, Init.CRITIC_OUTPUT_GAIN, 5,
                DataType.FLOAT, rec.storage(), UpdatePath.DEVICE);
        final MlpVectorCritic critic;
        final Adam adam = new Adam(net.parameters(), 2.5e-4, 0.9, 0.999, 1e-5, true, UpdatePath.DEVICE);
        final DivergenceGuard guard = DivergenceGuard.of(Map.of("critic", net.parameters()), UpdatePath.DEVICE);
        final INDArray obs = Nd4j.rand(DataType.FLOAT, B, 4).subi(0.5);
        final float[] returns = new float[B * 2];

        Fit(UpdatePath lossPath) {
            critic = new MlpVectorCritic(SPEC, new double[] {10.0, 1.0}, net, lossPath);
            SplittableRandom r = new SplittableRandom(4);
            for (int i = 0; i < returns.length; i++) returns[i] = (float) (i % 2 == 0 ? 20 * r.nextDouble() : -r.nextDouble());
        }

        /** One critic update as a C-MORL member's minibatch runs it; returns the loss. */
        double update() {
            Parameters.zeroGrad(net.parameters(), UpdatePath.DEVICE);
            double loss = critic.fitValues(obs, returns, 0.5);
            DivergenceGuard.check("value loss", loss, "test");
            guard.gradients();
            GradClip.clipGradNorm(net.parameters(), 0.5, UpdatePath.DEVICE);
            adam.step(0.1);
            guard.parameters();
            return loss;
        }
    }

    @Test
    void aDeviceVectorCriticUpdateCopiesOnlyItsNamedScalars() {
        Fit f = new Fit(UpdatePath.DEVICE);
        double[] before = HostArrays.toDoubles(f.net.block().values());
        long transfers = HostArrays.transfers();
        long elements = HostArrays.elementsRead();
        rec.arm();
        double first = f.update();
        f.update();
        double third = f.update();
        rec.disarm();
        assertThat(rec.accesses()).isEmpty();
        assertThat(HostArrays.transfers() - transfers).isEqualTo(3 * NAMED_READS);
        assertThat(HostArrays.elementsRead() - elements).isEqualTo(3 * NAMED_READS); // scalars only
        assertThat(HostArrays.toDoubles(f.net.block().values())).isNotEqualTo(before);
        assertThat(third).isLessThan(first);
    }

    @Test
    void aLossComputedOnTheHostIsCaught() {
        Fit f = new Fit(UpdatePath.HOST);
        long elements = HostArrays.elementsRead();
        rec.arm();
        f.update();
        rec.disarm();
        // The [B, 2] outputs copied to Java for the loss, and the gradient norm.
        assertThat(HostArrays.elementsRead() - elements).isEqualTo(B * 2 + 1L);
    }
}
