package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.autodiff.Masks;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shape checks, the position counter and the per-layer bytes-read record every kernel shares. */
abstract class AbstractKernel implements KvKernel {
    protected final KvShape shape;
    protected final long[] bytesRead;
    protected long position;

    AbstractKernel(KvShape shape) {
        this.shape = shape;
        bytesRead = new long[shape.layers()];
    }

    @Override
    public KvShape shape() {
        return shape;
    }

    @Override
    public long position() {
        return position;
    }

    /** Checks {@code x} is {@code [B, H, T, D]} for this cache and returns {@code T}. */
    protected long check(int layer, INDArray x) {
        if (layer < 0 || layer >= shape.layers()) {
            throw new IllegalArgumentException(name() + ": layer " + layer + " outside 0.." + (shape.layers() - 1));
        }
        if (x.rank() != 4 || x.size(0) != shape.batch() || x.size(1) != shape.heads()
                || x.size(3) != shape.headDim()) {
            throw new IllegalArgumentException(name() + " layer " + layer + ": keys of shape "
                    + Arrays.toString(x.shape()) + " for a cache of batch " + shape.batch() + ", heads "
                    + shape.heads() + ", headDim " + shape.headDim());
        }
        return x.size(2);
    }

    /** {@code [n]} positions {@code from ..} in the model's type. */
    protected INDArray positions(long from, long n) {
        return Masks.positions(from, n, shape.dtype());
    }

    protected int[] perHead(long tokens) {
        int[] t = new int[(int) shape.heads()];
        Arrays.fill(t, (int) tokens);
        return t;
    }

    protected long fullBytes() {
        return shape.fullBytesPerToken() * position;
    }

    @Override
    public void advance(long t) {
        position += t;
    }

    @Override
    public void reset() {
        position = 0;
        Arrays.fill(bytesRead, 0);
    }
}
