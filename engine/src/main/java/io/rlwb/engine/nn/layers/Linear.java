package io.rlwb.engine.nn.layers;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.Ops;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code y = x W + b} over the last axis of {@code x} ({@code [..., in] -> [..., out]}); {@code W} is
 * {@code [in, out]} ({@code <prefix>.weight}), {@code b} is {@code [out]} ({@code <prefix>.bias}, optional).
 * Weights start Normal(0, std^2), the bias at zero.
 */
public final class Linear implements Module {
    private final Parameter weight;
    private final Parameter bias;
    private final Map<String, Parameter> params;

    public Linear(String prefix, int in, int out, boolean bias, double std, SplittableRandom rng, DataType dtype) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException(prefix + ": widths must be positive, got " + in + " -> " + out);
        }
        weight = new Parameter(Params.join(prefix, "weight"), Weights.normal(rng, std, dtype, in, out));
        this.bias = bias ? new Parameter(Params.join(prefix, "bias"), Weights.zeros(dtype, out)) : null;
        Params p = new Params().add(weight);
        if (bias) p.add(this.bias);
        params = p.build();
    }

    public Tensor forward(Tape tape, Tensor x) {
        return bias == null
                ? Ops.matmul(x, tape.param(weight))
                : Ops.linear(x, tape.param(weight), tape.param(bias));
    }

    public Parameter weight() { return weight; }

    @Override
    public Map<String, Parameter> namedParameters() { return params; }
}
