package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.layers.DecoderModel;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The geometry of a KV cache: layers, batch rows, heads, head size and the floating-point type keys and values
 * come in.
 */
public record KvShape(int layers, long batch, long heads, long headDim, DataType dtype) {
    public KvShape {
        if (layers <= 0 || batch <= 0 || heads <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("KV cache sizes must be positive: layers " + layers + ", batch "
                    + batch + ", heads " + heads + ", headDim " + headDim);
        }
    }

    /** The shape of a cache for {@code model} decoding {@code batch} rows. */
    public static KvShape of(DecoderModel model, long batch) {
        DecoderModel.Config c = model.config();
        return new KvShape(c.layers(), batch, c.heads(), c.width() / c.heads(), c.dtype());
    }

    /** Bytes a full fp32 cache holds for one position of one layer (keys and values). */
    public long fullBytesPerToken() {
        return 2L * batch * heads * headDim * Float.BYTES;
    }
}
