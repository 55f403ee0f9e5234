package io.rlwb.engine.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The parameters of one network laid out back to back in two flat ND4J arrays, one for the values and one for
 * the gradients; each {@link Parameter} is a row-major view of its slice. Whatever runs over every element of
 * every parameter (Adam, gradient clipping, zeroing, Polyak averaging) then costs a fixed number of ND4J ops per
 * network instead of per tensor: on small networks the per-op overhead, not arithmetic, is the cost, and on a
 * GPU each op is a kernel launch.
 */
public final class ParameterBlock {
    private final DataType dtype;
    private final INDArray values;
    private final INDArray grads;
    private final List<Parameter> parameters;

    private ParameterBlock(DataType dtype, List<String> names, List<INDArray> initial) {
        this.dtype = dtype;
        long n = 0;
        for (INDArray a : initial) n += a.length();
        values = Nd4j.create(dtype, n);
        grads = Nd4j.create(dtype, n);
        List<Parameter> ps = new ArrayList<>(names.size());
        long off = 0;
        for (int i = 0; i < names.size(); i++) {
            INDArray init = initial.get(i);
            long len = init.length();
            INDArray v = slice(values, off, len, init.shape());
            INDArray g = slice(grads, off, len, init.shape());
            v.assign(init.dataType() == dtype ? init : init.castTo(dtype));
            ps.add(new Parameter(names.get(i), v, g, this, off));
            off += len;
        }
        parameters = Collections.unmodifiableList(ps);
    }

    private static INDArray slice(INDArray flat, long off, long len, long[] shape) {
        INDArray s = flat.get(NDArrayIndex.interval(off, off + len));
        // A contiguous row-major slice reshapes into a view, never a copy.
        INDArray v = s.reshape('c', shape);
        if (v.data().addressPointer().address() != s.data().addressPointer().address()) {
            throw new IllegalStateException("parameter slice was copied instead of viewed");
        }
        return v;
    }

    /** A builder that adds parameters in order. */
    public static Builder builder(DataType dtype) {
        return new Builder(dtype);
    }

    public DataType dataType() { return dtype; }

    /** The parameters, in the order they were added. */
    public List<Parameter> parameters() { return parameters; }

    /** All values, flat, row-major per parameter, parameters in order. Writing to it writes the parameters. */
    public INDArray values() { return values; }

    /** All gradients, laid out as {@link #values()}. */
    public INDArray grads() { return grads; }

    /** Number of elements of all parameters together. */
    public long length() { return values.length(); }

    /** Collects the parameters of a block. */
    public static final class Builder {
        private final DataType dtype;
        private final List<String> names = new ArrayList<>();
        private final List<INDArray> initial = new ArrayList<>();

        private Builder(DataType dtype) {
            this.dtype = Objects.requireNonNull(dtype, "dtype");
            if (!dtype.isFPType()) {
                throw new IllegalArgumentException("parameters need a floating-point data type, got " + dtype);
            }
        }

        /** Adds a parameter whose initial value (copied) is {@code initial}; the gradient starts at zero. */
        public Builder add(String name, INDArray initial) {
            if (names.contains(name)) throw new IllegalArgumentException("duplicate parameter name " + name);
            names.add(Objects.requireNonNull(name, "name"));
            this.initial.add(Objects.requireNonNull(initial, "initial"));
            return this;
        }

        public ParameterBlock build() {
            if (names.isEmpty()) throw new IllegalStateException("a parameter block needs at least one parameter");
            return new ParameterBlock(dtype, names, initial);
        }
    }
}
