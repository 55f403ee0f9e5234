package io.rlwb.plugins.distributional;

import io.rlwb.engine.nn.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link ReplayBuffer}'s storage on the device path (ADR 0037): one FLOAT array {@code [capacity, width]} whose row
 * is a transition {@code obs | action | reward | next obs | terminated (0 or 1)}. An environment step's
 * transitions go in by one named write ({@link HostArrays#fromFloats}; two when the ring wraps), assigned into
 * their rows by an ND4J op; a minibatch is gathered by row index on the device ({@link Gather}), the indices one
 * named write ({@link HostArrays#fromInts}). Nothing is read back in training; checkpoints read and write the
 * stored rows once, by name. The host path keeps {@link ReplayBuffer}'s Java arrays.
 */
final class DeviceReplayStorage {
    private final int capacity;
    private final int od;
    private final int ad;
    private final int width;
    private final INDArray rows;

    DeviceReplayStorage(int capacity, int obsDim, int actDim) {
        this.capacity = capacity;
        this.od = obsDim;
        this.ad = actDim;
        this.width = 2 * obsDim + actDim + 2;
        this.rows = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, capacity, width);
    }

    /** Floats per stored transition. */
    int width() {
        return width;
    }

    /** Puts one transition into row {@code k} of {@code staged} ({@code width} floats a row), as the device row holds it. */
    void stage(float[] staged, int k, float[] obs, float[] action, float reward, float[] next, boolean terminated) {
        int o = k * width;
        System.arraycopy(obs, 0, staged, o, od);
        System.arraycopy(action, 0, staged, o + od, ad);
        staged[o + od + ad] = reward;
        System.arraycopy(next, 0, staged, o + od + ad + 1, od);
        staged[o + width - 1] = terminated ? 1f : 0f;
    }

    /**
     * Writes the first {@code k} staged rows at rows {@code pos, pos + 1, ...} (mod capacity): one named write of the
     * block, or two when it wraps past the end (more only when {@code k} exceeds the capacity: later rows then
     * overwrite earlier ones, as on the host path).
     */
    void write(int pos, float[] staged, int k) {
        int at = pos;
        for (int done = 0; done < k; ) {
            int count = Math.min(k - done, capacity - at);
            put(at, staged, done, count);
            done += count;
            at = (at + count) % capacity;
        }
    }

    private void put(int at, float[] staged, int fromRow, int count) {
        float[] block = fromRow == 0 && count * width == staged.length ? staged : java.util.Arrays.copyOfRange(staged, fromRow * width, (fromRow + count) * width);
        rows.get(NDArrayIndex.interval(at, at + count), NDArrayIndex.all())
                .assign(HostArrays.fromFloats(block, count, width));
    }

    /** The rows {@code idx} (drawn in Java) as a minibatch, gathered and split into columns on the device. */
    ReplayBuffer.DeviceBatch gather(int[] idx) {
        INDArray g = Nd4j.exec(new Gather(rows, HostArrays.fromInts(idx), 0))[0];
        int n = idx.length;
        return new ReplayBuffer.DeviceBatch(n, od, ad, cols(g, 0, od), cols(g, od, od + ad), cols(g, od + ad, od + ad + 1),
                cols(g, od + ad + 1, 2 * od + ad + 1), cols(g, width - 1, width));
    }

    private static INDArray cols(INDArray a, int from, int to) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c');
    }

    /** The first {@code size} rows, row-major (a checkpoint's one named read). */
    float[] read(int size) {
        float[] out = new float[size * width];
        if (size > 0) HostArrays.readFloats(rows.get(NDArrayIndex.interval(0, size), NDArrayIndex.all()).dup('c'), out);
        return out;
    }

    /** Overwrites the first {@code size} rows with {@code data} (row-major; a checkpoint's one named write). */
    void load(float[] data, int size) {
        if (size > 0) {
            rows.get(NDArrayIndex.interval(0, size), NDArrayIndex.all()).assign(HostArrays.fromFloats(data, size, width));
        }
    }
}
