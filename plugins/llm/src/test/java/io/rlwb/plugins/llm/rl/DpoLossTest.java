package io.rlwb.plugins.llm.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.rlwb.engine.nn.autodiff.GradCheck;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.plugins.llm.rl.DpoLoss.LossType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DPO's losses on two fixed pairs, beta = 0.5. Hand computation: summed log-ratio of the chosen completions
 * (0.1 + 0.2, -0.2) = (0.3, -0.2), of the rejected (-0.2 + 0.2 - 0.2, 0.1 - 0.2) = (-0.2, -0.1), so h = (0.5, -0.1)
 * and beta h = (0.25, -0.05). sigmoid: mean(softplus(-0.25), softplus(0.05)) = mean(0.5759, 0.7185) = 0.6472;
 * hinge: mean(0.75, 1.05) = 0.9; ipo uses per-token means: h = (0.15 + 0.0667, -0.2 + 0.05) = (0.2167, -0.15),
 * mean((h - 1)^2) = mean(0.6136, 1.3225) = 0.9681. Rewards: beta * (0.3, -0.2) -> mean 0.025; beta * (-0.2, -0.1)
 * -> mean -0.075; margins 0.1; accuracies 1/2. Policy log-probabilities: chosen sums (-1.2, -1.0) -> logps/chosen
 * -1.1, rejected (-1.9, -2.0) -> -1.95; RPO's NLL over the 3 chosen tokens: 2.2 / 3 = 0.7333.
 */
class DpoLossTest {
    private static final INDArray C = Nd4j.createFromArray(new double[][] {{-0.5, -0.7}, {-1.0, 0}});
    private static final INDArray CM = Nd4j.createFromArray(new double[][] {{1, 1}, {1, 0}});
    private static final INDArray RC = Nd4j.createFromArray(new double[][] {{-0.6, -0.9}, {-0.8, 0}});
    private static final INDArray R = Nd4j.createFromArray(new double[][] {{-1.2, -0.3, -0.4}, {-0.9, -1.1, 0}});
    private static final INDArray RM = Nd4j.createFromArray(new double[][] {{1, 1, 1}, {1, 1, 0}});
    private static final INDArray RR = Nd4j.createFromArray(new double[][] {{-1.0, -0.5, -0.2}, {-1.0, -0.9, 0}});

    private static DpoLoss.Result run(LossType type, double eps) {
        Tape tape = Tape.training();
        return new DpoLoss(new DpoLoss.Config(type, 0.5, eps)).compute(tape.leaf(C.dup()), tape.leaf(R.dup()), RC, RR,
                CM, RM);
    }

    @Test
    void lossesMatchHandComputedValues() {
        assertThat(run(LossType.SIGMOID, 0).loss().value().getDouble(0)).isCloseTo(0.6471995339, offset(1e-8));
        // label-smoothed (cDPO), eps = 0.1: 0.9 * 0.6472 + 0.1 * mean(softplus(0.25), softplus(-0.05))
        assertThat(run(LossType.SIGMOID, 0.1).loss().value().getDouble(0)).isCloseTo(0.6571995339, offset(1e-8));
        // robust: (0.9 * 0.6472 - 0.1 * 0.7472) / 0.8
        assertThat(run(LossType.ROBUST, 0.1).loss().value().getDouble(0)).isCloseTo(0.6346995339, offset(1e-8));
        assertThat(run(LossType.HINGE, 0).loss().value().getDouble(0)).isCloseTo(0.9, offset(1e-12));
        assertThat(run(LossType.IPO, 0).loss().value().getDouble(0)).isCloseTo(0.9680555556, offset(1e-8));
    }

    @Test
    void implicitRewardMetrics() {
        DpoLoss.Stats s = run(LossType.SIGMOID, 0).stats();
        assertThat(s.rewardsChosen()).isCloseTo(0.025, offset(1e-12));
        assertThat(s.rewardsRejected()).isCloseTo(-0.075, offset(1e-12));
        assertThat(s.rewardsMargins()).isCloseTo(0.1, offset(1e-12));
        assertThat(s.rewardsAccuracies()).isEqualTo(0.5);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (LossType type : LossType.values()) {
            double eps = type == LossType.SIGMOID || type == LossType.ROBUST ? 0.1 : 0;
            DpoLoss loss = new DpoLoss(new DpoLoss.Config(type, 0.5, eps));
            GradCheck.check("dpo " + type, List.of(C.dup(), R.dup()),
                    in -> loss.compute(in.get(0), in.get(1), RC, RR, CM, RM).loss());
        }
    }

    @Test
    void rpoAddsTheChosenTokensMeanNll() {
        Tape tape = Tape.training();
        DpoLoss.Result r = new DpoLoss(new DpoLoss.Config(LossType.SIGMOID, 0.5, 0, 0.5)).compute(tape.leaf(C.dup()),
                tape.leaf(R.dup()), RC, RR, CM, RM);
        // 0.6472 + 0.5 * 2.2 / 3
        assertThat(r.loss().value().getDouble(0)).isCloseTo(0.6471995339 + 0.5 * 2.2 / 3, offset(1e-8));
        assertThat(r.stats().nllLoss()).isCloseTo(2.2 / 3, offset(1e-12));
        assertThat(r.stats().logpsChosen()).isCloseTo(-1.1, offset(1e-12));
        assertThat(r.stats().logpsRejected()).isCloseTo(-1.95, offset(1e-12));
        // the NLL is reported without the term too, and leaves the DPO loss alone
        assertThat(run(LossType.SIGMOID, 0).stats().nllLoss()).isCloseTo(2.2 / 3, offset(1e-12));
        for (LossType type : LossType.values()) {
            DpoLoss loss = new DpoLoss(new DpoLoss.Config(type, 0.5, 0, 0.7));
            GradCheck.check("rpo " + type, List.of(C.dup(), R.dup()),
                    in -> loss.compute(in.get(0), in.get(1), RC, RR, CM, RM).loss());
        }
    }

    /** Padding and prompt positions (mask 0) may hold anything: neither the loss nor the metrics see them. */
    @Test
    void positionsOffTheCompletionAreIgnored() {
        INDArray garbage = Nd4j.createFromArray(new double[][] {{0, 0}, {0, 7.5}});
        INDArray garbageR = Nd4j.createFromArray(new double[][] {{0, 0, 0}, {0, 0, -3.25}});
        for (LossType type : LossType.values()) {
            DpoLoss loss = new DpoLoss(new DpoLoss.Config(type, 0.5, 0, 0.3));
            Tape clean = Tape.training();
            DpoLoss.Result a = loss.compute(clean.leaf(C.dup()), clean.leaf(R.dup()), RC, RR, CM, RM);
            Tape dirty = Tape.training();
            var c = dirty.leaf(C.add(garbage));
            var r = dirty.leaf(R.add(garbageR));
            DpoLoss.Result b = loss.compute(c, r, RC.add(garbage.mul(-2)), RR.add(garbageR.mul(3)), CM, RM);
            assertThat(b.loss().value().getDouble(0)).as(type.name()).isCloseTo(a.loss().value().getDouble(0),
                    offset(1e-12));
            assertThat(b.stats()).as(type.name()).isEqualTo(a.stats());
            dirty.backward(b.loss());
            assertThat(c.grad().getDouble(1, 1)).as(type + " gradient at a pad position").isZero();
            assertThat(r.grad().getDouble(1, 2)).as(type + " gradient at a pad position").isZero();
            assertThat(c.grad().getDouble(0, 0)).as(type + " gradient at a completion position").isNotZero();
        }
    }

    /** A step down the gradient raises the chosen log-probabilities and lowers the rejected ones. */
    @Test
    void theGradientPrefersChosenOverRejected() {
        Tape tape = Tape.training();
        var c = tape.leaf(C.dup());
        var r = tape.leaf(R.dup());
        tape.backward(new DpoLoss(new DpoLoss.Config(LossType.SIGMOID, 0.5, 0)).compute(c, r, RC, RR, CM, RM).loss());
        for (int i = 0; i < 2; i++) {
            for (int t = 0; t < 3; t++) {
                if (t < 2 && CM.getDouble(i, t) > 0) assertThat(c.grad().getDouble(i, t)).isNegative();
                if (RM.getDouble(i, t) > 0) assertThat(r.grad().getDouble(i, t)).isPositive();
            }
        }
    }

    @Test
    void badParametersAreNamed() {
        assertThatThrownBy(() -> new DpoLoss.Config(LossType.SIGMOID, 0, 0)).hasMessageContaining("beta");
        assertThatThrownBy(() -> new DpoLoss.Config(LossType.HINGE, 0.1, 0.1)).hasMessageContaining("labelSmoothing");
        assertThatThrownBy(() -> LossType.parse("kto")).hasMessageContaining("lossType");
        assertThatThrownBy(() -> new DpoLoss.Config(LossType.SIGMOID, 0.1, 0, -1)).hasMessageContaining("rpoAlpha");
    }
}
