package io.rlwb.engine.nn.autodiff;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Cosine and sine tables of rotary position embedding for one head size: angle {@code p * base^(-2i/D)} for
 * position {@code p} and pair {@code i < D/2}. Tables grow (doubling) when a longer position range is asked for;
 * {@link #cos}/{@link #sin} return views of the rows for a range of positions.
 */
public final class Rotary {
    private final long headDim;
    private final double base;
    private final DataType dtype;
    private INDArray cos;
    private INDArray sin;

    /**
     * @param headDim even head size D
     * @param base 10000 in the original paper
     * @param initialLength positions tabulated up front
     */
    public Rotary(long headDim, double base, long initialLength, DataType dtype) {
        if (headDim <= 0 || headDim % 2 != 0) {
            throw new IllegalArgumentException("rotary embedding needs an even head size, got " + headDim);
        }
        this.headDim = headDim;
        this.base = base;
        this.dtype = dtype;
        build(Math.max(1, initialLength));
    }

    private void build(long length) {
        long h = headDim / 2;
        INDArray exponent = Nd4j.arange(0, h).castTo(DataType.DOUBLE).muli(-2.0 / headDim);
        INDArray invFreq = Transforms.pow(Nd4j.valueArrayOf(new long[] {h}, base, DataType.DOUBLE), exponent, false);
        INDArray pos = Nd4j.arange(0, length).castTo(DataType.DOUBLE).reshape(length, 1);
        INDArray angle = Broadcast.mul(pos, invFreq.reshape(1, h));
        cos = Transforms.cos(angle, true).castTo(dtype);
        sin = Transforms.sin(angle, true).castTo(dtype);
    }

    /** {@code [n, D/2]} cosines for positions {@code from .. from + n - 1}. */
    public INDArray cos(long from, long n) {
        ensure(from + n);
        return cos.get(NDArrayIndex.interval(from, from + n), NDArrayIndex.all());
    }

    /** {@code [n, D/2]} sines for positions {@code from .. from + n - 1}. */
    public INDArray sin(long from, long n) {
        ensure(from + n);
        return sin.get(NDArrayIndex.interval(from, from + n), NDArrayIndex.all());
    }

    private void ensure(long length) {
        if (length > cos.size(0)) {
            build(Math.max(length, 2 * cos.size(0)));
        }
    }
}
