package io.rlwb.plugins.llm.kv;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A growable ND4J array {@code [A, B, capacity, W]} whose first {@link #rows()} rows (axis 2) are in use: the
 * building block every kernel keeps its keys, values, codes, scales and other per-token state in. Rows are
 * appended at the end, dropped from the front, or kept by index; the array doubles when full.
 *
 * <p>{@link #bytes()} is what the used rows occupy, derived from the array itself (elements per row times the
 * element width of its data type), so a ledger built from it reports what is held, not a formula.
 * {@link #reservedBytes()} is the whole allocation including the growth slack.
 */
final class RowBuffer {
    private final long a;
    private final long b;
    private final long width;
    private final DataType dtype;
    private INDArray array;
    private long rows;

    RowBuffer(long a, long b, long width, DataType dtype, long initialCapacity) {
        this.a = a;
        this.b = b;
        this.width = width;
        this.dtype = dtype;
        array = Nd4j.create(dtype, a, b, Math.max(1, initialCapacity), width);
    }

    static INDArrayIndex[] range(long from, long to) {
        return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to),
                NDArrayIndex.all()};
    }

    long rows() {
        return rows;
    }

    DataType dataType() {
        return dtype;
    }

    /** Appends {@code x} ({@code [A, B, T, W]}, cast to this buffer's type). */
    void append(INDArray x) {
        long t = x.size(2);
        if (x.size(0) != a || x.size(1) != b || x.size(3) != width) {
            throw new IllegalArgumentException("rows of shape " + java.util.Arrays.toString(x.shape())
                    + " for a buffer of [" + a + ", " + b + ", *, " + width + "]");
        }
        if (rows + t > array.size(2)) {
            INDArray bigger = Nd4j.create(dtype, a, b, Math.max(rows + t, 2 * array.size(2)), width);
            if (rows > 0) {
                bigger.get(range(0, rows)).assign(array.get(range(0, rows)));
            }
            array = bigger;
        }
        array.get(range(rows, rows + t)).assign(x.dataType() == dtype ? x : x.castTo(dtype));
        rows += t;
    }

    /** The used rows {@code [A, B, rows, W]}: a view, valid until the next change. */
    INDArray view() {
        return array.get(range(0, rows));
    }

    /** Rows {@code from .. to - 1}: a view. */
    INDArray view(long from, long to) {
        return array.get(range(from, to));
    }

    /** The whole backing array {@code [A, B, capacity, W]} (rows past {@link #rows()} are unused). */
    INDArray backing() {
        return array;
    }

    /** Forgets the first {@code n} rows. */
    void dropFirst(long n) {
        if (n <= 0) return;
        if (n >= rows) {
            rows = 0;
            return;
        }
        INDArray rest = array.get(range(n, rows)).dup();
        array.get(range(0, rows - n)).assign(rest);
        rows -= n;
    }

    /** Keeps only the rows {@code keep} (ascending indices), in that order. */
    void retain(long[] keep) {
        if (keep.length == 0) {
            rows = 0;
            return;
        }
        INDArray kept = array.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.indices(keep),
                NDArrayIndex.all()).dup();
        array.get(range(0, keep.length)).assign(kept);
        rows = keep.length;
    }

    void clear() {
        rows = 0;
    }

    /** Bytes of one row, from the array: elements per row times the element width. */
    long rowBytes() {
        return array.length() / array.size(2) * array.dataType().width();
    }

    /** Bytes the used rows hold. */
    long bytes() {
        return rows * rowBytes();
    }

    /** Bytes of the whole allocation. */
    long reservedBytes() {
        return array.length() * array.dataType().width();
    }
}
