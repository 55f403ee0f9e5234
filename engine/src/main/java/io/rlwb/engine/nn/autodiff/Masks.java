package io.rlwb.engine.nn.autodiff;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Additive attention masks for {@link Ops#softmax}: 0 where a query may attend a key, {@link Ops#MASKED} where
 * not. Built with ND4J ops from position vectors, so a KV cache that keeps an arbitrary subset of past keys
 * (sliding window, eviction) gets a correct causal mask from the positions it kept.
 */
public final class Masks {
    private Masks() {}

    /**
     * Causal mask {@code [tq, tk]} for queries at absolute positions {@code offset .. offset + tq - 1} over keys
     * at positions {@code 0 .. tk - 1}: query {@code i} sees key {@code j} iff {@code j <= offset + i}.
     */
    public static INDArray causal(long tq, long tk, long offset, DataType dtype) {
        return fromPositions(positions(offset, tq, dtype), positions(0, tk, dtype));
    }

    /**
     * Causal mask {@code [tq, tk]} from the absolute positions of the queries ({@code [tq]}) and of the keys
     * ({@code [tk]}, any order): a query sees every key at its own position or before.
     */
    public static INDArray fromPositions(INDArray queryPositions, INDArray keyPositions) {
        DataType dt = queryPositions.dataType();
        long tq = queryPositions.length();
        long tk = keyPositions.length();
        INDArray diff = Broadcast.sub(queryPositions.reshape(tq, 1), keyPositions.castTo(dt).reshape(1, tk));
        return diff.gte(0).castTo(dt).subi(1).muli(-Ops.MASKED);
    }

    /** {@code [n]} positions {@code from, from + 1, ...} in {@code dtype}. */
    public static INDArray positions(long from, long n, DataType dtype) {
        return Nd4j.arange(from, from + n).castTo(dtype).reshape(n);
    }
}
