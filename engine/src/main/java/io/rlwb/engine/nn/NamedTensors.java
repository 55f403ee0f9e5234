package io.rlwb.engine.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A module's state as named tensors, for checkpoints and weight loading: parameters, target copies, optimiser
 * moments and counters. Names are stable across runs of the same configuration; shapes and data types are those
 * of the live arrays. {@link TensorFile} writes and reads them as numpy {@code .npz}.
 */
public interface NamedTensors {
    /**
     * Name to tensor, in a stable order. Arrays are views of the live state where the state is an array (do not
     * write through them unless you mean to) and fresh copies where it is a Java value (a step counter).
     */
    Map<String, INDArray> tensors();

    /**
     * Copies saved tensors into the live state. The names must be exactly those of {@link #tensors()}, with the
     * same shapes; values are converted to the live data type.
     *
     * @throws IllegalArgumentException naming the first missing, unexpected or misshapen tensor
     */
    default void load(Map<String, INDArray> tensors) {
        copyInto(tensors(), tensors, getClass().getSimpleName());
    }

    /** The tensors of {@code module} with {@code prefix + "."} before each name. */
    static Map<String, INDArray> prefixed(String prefix, NamedTensors module) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        module.tensors().forEach((k, v) -> out.put(prefix + "." + k, v));
        return out;
    }

    /** The entries of {@code all} under {@code prefix + "."}, with the prefix removed. */
    static Map<String, INDArray> under(String prefix, Map<String, INDArray> all) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        String p = prefix + ".";
        all.forEach((k, v) -> {
            if (k.startsWith(p)) out.put(k.substring(p.length()), v);
        });
        return out;
    }

    /** The tensor {@code name}, or an exception naming the module. */
    static INDArray require(Map<String, INDArray> tensors, String name, String module) {
        INDArray a = tensors.get(name);
        if (a == null) throw new IllegalArgumentException(module + ": tensor '" + name + "' is missing");
        return a;
    }

    /**
     * Assigns every {@code saved} tensor to the {@code live} one of the same name, after checking that the two
     * maps have the same names and each pair the same shape (ND4J ops: the live arrays stay where they are).
     */
    static void copyInto(Map<String, INDArray> live, Map<String, INDArray> saved, String module) {
        Objects.requireNonNull(saved, "saved");
        TreeSet<String> extra = new TreeSet<>(saved.keySet());
        extra.removeAll(live.keySet());
        if (!extra.isEmpty()) throw new IllegalArgumentException(module + ": unexpected tensor '" + extra.first() + "'");
        for (Map.Entry<String, INDArray> e : live.entrySet()) {
            INDArray src = require(saved, e.getKey(), module);
            if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException(module + ": tensor '" + e.getKey() + "' has shape "
                        + Arrays.toString(src.shape()) + ", expected " + Arrays.toString(e.getValue().shape()));
            }
        }
        for (Map.Entry<String, INDArray> e : live.entrySet()) {
            INDArray src = saved.get(e.getKey());
            e.getValue().assign(src.dataType() == e.getValue().dataType() ? src : src.castTo(e.getValue().dataType()));
        }
    }
}
