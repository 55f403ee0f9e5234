package io.rlwb.engine.nn;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor and its gradient accumulator (same shape and data type). Layers add into {@link #grad()}
 * during backward passes; optimisers read it and {@link #zeroGrad()} clears it.
 *
 * <p>A parameter either owns its two arrays or is a view into a {@link ParameterBlock}, which keeps the values
 * and the gradients of several parameters contiguous so that optimisers, gradient clipping, zeroing and Polyak
 * averaging can treat a whole network as one array (one ND4J op instead of one per tensor; see
 * {@link Parameters}).
 */
public final class Parameter {
    private final String name;
    private final INDArray value;
    private final INDArray grad;
    /** The block this parameter is a view into, or null; {@link #offset} is its first element there. */
    private final ParameterBlock block;
    private final long offset;

    /** A parameter that owns {@code value} and a new zero gradient of its shape and data type. */
    public Parameter(String name, INDArray value) {
        this(name, value, zerosLike(value), null, 0);
    }

    /**
     * A parameter over the given arrays (a layer that keeps its gradient elsewhere, or a test double whose
     * buffers record accesses).
     */
    public Parameter(String name, INDArray value, INDArray grad) {
        this(name, value, grad, null, 0);
    }

    Parameter(String name, INDArray value, INDArray grad, ParameterBlock block, long offset) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        this.grad = Objects.requireNonNull(grad, "grad");
        if (!Arrays.equals(value.shape(), grad.shape()) || value.dataType() != grad.dataType()) {
            throw new IllegalArgumentException("parameter " + name + ": gradient " + grad.dataType()
                    + Arrays.toString(grad.shape()) + " does not match value " + value.dataType()
                    + Arrays.toString(value.shape()));
        }
        this.block = block;
        this.offset = offset;
    }

    private static INDArray zerosLike(INDArray value) {
        INDArray g = Objects.requireNonNull(value, "value").ulike();
        g.assign(0);
        return g;
    }

    public String name() { return name; }

    public INDArray value() { return value; }

    public INDArray grad() { return grad; }

    /** Clears the gradient with one ND4J op (no host access). Prefer {@link Parameters#zeroGrad} for many. */
    public void zeroGrad() { grad.assign(0); }

    public long size() { return value.length(); }

    /** The block this parameter lives in, or null when it owns its arrays. */
    ParameterBlock block() { return block; }

    /** Index of this parameter's first element in its block's flat arrays. */
    long offset() { return offset; }
}
