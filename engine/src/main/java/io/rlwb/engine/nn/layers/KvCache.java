package io.rlwb.engine.nn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where causal self-attention keeps the keys and values of past positions during incremental decoding: the
 * seam for KV-cache policies (full, sliding window, quantised, merged across layers, heavy-hitter eviction).
 *
 * <p>One forward pass over {@code T} new positions calls {@link #append} once per layer, in layer order, and
 * then {@link #advance}{@code (T)}. A cache may store fewer positions than it has seen (eviction) or store them
 * lossily (quantisation); it returns the keys, values and their absolute positions that attention should read
 * now, and attention builds its causal mask from those positions, so what a cache drops is simply not seen.
 * Tensors are {@code [batch, heads, positions, headDim]} ND4J arrays and should stay ND4J arrays (the device).
 */
public interface KvCache {
    /** Absolute position of the next token to be fed: the number of positions consumed so far. */
    long position();

    /**
     * Stores the keys and values of {@code layer} for the new positions {@code position() .. position() + T - 1}
     * ({@code [B, H, T, D]}, keys after rotary embedding) and returns what that layer's attention reads, which
     * must include the new positions.
     */
    View append(int layer, INDArray keys, INDArray values);

    /**
     * {@link #append(int, INDArray, INDArray)} that also receives the layer's queries {@code [B, H, T, D]} (after
     * rotary embedding and already scaled by {@code 1 / sqrt(D)}), for caches that pick what to return by the
     * query (Double Sparsity, SentenceKV). Attention calls this one; the default ignores the queries.
     */
    default View append(int layer, INDArray queries, INDArray keys, INDArray values) {
        return append(layer, keys, values);
    }

    /**
     * The integer token ids {@code [B, T]} of the forward pass about to feed positions {@code position() ..
     * position() + T - 1}, for caches that segment by token (SentenceKV). The model calls this before the first
     * layer's {@link #append}; the default ignores them.
     */
    default void tokens(INDArray ids) {}

    /**
     * The attention probabilities {@code [B, H, T, S]} that {@code layer} just computed over the {@link View}
     * {@link #append} returned, for caches that score their keys (heavy hitters). The default ignores them.
     */
    default void observe(int layer, INDArray probs) {}

    /** Ends the forward pass that fed {@code t} new positions to every layer. */
    void advance(long t);

    /** Forgets everything: the next position is 0 again. */
    void reset();

    /**
     * Keys and values {@code [B, H, S, D]} for attention to read, and the absolute position of each of the
     * {@code S} entries ({@code [S]}, in the model's floating-point type). When a single new position is fed
     * ({@code T == 1}) every entry lies at or before it and attention needs no mask, so a cache whose heads read
     * different entries (top-k selection per head) may then give {@code [B, H, S]} positions; with {@code T > 1}
     * positions must be {@code [S]}.
     */
    record View(INDArray keys, INDArray values, INDArray positions) {}
}
