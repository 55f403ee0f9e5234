package io.rlwb.engine.nn.layers;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.Masks;
import io.rlwb.engine.nn.autodiff.Ops;
import io.rlwb.engine.nn.autodiff.Rotary;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Multi-head causal self-attention: {@code softmax(Q K^T / sqrt(D) + causal mask) V} per head, heads merged and
 * projected. Q, K, V and the output projection are {@link Linear}s with biases ({@code <prefix>.wq} ... {@code
 * <prefix>.wo}); with a {@link Rotary} table, queries and keys are rotated by their absolute positions.
 *
 * <p>Without a cache the layer attends within the {@code T} positions it is given (training, a full forward
 * pass). With a {@link KvCache} (decoding, on an inference tape) it appends its new keys and values to the cache
 * and attends over what the cache returns, masking by the cached keys' absolute positions.
 */
public final class CausalSelfAttention implements Module {
    private final int heads;
    private final int headDim;
    private final Rotary rotary;
    private final Linear wq;
    private final Linear wk;
    private final Linear wv;
    private final Linear wo;
    private final Map<String, Parameter> params;
    private INDArray lastMask; // causal mask of the last uncached length, reused while T repeats

    /**
     * @param rotary rotary tables for head size {@code width / heads}, or null for none (learned positions)
     * @param projStd init scale of the output projection
     */
    public CausalSelfAttention(String prefix, int width, int heads, Rotary rotary, double std, double projStd,
            SplittableRandom rng, DataType dtype) {
        if (heads <= 0 || width % heads != 0) {
            throw new IllegalArgumentException(prefix + ": width " + width + " is not divisible by " + heads
                    + " heads");
        }
        this.heads = heads;
        this.headDim = width / heads;
        this.rotary = rotary;
        wq = new Linear(Params.join(prefix, "wq"), width, width, true, std, rng, dtype);
        wk = new Linear(Params.join(prefix, "wk"), width, width, true, std, rng, dtype);
        wv = new Linear(Params.join(prefix, "wv"), width, width, true, std, rng, dtype);
        wo = new Linear(Params.join(prefix, "wo"), width, width, true, projStd, rng, dtype);
        params = new Params().addAll(wq).addAll(wk).addAll(wv).addAll(wo).build();
    }

    /**
     * @param x {@code [B, T, C]}, the rows at absolute positions {@code offset .. offset + T - 1}
     * @param cache null for a self-contained pass; otherwise the cache, whose {@link KvCache#position()} must
     *     equal {@code offset}
     * @param layer this layer's index in the cache
     */
    public Tensor forward(Tape tape, Tensor x, KvCache cache, int layer, long offset) {
        long t = x.size(1);
        // the 1/sqrt(D) of the scores applied to the queries: [B, H, T, D] is smaller than [B, H, T, S]
        Tensor q = Ops.scale(Ops.splitHeads(wq.forward(tape, x), heads), 1.0 / Math.sqrt(headDim));
        Tensor k = Ops.splitHeads(wk.forward(tape, x), heads);
        Tensor v = Ops.splitHeads(wv.forward(tape, x), heads);
        if (rotary != null) {
            INDArray cos = rotary.cos(offset, t);
            INDArray sin = rotary.sin(offset, t);
            q = Ops.rope(q, cos, sin);
            k = Ops.rope(k, cos, sin);
        }
        INDArray mask;
        if (cache == null) {
            mask = causal(t, x.dataType());
        } else {
            if (tape.recording()) {
                throw new IllegalStateException("attention with a KV cache runs on an inference tape (no gradients "
                        + "flow through cached keys)");
            }
            KvCache.View view = cache.append(layer, q.value(), k.value(), v.value());
            k = tape.constant(view.keys());
            v = tape.constant(view.values());
            // every cached key lies at or before position() + T - 1, so a single new query sees all of them
            if (t > 1 && view.positions().rank() != 1) {
                throw new IllegalStateException("KV cache layer " + layer + " returned per-head positions "
                        + java.util.Arrays.toString(view.positions().shape()) + " for " + t
                        + " new positions; per-head entries are allowed only when decoding one position");
            }
            mask = t == 1 ? null : Masks.fromPositions(Masks.positions(offset, t, x.dataType()), view.positions());
        }
        Tensor scores = Ops.matmul(q, k, false, true);
        Tensor probs = Ops.softmax(scores, -1, mask);
        if (cache != null) {
            cache.observe(layer, probs.value());
        }
        return wo.forward(tape, Ops.mergeHeads(Ops.matmul(probs, v)));
    }

    private INDArray causal(long t, DataType dtype) {
        if (lastMask == null || lastMask.size(0) != t || lastMask.dataType() != dtype) {
            lastMask = Masks.causal(t, t, 0, dtype);
        }
        return lastMask;
    }

    public int heads() { return heads; }

    public int headDim() { return headDim; }

    @Override
    public Map<String, Parameter> namedParameters() { return params; }
}
