package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.telemetry.KvCacheSnapshot;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Keys and values kept as they come, in the model's floating-point type: the store of the full cache. */
public final class DenseStore implements KvStore {
    private final RowBuffer[] keys;
    private final RowBuffer[] values;

    public DenseStore(int slots, KvShape s) {
        keys = new RowBuffer[slots];
        values = new RowBuffer[slots];
        for (int i = 0; i < slots; i++) {
            keys[i] = new RowBuffer(s.batch(), s.heads(), s.headDim(), s.dtype(), 16);
            values[i] = new RowBuffer(s.batch(), s.heads(), s.headDim(), s.dtype(), 16);
        }
    }

    /** The factory of dense stores. */
    public static KvStore.Factory factory() {
        return DenseStore::new;
    }

    @Override
    public void append(int slot, INDArray k, INDArray v) {
        keys[slot].append(k);
        values[slot].append(v);
    }

    @Override
    public INDArray[] read(int slot) {
        return new INDArray[] {keys[slot].view(), values[slot].view()};
    }

    /** The backing arrays {@code [B, H, capacity, D]} of keys and values, for gathers by flat row index. */
    INDArray[] backing(int slot) {
        return new INDArray[] {keys[slot].backing(), values[slot].backing()};
    }

    /** Bytes of one row of keys plus one of values. */
    long rowBytes(int slot) {
        return keys[slot].rowBytes() + values[slot].rowBytes();
    }

    /** Keeps only rows {@code keep} of {@code slot} (ascending). */
    void retain(int slot, long[] keep) {
        keys[slot].retain(keep);
        values[slot].retain(keep);
    }

    @Override
    public long rows(int slot) {
        return keys[slot].rows();
    }

    @Override
    public long dropOldest(int slot, long n) {
        long d = Math.min(Math.max(n, 0), rows(slot));
        keys[slot].dropFirst(d);
        values[slot].dropFirst(d);
        return d;
    }

    @Override
    public Bytes bytes(int slot) {
        return new Bytes(keys[slot].bytes(), values[slot].bytes(), 0);
    }

    @Override
    public byte[] states(int slot) {
        byte[] s = new byte[(int) rows(slot)];
        Arrays.fill(s, KvCacheSnapshot.RETAINED);
        return s;
    }

    @Override
    public long reservedBytes(int slot) {
        return keys[slot].reservedBytes() + values[slot].reservedBytes();
    }

    @Override
    public void reset() {
        for (int i = 0; i < keys.length; i++) {
            keys[i].clear();
            values[i].clear();
        }
    }

    @Override
    public String describe() {
        return keys.length == 0 ? "dense" : keys[0].dataType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
