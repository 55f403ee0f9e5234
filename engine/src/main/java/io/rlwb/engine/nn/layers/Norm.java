package io.rlwb.engine.nn.layers;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.Ops;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Normalisation over the last axis: layer norm ({@code <prefix>.weight}, {@code <prefix>.bias}) or RMS norm
 * ({@code <prefix>.weight} only). The gain starts at 1, the bias at 0.
 */
public final class Norm implements Module {
    /** Which normalisation. */
    public enum Kind { LAYER, RMS }

    private final Kind kind;
    private final double eps;
    private final Parameter gain;
    private final Parameter bias;
    private final Map<String, Parameter> params;

    public Norm(String prefix, Kind kind, int width, double eps, DataType dtype) {
        this.kind = kind;
        this.eps = eps;
        gain = new Parameter(Params.join(prefix, "weight"), Weights.ones(dtype, width));
        bias = kind == Kind.LAYER ? new Parameter(Params.join(prefix, "bias"), Weights.zeros(dtype, width)) : null;
        Params p = new Params().add(gain);
        if (bias != null) p.add(bias);
        params = p.build();
    }

    public Tensor forward(Tape tape, Tensor x) {
        return kind == Kind.LAYER
                ? Ops.layerNorm(x, tape.param(gain), tape.param(bias), eps)
                : Ops.rmsNorm(x, tape.param(gain), eps);
    }

    @Override
    public Map<String, Parameter> namedParameters() { return params; }
}
