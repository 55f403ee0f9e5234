package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.telemetry.KvCacheSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * What a kernel holds after {@code position} positions: per layer the bytes of keys, values and metadata (from
 * the arrays it keeps), the bytes a full fp32 cache would hold for the same positions, the tokens each head
 * retains, the state of every position, and the bytes the last single-token decode step read.
 *
 * @param kernel the kernel's name
 * @param position positions consumed
 */
public record KvLedger(String kernel, long position, List<Layer> layers) {
    public KvLedger {
        layers = List.copyOf(layers);
    }

    /**
     * One layer.
     *
     * @param bytesRead bytes the layer's last single-token decode step read to build its attention input (0
     *     before the first such step)
     * @param reservedBytes bytes allocated including growth slack (not part of {@link #bytes()})
     * @param tokenStates per position {@code 0 .. position - 1}, a {@link KvCacheSnapshot} state
     */
    public record Layer(int layer, long keyBytes, long valueBytes, long metaBytes, long fullBytes,
            int[] tokensPerHead, byte[] tokenStates, long bytesRead, long reservedBytes) {
        public long bytes() {
            return keyBytes + valueBytes + metaBytes;
        }
    }

    /** Bytes held over all layers. */
    public long bytes() {
        return layers.stream().mapToLong(Layer::bytes).sum();
    }

    public long keyBytes() {
        return layers.stream().mapToLong(Layer::keyBytes).sum();
    }

    public long valueBytes() {
        return layers.stream().mapToLong(Layer::valueBytes).sum();
    }

    public long metaBytes() {
        return layers.stream().mapToLong(Layer::metaBytes).sum();
    }

    /** Bytes a full fp32 cache would hold for the same positions. */
    public long bytesFull() {
        return layers.stream().mapToLong(Layer::fullBytes).sum();
    }

    /** Bytes the last decode step read over all layers. */
    public long bytesReadPerToken() {
        return layers.stream().mapToLong(Layer::bytesRead).sum();
    }

    /** Full bytes over held bytes (NaN when nothing is held). */
    public double compressionRatio() {
        long b = bytes();
        return b == 0 ? Double.NaN : bytesFull() / (double) b;
    }

    /** The telemetry record of this ledger, as the KV view draws it. */
    public KvCacheSnapshot snapshot(String kernelId, int decodeStep, Double top1Agreement, Double kl) {
        List<KvCacheSnapshot.Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            out.add(new KvCacheSnapshot.Layer(l.layer(), l.keyBytes(), l.valueBytes(), l.metaBytes(), l.fullBytes(),
                    l.tokensPerHead().clone(), l.tokenStates() == null ? null : l.tokenStates().clone()));
        }
        return new KvCacheSnapshot(KvCacheSnapshot.VERSION, kernelId, decodeStep, out, top1Agreement, kl);
    }
}
