package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.autodiff.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Asymmetric uniform quantisation to {@code bits} bits and the packing of codes into bytes, all in ND4J ops.
 *
 * <p>Over the elements a group shares, {@code scale = (max - min) / (2^bits - 1)} and {@code code = round((x -
 * min) / scale)} in {@code 0 .. 2^bits - 1}; dequantised {@code x' = code * scale + min}, so {@code |x - x'| <=
 * scale / 2}. Codes pack {@code 8 / bits} to a byte, the first code in the high bits: packing is a weighted sum
 * over the codes of a byte and unpacking is {@code floor(p / 2^(bits j)) mod 2^bits}, both exact in floating
 * point for integers below 256, then a cast to and from {@link DataType#UBYTE}.
 */
final class Quantizer {
    private Quantizer() {}

    /**
     * Quantises {@code x} with one scale and zero point per group of elements along {@code axis} (reduced,
     * kept as size 1). Returns {codes (integers in {@code x}'s type), scale, min}. With a {@code scaleType}
     * (e.g. {@link DataType#HALF}) the scale and zero point are rounded to it first and the codes computed from
     * the rounded values, so dequantising with what is stored adds only that rounding to the error.
     */
    static INDArray[] quantise(INDArray x, int axis, int bits, DataType scaleType) {
        double levels = (1 << bits) - 1;
        INDArray min = x.min(true, axis);
        INDArray max = x.max(true, axis);
        // a constant group has range 0: any positive scale maps it to code 0 and back to min exactly
        INDArray scale = Transforms.max(max.sub(min).divi(levels), Float.MIN_NORMAL, false);
        if (scaleType != null && scaleType != x.dataType()) {
            scale = Transforms.max(scale.castTo(scaleType).castTo(x.dataType()), 6.1e-5, false); // HALF's smallest normal
            min = min.castTo(scaleType).castTo(x.dataType());
        }
        INDArray codes = Transforms.round(Broadcast.div(Broadcast.sub(x, min), scale), false);
        codes = Transforms.min(Transforms.max(codes, 0, false), levels, false);
        return new INDArray[] {codes, scale, min};
    }

    /** {@link #quantise(INDArray, int, int, DataType)} with scales in {@code x}'s type. */
    static INDArray[] quantise(INDArray x, int axis, int bits) {
        return quantise(x, axis, bits, null);
    }

    /** {@code codes * scale + min}, broadcasting the scale and zero point over their groups. */
    static INDArray dequantise(INDArray codes, INDArray scale, INDArray min) {
        return Broadcast.add(Broadcast.mul(codes, scale), min);
    }

    /** Codes per byte. */
    static int perByte(int bits) {
        return 8 / bits;
    }

    private static INDArray weights(int bits, DataType dtype) {
        int per = perByte(bits);
        double[] w = new double[per];
        for (int i = 0; i < per; i++) w[i] = 1 << (bits * (per - 1 - i));
        return Nd4j.createFromArray(w).castTo(dtype);
    }

    /** Packs integer codes {@code [..., n]} ({@code n} a multiple of {@code 8 / bits}) into bytes {@code [..., n * bits / 8]}. */
    static INDArray pack(INDArray codes, int bits) {
        int per = perByte(bits);
        long[] s = codes.shape();
        long n = s[s.length - 1];
        long[] grouped = java.util.Arrays.copyOf(s, s.length + 1);
        grouped[s.length - 1] = n / per;
        grouped[s.length] = per;
        INDArray r = codes.dup('c').reshape(grouped);
        INDArray bytes = Broadcast.mul(r, weights(bits, codes.dataType())).sum(false, s.length);
        return bytes.castTo(DataType.UBYTE);
    }

    /** Unpacks bytes {@code [..., m]} into integer codes {@code [..., m * 8 / bits]} of type {@code dtype}. */
    static INDArray unpack(INDArray packed, int bits, DataType dtype) {
        int per = perByte(bits);
        long[] s = packed.shape();
        long[] col = java.util.Arrays.copyOf(s, s.length + 1);
        col[s.length] = 1;
        INDArray p = packed.castTo(dtype).reshape(col);
        INDArray q = Transforms.floor(Broadcast.div(p, weights(bits, dtype)), false);
        double levels = 1 << bits;
        INDArray codes = q.sub(Transforms.floor(q.div(levels), false).muli(levels));
        long[] out = s.clone();
        out[s.length - 1] = s[s.length - 1] * per;
        return codes.reshape(out);
    }
}
