package io.rlwb.engine.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.nn.autodiff.Tape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The additive parts of the {@link KvCache} seam: the model hands each forward pass's token ids to the cache
 * before the first layer appends, and attention passes its scaled, rotated queries to the query-aware append,
 * whose default is the plain append (so a cache that ignores them decodes exactly as before).
 */
class KvCacheQueryAndTokensTest {
    @Test
    void theCacheSeesTheIdsFirstAndEveryLayersQueries() {
        DecoderModel m = new DecoderModel(new DecoderModel.Config(9, 8, 2, 2, 16, 16, DecoderModel.Positions.ROTARY,
                true, Norm.Kind.LAYER, FeedForward.Activation.GELU_TANH, 0, 3, DataType.DOUBLE));
        FullKvCache inner = m.newCache(1, 8);
        List<String> calls = new ArrayList<>();
        List<INDArray> queries = new ArrayList<>();
        KvCache recording = new KvCache() {
            @Override public long position() { return inner.position(); }
            @Override public View append(int layer, INDArray k, INDArray v) { return inner.append(layer, k, v); }
            @Override
            public View append(int layer, INDArray q, INDArray k, INDArray v) {
                calls.add("append " + layer);
                queries.add(q.dup());
                return KvCache.super.append(layer, q, k, v);
            }
            @Override public void tokens(INDArray ids) { calls.add("tokens " + ids.size(1)); }
            @Override public void advance(long t) { inner.advance(t); }
            @Override public void reset() { inner.reset(); }
        };
        INDArray ids = Nd4j.createFromArray(new int[][] {{1, 4, 2}});
        INDArray got = m.forward(Tape.inference(), ids, recording).value();
        assertThat(calls).containsExactly("tokens 3", "append 0", "append 1");
        assertThat(queries.get(0).shape()).containsExactly(1, 2, 3, 4);
        // the default forwards to the plain append: same logits as the full cache itself
        INDArray expected = m.forward(Tape.inference(), ids, m.newCache(1, 8)).value();
        assertThat(got).isEqualTo(expected);
    }
}
