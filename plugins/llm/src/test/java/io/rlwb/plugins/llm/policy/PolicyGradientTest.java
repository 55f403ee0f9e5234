package io.rlwb.plugins.llm.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.nn.autodiff.GradCheck;
import io.rlwb.engine.nn.autodiff.Ops;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.plugins.llm.text.CharTokenizer;
import io.rlwb.plugins.llm.text.SequenceBatch;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PolicyGradientTest {
    private static final CharTokenizer TOK = new CharTokenizer("abc");

    private static SequenceBatch batch(DataType dt) {
        return SequenceBatch.of(List.of(TOK.encodePrompt("ab"), TOK.encodePrompt("c")),
                List.of(TOK.encodeCompletion("ca"), TOK.encodeCompletion("bba")), dt);
    }

    @Test
    void tokenLogProbsAndEntropyMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        INDArray targets = Nd4j.createFromArray(new int[][] {{1, 4, SequenceBatch.IGNORE}, {0, 2, 3}});
        GradCheck.check("tokenLogProbs", List.of(GradCheck.uniform(rng, 2.0, 2, 3, 5)),
                in -> TokenOps.tokenLogProbs(in.get(0), targets, SequenceBatch.IGNORE));
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 0, 1}, {1, 1, 0}});
        GradCheck.check("entropy", List.of(GradCheck.uniform(rng, 2.0, 2, 3, 5)),
                in -> TokenOps.entropy(in.get(0), mask));
        GradCheck.check("entropy, no mask", List.of(GradCheck.uniform(rng, 2.0, 2, 3, 5)),
                in -> TokenOps.entropy(in.get(0), null));
    }

    @Test
    void tokenLogProbsValuesAreLogSoftmaxAtTheTarget() {
        INDArray logits = Nd4j.createFromArray(new double[][][] {{{1, 2, 3}, {0, 0, 0}}});
        INDArray targets = Nd4j.createFromArray(new int[][] {{2, SequenceBatch.IGNORE}});
        Tape t = Tape.inference();
        double lp = TokenOps.tokenLogProbs(t.constant(logits), targets, SequenceBatch.IGNORE).value().getDouble(0);
        double z = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertThat(lp).isCloseTo(3 - z, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(TokenOps.tokenLogProbs(t.constant(logits), targets, SequenceBatch.IGNORE).value().getDouble(1))
                .isZero();
        double h = TokenOps.entropy(t.constant(logits), null).value().getDouble(1);
        assertThat(h).isCloseTo(Math.log(3), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void policyLogProbsMatchFiniteDifferencesInEveryParameter() {
        for (DecoderModel.Positions pos : DecoderModel.Positions.values()) {
            TransformerPolicy p = new TransformerPolicy(new PolicyConfig(1, 2, 4, 8, pos, false, 2, 0, 5,
                    DataType.DOUBLE), TOK.vocabSize());
            SequenceBatch b = batch(DataType.DOUBLE);
            INDArray w = GradCheck.uniform(new SplittableRandom(8), 1.0, b.batch(), b.length());
            GradCheck.checkParameters("log-probs " + pos, p.parameters(), tape -> {
                TransformerPolicy.TokenScores s = p.score(tape, b);
                return Ops.add(Ops.sum(Ops.mul(s.logProbs(), tape.constant(w))), Ops.scale(Ops.sum(s.entropy()), 0.3));
            });
        }
    }

    @Test
    void logProbsAreZeroOffTheCompletionAndSumToTheSequenceLogLikelihood() {
        TransformerPolicy p = new TransformerPolicy(new PolicyConfig(1, 2, 8, 8, DecoderModel.Positions.ROTARY, true,
                2, 0, 5, DataType.DOUBLE), TOK.vocabSize());
        SequenceBatch b = batch(DataType.DOUBLE);
        INDArray lp = p.tokenLogProbs(Tape.inference(), b).value();
        assertThat(lp.mul(b.completionMask().rsub(1)).amaxNumber().doubleValue()).isZero();
        // mean cross-entropy of the completion = -sum(logp) / completion tokens
        double ce = p.completionLoss(Tape.inference(), b).value().getDouble(0);
        assertThat(-lp.sumNumber().doubleValue() / b.completionMask().sumNumber().doubleValue())
                .isCloseTo(ce, org.assertj.core.data.Offset.offset(1e-10));
    }

    @Test
    void theFrozenCopyKeepsItsWeightsWhileThePolicyTrains() {
        TransformerPolicy p = new TransformerPolicy(new PolicyConfig(1, 2, 8, 8, DecoderModel.Positions.ROTARY, true,
                2, 0, 5, DataType.DOUBLE), TOK.vocabSize());
        SequenceBatch b = batch(DataType.DOUBLE);
        FrozenPolicy ref = p.frozenCopy();
        INDArray before = p.tokenLogProbs(Tape.inference(), b).value().dup();
        assertThat(ref.tokenLogProbs(b)).isEqualTo(before);
        Adam adam = new Adam(p.parameters(), 1e-2, false);
        for (int i = 0; i < 3; i++) {
            p.zeroGrad();
            Tape tape = Tape.training();
            Tensor loss = p.completionLoss(tape, b);
            tape.backward(loss);
            adam.step(0);
        }
        INDArray after = p.tokenLogProbs(Tape.inference(), b).value();
        assertThat(after.sub(before).amaxNumber().doubleValue()).isGreaterThan(1e-3);
        assertThat(ref.tokenLogProbs(b)).isEqualTo(before);
    }

    @Test
    void configurationErrorsNameTheParameter() {
        assertThatThrownBy(() -> new PolicyConfig(2, 3, 64, 64, DecoderModel.Positions.ROTARY, true, 4, 0, 1,
                DataType.FLOAT)).hasMessageContaining("'heads'");
        assertThatThrownBy(() -> new PolicyConfig(2, 4, 12, 64, DecoderModel.Positions.ROTARY, true, 4, 0, 1,
                DataType.FLOAT)).hasMessageContaining("'positions'");
        assertThatThrownBy(() -> new PolicyConfig(0, 4, 64, 64, DecoderModel.Positions.ROTARY, true, 4, 0, 1,
                DataType.FLOAT)).hasMessageContaining("'layers'");
        TransformerPolicy p = new TransformerPolicy(new PolicyConfig(1, 2, 8, 4, DecoderModel.Positions.ROTARY, true,
                2, 0, 5, DataType.FLOAT), TOK.vocabSize());
        assertThatThrownBy(() -> p.logits(Tape.inference(), Nd4j.zeros(DataType.INT, 1, 5)))
                .hasMessageContaining("'contextLength'");
    }
}
