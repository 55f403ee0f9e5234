package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.engine.nn.layers.FeedForward;
import io.rlwb.engine.nn.layers.KvCache;
import io.rlwb.engine.nn.layers.Norm;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A small random decoder (4 layers, 2 heads of size 8, rotary) and token-by-token decoding helpers. */
final class KvFixtures {
    static final int VOCAB = 13;
    /** Token id that ends a sentence in SentenceKV tests. */
    static final int DOT = 0;

    private KvFixtures() {}

    static DecoderModel model(DataType dtype) {
        return new DecoderModel(new DecoderModel.Config(VOCAB, 16, 2, 4, 32, 64, DecoderModel.Positions.ROTARY,
                true, Norm.Kind.LAYER, FeedForward.Activation.GELU_TANH, 0, 7, dtype));
    }

    /** Random ids {@code [batch, t]} with a delimiter every few tokens. */
    static INDArray ids(long seed, int batch, int t) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] x = new int[batch][t];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < t; i++) x[b][i] = i % 5 == 4 ? DOT : 1 + r.nextInt(VOCAB - 1);
        }
        return Nd4j.createFromArray(x);
    }

    /** Logits {@code [B, T, V]} of a prefill of {@code prefill} positions, then one position at a time. */
    static INDArray decode(DecoderModel m, INDArray ids, int prefill, KvCache cache) {
        long t = ids.size(1);
        INDArray out = Nd4j.create(m.config().dtype(), ids.size(0), t, VOCAB);
        int at = 0;
        while (at < t) {
            int n = at == 0 ? prefill : 1;
            INDArray part = ids.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + n)).dup();
            INDArray logits = m.forward(Tape.inference(), part, cache).value();
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + n), NDArrayIndex.all()).assign(logits);
            at += n;
        }
        return out;
    }

    /** Logits of the whole sequence in one pass without a cache. */
    static INDArray reference(DecoderModel m, INDArray ids) {
        return m.forward(Tape.inference(), ids, null).value();
    }

    static double maxDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
