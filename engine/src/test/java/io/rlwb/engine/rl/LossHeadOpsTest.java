package io.rlwb.engine.rl;

import static io.rlwb.engine.nn.autodiff.GradCheck.check;
import static io.rlwb.engine.nn.autodiff.GradCheck.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference tests, in double precision, of the fused loss-head operations of the device path
 * ({@link LossHeadOps}), and their values against plain-Java formulas. Inputs are placed away from the clip
 * boundaries and ties, where the losses are not differentiable.
 */
class LossHeadOpsTest {
    private final SplittableRandom rng = new SplittableRandom(31);

    private static INDArray vec(double... v) {
        return Nd4j.create(v, new long[] {v.length}, DataType.DOUBLE);
    }

    @Test
    void categoricalLogProbAndEntropyGradients() {
        INDArray actions = Nd4j.create(new double[] {0, 2, 1, 3, 2}, new long[] {5, 1}, DataType.DOUBLE);
        check("categorical [5,4]", List.of(uniform(rng, 2.0, 5, 4)), in -> LossHeadOps.categorical(in.get(0), actions));
        INDArray two = vec(1, 0, 1);
        check("categorical [3,2]", List.of(uniform(rng, 3.0, 3, 2)), in -> LossHeadOps.categorical(in.get(0), two));
    }

    @Test
    void categoricalValuesAreTheLogSoftmaxOfTheChosenActionAndTheEntropy() {
        INDArray z = uniform(rng, 2.0, 4, 3);
        double[] a = {2, 0, 1, 1};
        Tensor out = LossHeadOps.categorical(Tape.inference().constant(z), vec(a));
        for (int i = 0; i < 4; i++) {
            double max = Math.max(z.getDouble(i, 0), Math.max(z.getDouble(i, 1), z.getDouble(i, 2)));
            double sum = 0;
            for (int j = 0; j < 3; j++) sum += Math.exp(z.getDouble(i, j) - max);
            double lse = max + Math.log(sum);
            double h = 0;
            for (int j = 0; j < 3; j++) h -= Math.exp(z.getDouble(i, j) - lse) * (z.getDouble(i, j) - lse);
            assertThat(out.value().getDouble(i, 0)).isCloseTo(z.getDouble(i, (int) a[i]) - lse, within(1e-12));
            assertThat(out.value().getDouble(i, 1)).isCloseTo(h, within(1e-12));
        }
    }

    /** Log-ratio offsets inside the range, clipped above and below, for both signs of the advantage. */
    private static final double[] OFFSETS = {0.0, 0.05, -0.05, 0.6, -0.6, 0.1, -0.7, 0.5, -0.1, 0.02};
    private static final double[] ADVANTAGES = {0.9, -1.2, 0.7, 1.4, -0.6, 1.1, 0.8, -1.3, 1.0, -0.5};

    @Test
    void ppoClipGradientInEveryRegime() {
        INDArray old = uniform(rng, 1.0, 10).subi(1.5);
        INDArray logp = old.add(vec(OFFSETS));
        INDArray adv = vec(ADVANTAGES);
        check("ppoClip", List.of(logp), in -> LossHeadOps.ppoClip(in.get(0), old, adv, 0.2));
    }

    @Test
    void ppoClipValueAndStatisticsFollowCleanRl() {
        // The same offsets and advantages as PpoLossGradientTest's golden values (computed by hand in Python).
        INDArray old = vec(new double[10]).subi(0.7);
        INDArray logp = old.add(vec(OFFSETS));
        Tensor pg = LossHeadOps.ppoClip(Tape.inference().constant(logp), old, vec(ADVANTAGES), 0.2);
        assertThat(pg.value().getDouble(0)).isCloseTo(-0.1368690630528026, within(1e-12));
        INDArray s = LossHeadOps.ppoStats(logp, old, 0.2);
        assertThat(s.getDouble(0)).isCloseTo(0.07289472079911741, within(1e-12));
        assertThat(s.getDouble(1)).isCloseTo(0.018, within(1e-12));
        assertThat(s.getDouble(2)).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void valueLossGradientUnclippedAndClipped() {
        INDArray returns = uniform(rng, 2.0, 8);
        check("valueLoss unclipped", List.of(uniform(rng, 2.0, 8)),
                in -> LossHeadOps.valueLoss(in.get(0), returns, null, 0));
        // Deltas v - old well inside (+-0.05) and well outside (+-0.6) the clip of 0.2, returns on either side, so
        // both branches win somewhere and the clamp is active and inactive.
        INDArray old = vec(0.0, 0.0, 1.0, 1.0, -1.0, -1.0, 0.5, 0.5);
        INDArray v = old.add(vec(0.05, -0.6, 0.6, -0.05, 0.6, -0.6, 0.03, 0.7));
        INDArray r = vec(1.0, -1.0, 0.5, 2.0, -2.0, 0.0, 0.4, 2.5);
        check("valueLoss clipped", List.of(v), in -> LossHeadOps.valueLoss(in.get(0), r, old, 0.2));
        double expected = 0;
        for (int i = 0; i < 8; i++) {
            double e = v.getDouble(i) - r.getDouble(i);
            double d = Math.max(-0.2, Math.min(0.2, v.getDouble(i) - old.getDouble(i)));
            double ec = old.getDouble(i) + d - r.getDouble(i);
            expected += 0.5 * Math.max(e * e, ec * ec) / 8;
        }
        Tensor l = LossHeadOps.valueLoss(Tape.inference().constant(v), r, old, 0.2);
        assertThat(l.value().getDouble(0)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void vectorValueLossGradientAndValue() {
        INDArray returns = uniform(rng, 3.0, 6, 3);
        INDArray weights = vec(1 / 16.0, 4.0, 1.0); // scales 4, 0.5, 1
        check("vectorValueLoss [6,3]", List.of(uniform(rng, 2.0, 6, 3)),
                in -> LossHeadOps.vectorValueLoss(in.get(0), returns, weights));
        INDArray v = uniform(rng, 2.0, 6, 3);
        double expected = 0;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 3; j++) {
                double e = v.getDouble(i, j) - returns.getDouble(i, j);
                expected += 0.5 * weights.getDouble(j) * e * e / 6;
            }
        }
        Tensor l = LossHeadOps.vectorValueLoss(Tape.inference().constant(v), returns.reshape(18), weights);
        assertThat(l.value().getDouble(0)).isCloseTo(expected, within(1e-12));
    }
}
