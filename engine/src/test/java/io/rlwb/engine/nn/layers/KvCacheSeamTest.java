package io.rlwb.engine.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.nn.autodiff.Tape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The {@link KvCache} seam as another cache implementation sees it: attention must mask by the positions the
 * cache returns (not assume they are 0..S-1 in order), and must hand every layer's probabilities to
 * {@link KvCache#observe}.
 */
class KvCacheSeamTest {
    /** Wraps a full cache and returns its entries in reverse order, positions reversed with them. */
    private static final class ReversingCache implements KvCache {
        final FullKvCache inner;
        final List<long[]> observed = new ArrayList<>();
        final List<INDArray> rowSums = new ArrayList<>();

        ReversingCache(FullKvCache inner) {
            this.inner = inner;
        }

        @Override public long position() { return inner.position(); }

        @Override
        public View append(int layer, INDArray keys, INDArray values) {
            View v = inner.append(layer, keys, values);
            long s = v.positions().length();
            long[] order = new long[(int) s];
            for (int i = 0; i < s; i++) order[i] = s - 1 - i;
            INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.indices(order),
                    NDArrayIndex.all()};
            return new View(v.keys().get(idx).dup(), v.values().get(idx).dup(),
                    v.positions().get(NDArrayIndex.indices(order)).dup());
        }

        @Override
        public void observe(int layer, INDArray probs) {
            observed.add(new long[] {layer, probs.size(0), probs.size(1), probs.size(2), probs.size(3)});
            rowSums.add(probs.sum(3));
        }

        @Override public void advance(long t) { inner.advance(t); }

        @Override public void reset() { inner.reset(); }
    }

    @Test
    void attentionMasksByTheCachesPositionsAndReportsItsProbabilities() {
        DecoderModel m = new DecoderModel(new DecoderModel.Config(9, 8, 2, 2, 16, 16, DecoderModel.Positions.ROTARY,
                true, Norm.Kind.RMS, FeedForward.Activation.SILU, 0, 8, DataType.DOUBLE));
        SplittableRandom r = new SplittableRandom(2);
        int[][] raw = new int[2][7];
        for (int[] row : raw) for (int i = 0; i < row.length; i++) row[i] = r.nextInt(9);
        INDArray ids = Nd4j.createFromArray(raw);
        INDArray full = m.forward(Tape.inference(), ids, null).value();

        ReversingCache cache = new ReversingCache(m.newCache(2, 16));
        int at = 0;
        for (int c : new int[] {4, 1, 2}) { // a chunk of 4 and one of 2 need the mask; a single token does not
            INDArray part = ids.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + c)).dup();
            INDArray logits = m.forward(Tape.inference(), part, cache).value();
            INDArray expected = full.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + c), NDArrayIndex.all());
            assertThat(logits.sub(expected).amaxNumber().doubleValue()).as("positions %d..%d", at, at + c - 1)
                    .isLessThan(1e-10);
            at += c;
        }
        // per forward pass, layers 0 and 1 in order; [B, H, T, S] with S = all positions so far
        assertThat(cache.observed).containsExactly(new long[] {0, 2, 2, 4, 4}, new long[] {1, 2, 2, 4, 4},
                new long[] {0, 2, 2, 1, 5}, new long[] {1, 2, 2, 1, 5}, new long[] {0, 2, 2, 2, 7},
                new long[] {1, 2, 2, 2, 7});
        for (INDArray s : cache.rowSums) {
            assertThat(s.sub(1).amaxNumber().doubleValue()).isLessThan(1e-12);
        }
    }
}
