package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.autodiff.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** Top-k selection and per-head row gathers in ND4J ops (no host loops over elements). */
final class Gathers {
    private Gathers() {}

    /** Indices ({@link DataType#INT}) of the {@code k} largest entries along the last axis of {@code scores}. */
    static INDArray topK(INDArray scores, int k) {
        // built by hand: the TopK wrapper of 1.0.0-M2.1 passes its integer arguments in an order the op rejects
        DynamicCustomOp op = DynamicCustomOp.builder("top_k").addInputs(scores).addIntegerArguments(k)
                .addBooleanArguments(false).build();
        return Nd4j.exec(op)[1];
    }

    /**
     * Rows {@code index[b, h, j]} of {@code backing} ({@code [B, H, capacity, W]}, c-order), per batch row and
     * head: {@code [B, H, k, W]}. The indices become flat row numbers {@code (b H + h) capacity + index} and one
     * gather reads just those rows.
     */
    static INDArray rows(INDArray backing, INDArray index) {
        long b = backing.size(0);
        long h = backing.size(1);
        long cap = backing.size(2);
        long w = backing.size(3);
        long k = index.size(index.rank() - 1);
        INDArray idx = index.reshape(b, h, k).castTo(DataType.LONG);
        INDArray base = Nd4j.arange(0, b * h).castTo(DataType.LONG).muli(cap).reshape(b, h, 1);
        INDArray flat = Broadcast.add(idx, base).reshape(b * h * k);
        INDArray src = backing.isView() || backing.ordering() != 'c' ? backing.dup('c') : backing;
        INDArray out = Nd4j.exec(new Gather(src.reshape(b * h * cap, w), flat, 0))[0];
        return out.reshape(b, h, k, w);
    }

    /**
     * Raises the last entry along the last axis of {@code scores} ({@code [B, H, 1, n]}, written in place) above
     * any score, so a top-k always keeps the newest position: attention must see the position it decodes.
     */
    static INDArray newestFirst(INDArray scores) {
        long n = scores.size(3);
        scores.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(n - 1))
                .addi(1e30);
        return scores;
    }
}
