package io.rlwb.plugins.llm.kv;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a kernel keeps the rows (token states) of keys and values, per slot (usually one slot per layer): the
 * inner store a kernel composes over. {@link DenseStore} keeps them in the model's type, {@link KiviStore}
 * quantised. Rows are appended at the end and read back whole, oldest first.
 */
public interface KvStore {
    /** Appends keys and values {@code [B, H, T, D]} to {@code slot}. */
    void append(int slot, INDArray keys, INDArray values);

    /** Keys and values {@code [B, H, rows, D]} of {@code slot}, oldest first (dequantised where stored lossily). */
    INDArray[] read(int slot);

    /** Rows {@code slot} holds. */
    long rows(int slot);

    /**
     * Drops up to {@code n} of the oldest rows of {@code slot} and returns how many it dropped (a store that
     * keeps rows in groups drops whole groups only).
     */
    long dropOldest(int slot, long n);

    /** Bytes held by {@code slot}: keys, values, metadata (scales, zero points). */
    Bytes bytes(int slot);

    /** Per row of {@code slot}, oldest first: {@code KvCacheSnapshot.RETAINED} or {@code QUANTISED}. */
    byte[] states(int slot);

    /** Bytes the store allocated for {@code slot}, including growth slack. */
    long reservedBytes(int slot);

    /** Forgets every row. */
    void reset();

    /** A short description for ledgers and reports, e.g. {@code fp32} or {@code kivi-4bit}. */
    String describe();

    /** Bytes of keys, values and metadata. */
    record Bytes(long keys, long values, long meta) {
        public static final Bytes ZERO = new Bytes(0, 0, 0);

        public Bytes plus(Bytes o) {
            return new Bytes(keys + o.keys, values + o.values, meta + o.meta);
        }

        public long total() {
            return keys + values + meta;
        }
    }

    /** Makes a store of {@code slots} slots for a cache of {@code shape}. */
    @FunctionalInterface
    interface Factory {
        KvStore create(int slots, KvShape shape);
    }
}
