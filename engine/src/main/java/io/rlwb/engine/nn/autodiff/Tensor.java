package io.rlwb.engine.nn.autodiff;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A value computed on a {@link Tape}, with the gradient of the tape's loss accumulated into it by
 * {@link Tape#backward}. The value is an ND4J array (it stays wherever the backend keeps it); the gradient is
 * {@code null} until something flows into it. For a {@link io.rlwb.engine.nn.Parameter} leaf the gradient array
 * is the parameter's own {@code grad()}, so a backward pass accumulates straight into what optimisers read.
 */
public final class Tensor {
    private final Tape tape;
    private final INDArray value;
    private final boolean requiresGrad;
    private INDArray grad;
    /** Whether {@link #grad} is an array someone else holds too (so it must not be written in place). */
    private boolean borrowed;

    Tensor(Tape tape, INDArray value, boolean requiresGrad, INDArray grad) {
        this.tape = tape;
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.grad = grad;
    }

    /** The tape this tensor was recorded on; operations on two tensors need the same tape. */
    public Tape tape() { return tape; }

    public INDArray value() { return value; }

    /** The accumulated gradient, or {@code null} when none has reached this tensor. */
    public INDArray grad() { return grad; }

    /** Whether a gradient flows into this tensor (false for constants and on inference tapes). */
    public boolean requiresGrad() { return requiresGrad; }

    public long[] shape() { return value.shape(); }

    public long size(int dim) { return value.size(dim); }

    public int rank() { return value.rank(); }

    public DataType dataType() { return value.dataType(); }

    /**
     * Adds {@code g} to the gradient. {@code owned} says whether {@code g} is a fresh array no one else holds.
     * A first gradient that is not owned (the same array passed to both inputs of an add, a view of the output's
     * gradient) is kept as it is but marked borrowed: it is never written in place, and a second accumulation
     * replaces it by a new sum instead. This saves a copy on every residual connection.
     */
    void accumulate(INDArray g, boolean owned, String op) {
        if (!Arrays.equals(g.shape(), value.shape())) {
            throw new IllegalStateException(op + ": gradient of shape " + Arrays.toString(g.shape())
                    + " for an input of shape " + Arrays.toString(value.shape()));
        }
        if (grad == null) {
            grad = g;
            borrowed = !owned;
        } else if (borrowed) {
            grad = grad.add(g);
            borrowed = false;
        } else {
            grad.addi(g);
        }
    }

    /** Forgets an intermediate gradient once it has been propagated (parameter gradients stay). */
    void releaseGrad() {
        grad = null;
        borrowed = false;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(value.shape()) + (requiresGrad ? " (grad)" : "");
    }
}
