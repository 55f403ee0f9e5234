package io.rlwb.engine.nn.layers;

import io.rlwb.engine.nn.autodiff.Masks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The plain KV cache: every position of every layer, in preallocated {@code [B, H, capacity, D]} arrays that
 * double when full. Reads are views of the first {@code position() + T} rows, so attention over the cache copies
 * nothing.
 */
public final class FullKvCache implements KvCache {
    private final long batch;
    private final long heads;
    private final long headDim;
    private final DataType dtype;
    private final INDArray[] keys;
    private final INDArray[] values;
    private INDArray positions;
    private long capacity;
    private long position;

    public FullKvCache(int layers, long batch, long heads, long headDim, long initialCapacity, DataType dtype) {
        if (layers <= 0 || batch <= 0 || heads <= 0 || headDim <= 0 || initialCapacity <= 0) {
            throw new IllegalArgumentException("KV cache sizes must be positive: layers " + layers + ", batch "
                    + batch + ", heads " + heads + ", headDim " + headDim + ", capacity " + initialCapacity);
        }
        this.batch = batch;
        this.heads = heads;
        this.headDim = headDim;
        this.dtype = dtype;
        keys = new INDArray[layers];
        values = new INDArray[layers];
        allocate(initialCapacity);
    }

    private void allocate(long cap) {
        for (int l = 0; l < keys.length; l++) {
            INDArray k = Nd4j.create(dtype, batch, heads, cap, headDim);
            INDArray v = Nd4j.create(dtype, batch, heads, cap, headDim);
            if (keys[l] != null && position > 0) {
                k.get(rows(0, position)).assign(keys[l].get(rows(0, position)));
                v.get(rows(0, position)).assign(values[l].get(rows(0, position)));
            }
            keys[l] = k;
            values[l] = v;
        }
        positions = Masks.positions(0, cap, dtype);
        capacity = cap;
    }

    private static INDArrayIndex[] rows(long from, long to) {
        return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to),
                NDArrayIndex.all()};
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public View append(int layer, INDArray k, INDArray v) {
        long t = k.size(2);
        if (k.size(0) != batch || k.size(1) != heads || k.size(3) != headDim) {
            throw new IllegalArgumentException("KV cache layer " + layer + ": keys of shape "
                    + java.util.Arrays.toString(k.shape()) + " for a cache of batch " + batch + ", heads " + heads
                    + ", headDim " + headDim);
        }
        if (position + t > capacity) {
            allocate(Math.max(position + t, 2 * capacity));
        }
        keys[layer].get(rows(position, position + t)).assign(k);
        values[layer].get(rows(position, position + t)).assign(v);
        long s = position + t;
        return new View(keys[layer].get(rows(0, s)), values[layer].get(rows(0, s)),
                positions.get(NDArrayIndex.interval(0, s)));
    }

    @Override
    public void advance(long t) {
        position += t;
    }

    @Override
    public void reset() {
        position = 0;
    }

    /** Positions the arrays hold before they grow. */
    public long capacity() {
        return capacity;
    }
}
