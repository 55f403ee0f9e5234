package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.autodiff.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.factory.Nd4j;

/** Top-k selection and per-head row gathers in ND4J ops (no host loops over elements). */
final class Gathers {
    private Gathers() {}

    /**
     * Indices ({@link DataType#LONG}, ascending) of the {@code k} largest entries along the last axis of {@code
     * scores}, shape {@code [..., k]}. ND4J 1.0.0-M2.1's {@code top_k} op returns wrong and repeated indices
     * (with ties, and now and then without), so this uses two sorts of values instead: ties are first broken
     * (in double precision, by a relative {@code 1e-10} per position, far below the float resolution, plus an
     * absolute {@code 1e-200} per position for zeros), the {@code k}-th largest value of each row marks exactly
     * {@code k} entries, and a second sort of {@code mask * (2n - i)} lists the marked positions {@code i} in
     * ascending order.
     */
    static INDArray topK(INDArray scores, int k) {
        long[] shape = scores.shape();
        long n = shape[shape.length - 1];
        long rows = scores.length() / n;
        INDArray s = scores.castTo(DataType.DOUBLE).reshape(rows, n);
        INDArray r = Nd4j.arange(0, n).castTo(DataType.DOUBLE).reshape(1, n);
        INDArray u = s.mulRowVector(r.mul(1e-10 / n).addi(1)).addiRowVector(r.mul(1e-200));
        INDArray kth = Nd4j.sort(u.dup(), 1, false).get(NDArrayIndex.all(), NDArrayIndex.interval(k - 1, k));
        INDArray mask = u.subColumnVector(kth).gte(0).castTo(DataType.DOUBLE);
        INDArray code = mask.muliRowVector(r.rsub(2.0 * n));
        INDArray first = Nd4j.sort(code, 1, false).get(NDArrayIndex.all(), NDArrayIndex.interval(0, k));
        long[] out = shape.clone();
        out[out.length - 1] = k;
        return first.rsub(2.0 * n).castTo(DataType.LONG).reshape(out);
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
