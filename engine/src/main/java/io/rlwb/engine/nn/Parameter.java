package io.rlwb.engine.nn;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor and its gradient accumulator (same shape). Layers add into {@link #grad()} during
 * backward passes; optimisers read it and {@link #zeroGrad()} clears it.
 */
public final class Parameter {
    private final String name;
    private final INDArray value;
    private final INDArray grad;

    public Parameter(String name, INDArray value) {
        this.name = Objects.requireNonNull(name);
        this.value = Objects.requireNonNull(value);
        this.grad = value.ulike();
        this.grad.assign(0);
    }

    public String name() { return name; }

    public INDArray value() { return value; }

    public INDArray grad() { return grad; }

    public void zeroGrad() { HostArrays.zero(grad); }

    public long size() { return value.length(); }
}
