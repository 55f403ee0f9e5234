package io.rlwb.plugins.llm.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.GradCheck;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.rl.GrpoLoss.LossType;
import io.rlwb.plugins.llm.rl.GrpoLoss.RatioLevel;
import io.rlwb.plugins.llm.text.CharTokenizer;
import io.rlwb.plugins.llm.text.SequenceBatch;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GRPO's loss on a fixed batch of two completions (lengths 2 and 3, eps 0.2 / 0.2, beta 0.1). Hand computation,
 * per token: rho = exp(x - o), L = -min(rho A, clip(rho, 0.8, 1.2) A) + 0.1 (exp(r - x) - (r - x) - 1):
 * <pre>
 *   row 0 (A = +1): t0 rho = e^0.5 = 1.6487 -> high-clipped, -1.2 + 0.1 * 0.018731 = -1.1981269
 *                   t1 rho = e^-0.1 = 0.9048 -> -0.9048374 + 0.1 * 0.004837 = -0.9043537
 *   row 1 (A = -1): t0 rho = e^-1 = 0.3679 -> low-clipped, 0.8 + 0.1 * 0.021403 = 0.8021403
 *                   t1 rho = 1 -> 1 + 0.1 * 0.005171 = 1.0005171
 *                   t2 rho = e^0.2 = 1.2214 > 1.2 but A < 0: not clipped, 1.2214028 + 0.1 * 0.004837 = 1.2218865
 * </pre>
 * grpo = mean(row means) = (-1.0512403 + 1.0081813) / 2; bnpo = sum / 5; dr_grpo = sum / (2 * 4); dapo with 10
 * accumulated tokens = sum / 10. Clip ratios over 5 active tokens: low 1/5, high 1/5, region 2/5.
 */
class GrpoLossTest {
    private static final INDArray X = Nd4j.createFromArray(new double[][] {{-1.0, -0.5, 0}, {-2.0, -0.3, -0.7}});
    private static final INDArray OLD = Nd4j.createFromArray(new double[][] {{-1.5, -0.4, 0}, {-1.0, -0.3, -0.9}});
    private static final INDArray REF = Nd4j.createFromArray(new double[][] {{-1.2, -0.6, 0}, {-1.8, -0.2, -0.8}});
    private static final INDArray MASK = Nd4j.createFromArray(new double[][] {{1, 1, 0}, {1, 1, 1}});
    private static final INDArray ADV = Nd4j.createFromArray(new double[][] {{1, 1, 1}, {-1, -1, -1}});
    private static final boolean[] FINISHED = {true, false};

    private static GrpoLoss.Result run(LossType type, RatioLevel level, boolean maskTruncated, double dapoTokens) {
        GrpoLoss loss = new GrpoLoss(new GrpoLoss.Config(type, 0.2, 0.2, 0.1, level, maskTruncated));
        Tape tape = Tape.training();
        return loss.compute(tape.leaf(X.dup()), OLD, REF, ADV, MASK, FINISHED, 4, dapoTokens);
    }

    private static double value(LossType type, RatioLevel level, boolean maskTruncated, double dapoTokens) {
        return run(type, level, maskTruncated, dapoTokens).loss().value().getDouble(0);
    }

    @Test
    void everyLossTypeAveragesTheHandComputedTokenLosses() {
        assertThat(value(LossType.GRPO, RatioLevel.TOKEN, false, 0)).isCloseTo(-0.0215295056, offset(1e-8));
        assertThat(value(LossType.BNPO, RatioLevel.TOKEN, false, 0)).isCloseTo(0.1844126533, offset(1e-8));
        assertThat(value(LossType.DR_GRPO, RatioLevel.TOKEN, false, 0)).isCloseTo(0.1152579083, offset(1e-8));
        assertThat(value(LossType.DAPO, RatioLevel.TOKEN, false, 10)).isCloseTo(0.0922063267, offset(1e-8));
        // dapo without an accumulated count normalises by this batch's active tokens, like bnpo
        assertThat(value(LossType.DAPO, RatioLevel.TOKEN, false, 0)).isCloseTo(0.1844126533, offset(1e-8));
    }

    @Test
    void clipAccountingCountsOnlyClipsThatRemoveTheGradient() {
        GrpoLoss.Stats s = run(LossType.BNPO, RatioLevel.TOKEN, false, 0).stats();
        assertThat(s.clipLow()).isCloseTo(0.2, offset(1e-12));
        assertThat(s.clipHigh()).isCloseTo(0.2, offset(1e-12)); // row 1 t2 has rho > 1.2 but A < 0
        assertThat(s.clipRegion()).isCloseTo(0.4, offset(1e-12));
        assertThat(s.activeTokens()).isEqualTo(5);
        // kl: mean of k3 over the 5 active tokens
        assertThat(s.kl()).isCloseTo(0.0109958531, offset(1e-9));
    }

    @Test
    void sequenceLevelRatiosAreOnePerCompletion() {
        // s_0 = exp((0.5 - 0.1) / 2) = e^0.2 = 1.2214 > 1.2 with A > 0: high-clipped, both tokens -1.2
        // s_1 = exp((-1 + 0 + 0.2) / 3) = 0.7659 < 0.8 with A < 0: low-clipped, all three tokens +0.8
        GrpoLoss.Result r = run(LossType.GRPO, RatioLevel.SEQUENCE, false, 0);
        assertThat(r.stats().ratio().getDouble(0, 0)).isCloseTo(Math.exp(0.2), offset(1e-12));
        assertThat(r.stats().ratio().getDouble(1, 2)).isCloseTo(Math.exp(-0.8 / 3), offset(1e-12));
        assertThat(r.loss().value().getDouble(0)).isCloseTo(-0.1988872775, offset(1e-8));
        assertThat(r.stats().clipHigh()).isCloseTo(0.4, offset(1e-12));
        assertThat(r.stats().clipLow()).isCloseTo(0.6, offset(1e-12));
    }

    @Test
    void truncatedCompletionsAreMaskedOut() {
        // row 1 has no <eos>: only row 0 counts, bnpo = (-1.1981269 - 0.9043537) / 2
        assertThat(value(LossType.BNPO, RatioLevel.TOKEN, true, 0)).isCloseTo(-1.0512403005, offset(1e-8));
        assertThat(run(LossType.BNPO, RatioLevel.TOKEN, true, 0).stats().activeTokens()).isEqualTo(2);
    }

    @Test
    void gradientMatchesFiniteDifferencesForEveryLossTypeAndLevel() {
        for (RatioLevel level : RatioLevel.values()) {
            for (LossType type : LossType.values()) {
                GrpoLoss loss = new GrpoLoss(new GrpoLoss.Config(type, 0.2, 0.3, 0.1, level, false));
                GradCheck.check("grpo " + type + " " + level, List.of(X.dup()),
                        in -> loss.compute(in.get(0), OLD, REF, ADV, MASK, FINISHED, 4, 7).loss());
            }
        }
    }

    @Test
    void atBetaZeroOnPolicyTheLossIsZeroButTheGradientIsNot() {
        CharTokenizer tok = new CharTokenizer("abc");
        TransformerPolicy policy = new TransformerPolicy(new PolicyConfig(1, 2, 8, 8, DecoderModel.Positions.ROTARY,
                true, 2, 0, 5, DataType.DOUBLE), tok.vocabSize());
        SequenceBatch b = SequenceBatch.of(
                List.of(tok.encodePrompt("ab"), tok.encodePrompt("ab"), tok.encodePrompt("c"), tok.encodePrompt("c")),
                List.of(tok.encodeCompletion("ca"), tok.encodeCompletion("b"), tok.encodeCompletion("bba"),
                        tok.encodeCompletion("a")), DataType.DOUBLE);
        // group-normalised advantages of rewards (1, 0) and (0, 1): +-0.7071 per group, mean 0
        double[] a = GroupAdvantages.compute(new double[] {1, 0, 0, 1}, 2, GroupAdvantages.Scale.GROUP).advantages();
        INDArray adv = b.completionMask().mulColumnVector(Nd4j.createFromArray(a).reshape(4, 1));
        INDArray old = policy.tokenLogProbs(Tape.inference(), b).value();
        GrpoLoss loss = new GrpoLoss(new GrpoLoss.Config(LossType.DR_GRPO, 0.2, 0.2, 0.0, RatioLevel.TOKEN, false));
        boolean[] fin = {true, true, true, true};
        GradCheck.checkParameters("grpo through the policy", policy.parameters(), tape -> {
            Tensor out = loss.compute(policy.tokenLogProbs(tape, b), old, null, adv, b.completionMask(), fin, 4, 0)
                    .loss();
            return out;
        });
        // dr_grpo at rho = 1: loss = -sum_b A_b len_b / (B * 4) = -(0.7071 * 2 - 0.7071 * 1 - 0.7071 * 3 + 0.7071
        // * 1) / 16 = 0.0884: not zero because lengths differ; with equal-length rows it vanishes.
        for (Parameter p : policy.parameters()) p.zeroGrad();
        Tape tape = Tape.training();
        GrpoLoss grpo = new GrpoLoss(new GrpoLoss.Config(LossType.GRPO, 0.2, 0.2, 0.0, RatioLevel.TOKEN, false));
        Tensor out = grpo.compute(policy.tokenLogProbs(tape, b), old, null, adv, b.completionMask(), fin, 4, 0).loss();
        tape.backward(out);
        assertThat(out.value().getDouble(0)).isCloseTo(0.0, offset(1e-12)); // grpo: -mean_b A_b = 0
        double norm2 = 0;
        for (Parameter p : policy.parameters()) {
            norm2 += p.grad().mul(p.grad()).sumNumber().doubleValue();
        }
        assertThat(Math.sqrt(norm2)).isGreaterThan(1e-3);
    }

    @Test
    void badInputIsRefusedWithTheParameterNamed() {
        assertThatThrownBy(() -> new GrpoLoss.Config(LossType.GRPO, 1.5, 0.2, 0, RatioLevel.TOKEN, false))
                .hasMessageContaining("epsLow");
        assertThatThrownBy(() -> LossType.parse("ppo")).hasMessageContaining("lossType");
        GrpoLoss loss = new GrpoLoss(new GrpoLoss.Config(LossType.GRPO, 0.2, 0.2, 0.1, RatioLevel.TOKEN, false));
        assertThatThrownBy(() -> loss.compute(Tape.training().leaf(X.dup()), OLD, null, ADV, MASK, FINISHED, 4, 0))
                .hasMessageContaining("reference");
    }
}
