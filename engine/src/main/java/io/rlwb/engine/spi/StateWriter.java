package io.rlwb.engine.spi;

import io.rlwb.engine.nn.NamedTensors;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a node writes its state for a checkpoint: tensors (stored in the checkpoint's {@code state.npz}, exact
 * bits, their own data type) and scalars (stored in its {@code manifest.json}). Names are the node's own; the
 * runtime puts the node id in front. A name may be given once.
 */
public interface StateWriter {
    /** Stores a copy of {@code value} (taken now, so the live array may change afterwards). */
    void tensor(String name, INDArray value);

    /** Stores an integer scalar. */
    void value(String name, long value);

    /** Stores a floating-point scalar (written so that it reads back bit for bit, NaN and infinities included). */
    void value(String name, double value);

    /** Stores a string (null allowed). */
    void value(String name, String value);

    /** Stores every tensor of {@code module} as {@code prefix.name}. */
    default void tensors(String prefix, NamedTensors module) {
        tensors(prefix, module.tensors());
    }

    /** Stores every entry of {@code tensors} as {@code prefix.name}. */
    default void tensors(String prefix, Map<String, INDArray> tensors) {
        tensors.forEach((k, v) -> tensor(prefix + "." + k, v));
    }

    default void floats(String name, float[] values) {
        tensor(name, Nd4j.createFromArray(values.clone()));
    }

    default void doubles(String name, double[] values) {
        tensor(name, Nd4j.createFromArray(values.clone()));
    }

    default void longs(String name, long[] values) {
        tensor(name, Nd4j.createFromArray(values.clone()));
    }

    default void ints(String name, int[] values) {
        tensor(name, Nd4j.createFromArray(values.clone()));
    }

    /** Rows of equal length as one matrix. */
    default void floatRows(String name, float[][] rows) {
        int w = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * w, w);
        tensor(name, Nd4j.create(flat, new long[] {rows.length, w}, 'c').castTo(DataType.FLOAT));
    }

    /** Rows of equal length as one matrix. */
    default void doubleRows(String name, double[][] rows) {
        int w = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * w];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * w, w);
        tensor(name, Nd4j.create(flat, new long[] {rows.length, w}, 'c'));
    }

    /** A writer that puts {@code prefix.} before every name (for a part of a node: an env of a vector env). */
    default StateWriter under(String prefix) {
        StateWriter outer = this;
        return new StateWriter() {
            @Override public void tensor(String name, INDArray value) { outer.tensor(prefix + "." + name, value); }
            @Override public void value(String name, long value) { outer.value(prefix + "." + name, value); }
            @Override public void value(String name, double value) { outer.value(prefix + "." + name, value); }
            @Override public void value(String name, String value) { outer.value(prefix + "." + name, value); }
        };
    }
}
