package io.rlwb.engine.spi;

import io.rlwb.engine.nn.NamedTensors;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What a node reads back from a checkpoint: what it wrote through {@link StateWriter}, under the same names. */
public interface StateReader {
    /** Whether the state holds a tensor or scalar named {@code name}. */
    boolean has(String name);

    /** The tensor {@code name}, in the data type it was written in. */
    INDArray tensor(String name);

    /** The tensors written under {@code prefix.}, with the prefix removed, in written order. */
    Map<String, INDArray> tensors(String prefix);

    long longValue(String name);

    double doubleValue(String name);

    /** The string {@code name}, or null when null was written. */
    String stringValue(String name);

    /** Loads the tensors written for {@code module} under {@code prefix} into it. */
    default void load(String prefix, NamedTensors module) {
        module.load(tensors(prefix));
    }

    default float[] floats(String name) {
        return tensor(name).toFloatVector();
    }

    default double[] doubles(String name) {
        return tensor(name).toDoubleVector();
    }

    default long[] longs(String name) {
        return tensor(name).toLongVector();
    }

    default int[] ints(String name) {
        return tensor(name).toIntVector();
    }

    /** Fills {@code rows} from the matrix {@code name}, checking its shape. */
    default void floatRows(String name, float[][] rows) {
        INDArray a = tensor(name);
        int w = rows.length == 0 ? 0 : rows[0].length;
        if (a.rank() != 2 || a.size(0) != rows.length || a.size(1) != w) {
            throw new IllegalArgumentException("state '" + name + "' has shape " + java.util.Arrays.toString(a.shape())
                    + ", expected [" + rows.length + ", " + w + "]");
        }
        float[] flat = a.reshape(-1).toFloatVector();
        for (int i = 0; i < rows.length; i++) System.arraycopy(flat, i * w, rows[i], 0, w);
    }

    /** Fills {@code rows} from the matrix {@code name}, checking its shape. */
    default void doubleRows(String name, double[][] rows) {
        INDArray a = tensor(name);
        int w = rows.length == 0 ? 0 : rows[0].length;
        if (a.rank() != 2 || a.size(0) != rows.length || a.size(1) != w) {
            throw new IllegalArgumentException("state '" + name + "' has shape " + java.util.Arrays.toString(a.shape())
                    + ", expected [" + rows.length + ", " + w + "]");
        }
        double[] flat = a.reshape(-1).toDoubleVector();
        for (int i = 0; i < rows.length; i++) System.arraycopy(flat, i * w, rows[i], 0, w);
    }

    /** A reader of the names under {@code prefix.}. */
    default StateReader under(String prefix) {
        StateReader outer = this;
        String p = prefix + ".";
        return new StateReader() {
            @Override public boolean has(String name) { return outer.has(p + name); }
            @Override public INDArray tensor(String name) { return outer.tensor(p + name); }
            @Override public Map<String, INDArray> tensors(String pre) { return outer.tensors(p + pre); }
            @Override public long longValue(String name) { return outer.longValue(p + name); }
            @Override public double doubleValue(String name) { return outer.doubleValue(p + name); }
            @Override public String stringValue(String name) { return outer.stringValue(p + name); }
        };
    }
}
