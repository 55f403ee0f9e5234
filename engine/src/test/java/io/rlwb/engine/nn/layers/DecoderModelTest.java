package io.rlwb.engine.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class DecoderModelTest {
    private static DecoderModel.Config config(DecoderModel.Positions pos, boolean tied, DataType dt) {
        return new DecoderModel.Config(11, 16, 4, 2, 32, 32, pos, tied, Norm.Kind.LAYER,
                FeedForward.Activation.GELU_TANH, 0, 21, dt);
    }

    private static INDArray randomIds(long seed, int batch, int len, int vocab) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] ids = new int[batch][len];
        for (int[] row : ids) for (int i = 0; i < len; i++) row[i] = r.nextInt(vocab);
        return Nd4j.createFromArray(ids);
    }

    private static double std(INDArray a) {
        return a.castTo(DataType.DOUBLE).stdNumber().doubleValue();
    }

    @Test
    void initStdSetsTheScaleOfEveryWeightMatrix() {
        for (double init : new double[] {0.02, 0.1}) {
            DecoderModel m = new DecoderModel(new DecoderModel.Config(64, 64, 2, 2, 256, 32,
                    DecoderModel.Positions.ROTARY, false, Norm.Kind.LAYER, FeedForward.Activation.GELU_TANH, 0, 3,
                    DataType.FLOAT, init));
            Map<String, Parameter> p = m.namedParameters();
            // 4096 to 16384 draws each: the sample std is within 3% of the configured one
            assertThat(std(p.get("tok.weight").value())).isCloseTo(init, withPercentage(3));
            assertThat(std(p.get("head.weight").value())).isCloseTo(init, withPercentage(3));
            long scaled = p.entrySet().stream().filter(e -> e.getKey().startsWith("blocks.0.")
                    && e.getValue().value().rank() == 2
                    && Math.abs(std(e.getValue().value()) - init / 2) < init * 0.03).count();
            long plain = p.entrySet().stream().filter(e -> e.getKey().startsWith("blocks.0.")
                    && e.getValue().value().rank() == 2
                    && Math.abs(std(e.getValue().value()) - init) < init * 0.03).count();
            // the attention output and the MLP's second matrix start at init / sqrt(2 layers), the rest at init
            assertThat(scaled).as("residual projections at %s / sqrt(4)", init).isEqualTo(2);
            assertThat(plain).as("other matrices at %s", init).isGreaterThanOrEqualTo(2);
        }
        assertThat(new DecoderModel.Config(11, 16, 4, 2, 32, 32, DecoderModel.Positions.ROTARY, true,
                Norm.Kind.LAYER, FeedForward.Activation.GELU_TANH, 0, 21, DataType.FLOAT).initStd())
                .isEqualTo(DecoderModel.Config.GPT2_INIT_STD);
        for (double bad : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new DecoderModel.Config(11, 16, 4, 2, 32, 32, DecoderModel.Positions.ROTARY,
                    true, Norm.Kind.LAYER, FeedForward.Activation.GELU_TANH, 0, 21, DataType.FLOAT, bad))
                    .hasMessageContaining("initStd");
        }
    }

    @Test
    void overfitsAFixedSequence() {
        Nd4j.getRandom().setSeed(1);
        DecoderModel m = new DecoderModel(new DecoderModel.Config(16, 32, 2, 2, 64, 64,
                DecoderModel.Positions.LEARNED, true, Norm.Kind.LAYER, FeedForward.Activation.GELU_TANH, 0, 5,
                DataType.FLOAT));
        INDArray seq = randomIds(9, 1, 65, 16);
        INDArray ids = seq.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 64)).dup();
        INDArray targets = seq.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 65)).dup();
        Adam adam = new Adam(m.parameters(), 1e-2, false);
        double loss = Double.NaN;
        double first = Double.NaN;
        for (int step = 0; step < 300; step++) {
            m.zeroGrad();
            Tape tape = Tape.training();
            Tensor l = m.loss(tape, ids, targets, -1);
            tape.backward(l);
            adam.step(0);
            loss = l.value().getDouble(0); // an explicit host read, for the test
            if (step == 0) first = loss;
            if (loss < 0.05) break;
        }
        assertThat(first).isGreaterThan(2.0); // ~ln 16 at the start
        assertThat(loss).isLessThan(0.05);
    }

    @Test
    void incrementalDecodingMatchesTheFullForwardPass() {
        for (DecoderModel.Positions pos : DecoderModel.Positions.values()) {
            DecoderModel m = new DecoderModel(config(pos, false, DataType.DOUBLE));
            INDArray ids = randomIds(3, 2, 12, 11);
            INDArray full = m.forward(Tape.inference(), ids, null).value();
            // a small initial capacity so the cache also grows on the way
            FullKvCache cache = m.newCache(2, 4);
            int[] chunks = {5, 1, 1, 3, 1, 1};
            int at = 0;
            for (int c : chunks) {
                INDArray part = ids.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + c)).dup();
                INDArray logits = m.forward(Tape.inference(), part, cache).value();
                INDArray expected = full.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + c), NDArrayIndex.all());
                assertThat(logits.sub(expected).amaxNumber().doubleValue()).as("%s positions %d..%d", pos, at,
                        at + c - 1).isLessThan(1e-10);
                at += c;
            }
            assertThat(cache.position()).isEqualTo(12);
            assertThat(cache.capacity()).isGreaterThanOrEqualTo(12);
        }
    }

    @Test
    void tiedWeightsAccumulateTheEmbeddingAndTheHeadGradients() {
        DecoderModel tied = new DecoderModel(config(DecoderModel.Positions.ROTARY, true, DataType.DOUBLE));
        DecoderModel untied = new DecoderModel(config(DecoderModel.Positions.ROTARY, false, DataType.DOUBLE));
        Map<String, Parameter> u = untied.namedParameters();
        // same seed, and the untied head is drawn last: every other parameter is equal; make the head the
        // embedding transposed, so both models compute the same function
        for (Map.Entry<String, Parameter> e : tied.namedParameters().entrySet()) {
            assertThat(u.get(e.getKey()).value()).isEqualTo(e.getValue().value());
        }
        u.get("head.weight").value().assign(u.get("tok.weight").value().transpose());
        INDArray ids = randomIds(4, 2, 6, 11);
        INDArray targets = randomIds(5, 2, 6, 11);
        for (DecoderModel m : List.of(tied, untied)) {
            m.zeroGrad();
            Tape t = Tape.training();
            t.backward(m.loss(t, ids, targets, -1));
        }
        INDArray embeddingPart = u.get("tok.weight").grad();
        INDArray headPart = u.get("head.weight").grad().transpose();
        INDArray both = tied.namedParameters().get("tok.weight").grad();
        assertThat(embeddingPart.amaxNumber().doubleValue()).isGreaterThan(1e-6);
        assertThat(headPart.amaxNumber().doubleValue()).isGreaterThan(1e-6);
        assertThat(both.sub(embeddingPart.add(headPart)).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @Test
    void namedParametersKeepNamesShapesAndTypes() {
        DecoderModel m = new DecoderModel(config(DecoderModel.Positions.LEARNED, true, DataType.FLOAT));
        Map<String, Parameter> ps = m.namedParameters();
        assertThat(ps.keySet()).startsWith("tok.weight", "pos.weight", "blocks.0.norm1.weight")
                .contains("blocks.1.attn.wq.weight", "blocks.1.mlp.down.bias", "norm.weight", "norm.bias")
                .doesNotContain("head.weight");
        assertThat(ps.get("tok.weight").value().shape()).containsExactly(11, 16);
        assertThat(ps.get("blocks.0.mlp.up.weight").value().shape()).containsExactly(16, 32);
        assertThat(ps.values()).allSatisfy(p -> {
            assertThat(p.value().dataType()).isEqualTo(DataType.FLOAT);
            assertThat(ps.get(p.name())).isSameAs(p);
        });
        long count = ps.values().stream().mapToLong(Parameter::size).sum();
        // tok 176 + pos 512 + 2 x (norms 64 + attn 4 x 272 + mlp 544 + 528) + final norm 32
        assertThat(count).isEqualTo(176 + 512 + 2 * (64 + 4 * 272 + 544 + 528) + 32);
    }

    @Test
    void cacheDecodingNeedsAnInferenceTapeAndLearnedPositionsHaveALimit() {
        DecoderModel m = new DecoderModel(config(DecoderModel.Positions.LEARNED, true, DataType.FLOAT));
        FullKvCache cache = m.newCache(1, 8);
        assertThatThrownBy(() -> m.forward(Tape.training(), randomIds(1, 1, 3, 11), cache))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inference tape");
        assertThatThrownBy(() -> m.forward(Tape.inference(), randomIds(1, 1, 33, 11), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLength 32");
    }
}
