package io.rlwb.engine.telemetry;

import java.util.List;

/**
 * Memory of an attention kernel's KV cache at one decode step (telemetry kind {@value #KIND}).
 *
 * @param version schema version ({@value #VERSION})
 * @param kernel id of the kernel node
 * @param decodeStep decode step (tokens generated so far)
 * @param layers one entry per layer
 * @param top1Agreement next-token top-1 agreement with the full cache on the same inputs, or null
 * @param kl mean KL(full || this) of next-token distributions, or null
 */
public record KvCacheSnapshot(int version, String kernel, int decodeStep, List<Layer> layers, Double top1Agreement,
        Double kl) {
    public static final String KIND = "kv";
    public static final int VERSION = 1;

    /** Token states in {@link Layer#tokenStates}. */
    public static final byte EVICTED = 0, RETAINED = 1, MERGED = 2, QUANTISED = 3;

    public KvCacheSnapshot {
        layers = List.copyOf(layers);
    }

    public long bytes() {
        long b = 0;
        for (Layer l : layers) b += l.keyBytes + l.valueBytes + l.metaBytes;
        return b;
    }

    public long bytesFull() {
        long b = 0;
        for (Layer l : layers) b += l.fullBytes;
        return b;
    }

    /**
     * One layer.
     *
     * @param layer layer index
     * @param keyBytes bytes held for keys
     * @param valueBytes bytes held for values
     * @param metaBytes bytes of metadata (scales, zero points, label caches, norms)
     * @param fullBytes bytes a full fp32 cache would hold for the same tokens
     * @param tokensPerHead tokens retained per head
     * @param tokenStates per position, one of {@link #EVICTED}, {@link #RETAINED}, {@link #MERGED},
     *     {@link #QUANTISED} (may be null when the kernel does not track positions)
     */
    public record Layer(int layer, long keyBytes, long valueBytes, long metaBytes, long fullBytes, int[] tokensPerHead,
            byte[] tokenStates) {}
}
