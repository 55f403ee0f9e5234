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

    private ParameterBlock(DataType dtype, List<String> names, List<INDArray> initial, Storage storage) {
        this.dtype = dtype;
        long n = 0;
        for (INDArray a : initial) n += a.length();
        values = storage.flat(dtype, n);
        grads = storage.flat(dtype, n);
        grads.assign(0);
        List<Parameter> ps = new ArrayList<>(names.size());
        long off = 0;
        for (int i = 0; i < names.size(); i++) {
            INDArray init = initial.get(i);
            long len = init.length();
            INDArray v = storage.view(values, off, len, init.shape());
            INDArray g = storage.view(grads, off, len, init.shape());
            v.assign(init.dataType() == dtype ? init : init.castTo(dtype));
            ps.add(new Parameter(names.get(i), v, g, this, off));
            off += len;
        }
        parameters = Collections.unmodifiableList(ps);
    }

    /** Where a block's arrays come from: ND4J's allocator, or a test double that watches host access. */
    interface Storage {
        /** A new rank-1 array of {@code length} elements (contents are overwritten). */
        INDArray flat(DataType dtype, long length);

        /** A row-major view of {@code flat[offset, offset + length)} with the given shape, sharing memory. */
        INDArray view(INDArray flat, long offset, long length, long[] shape);
    }

    /** ND4J's own arrays and views. */
    static final Storage ND4J = new Storage() {
        @Override
        public INDArray flat(DataType dtype, long length) {
            return Nd4j.create(dtype, length);
        }

        @Override
        public INDArray view(INDArray flat, long offset, long length, long[] shape) {
            // A contiguous row-major slice reshapes into a view, never a copy.
            return flat.get(NDArrayIndex.interval(offset, offset + length)).reshape('c', shape);
        }
    };

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
        private Storage storage = ND4J;

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
            return new ParameterBlock(dtype, names, initial, storage);
        }

        /** Allocates through {@code s} instead of ND4J (tests). */
        Builder storage(Storage s) {
            this.storage = Objects.requireNonNull(s, "storage");
            return this;
        }
    }
}
