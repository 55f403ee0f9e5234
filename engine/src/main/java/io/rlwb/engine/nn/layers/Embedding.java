package io.rlwb.engine.nn.layers;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.Ops;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A {@code [count, width]} table ({@code <prefix>.weight}) looked up by integer ids. */
public final class Embedding implements Module {
    private final Parameter table;
    private final Map<String, Parameter> params;

    public Embedding(String prefix, int count, int width, double std, SplittableRandom rng, DataType dtype) {
        if (count <= 0 || width <= 0) {
            throw new IllegalArgumentException(prefix + ": sizes must be positive, got " + count + " x " + width);
        }
        table = new Parameter(Params.join(prefix, "weight"), Weights.normal(rng, std, dtype, count, width));
        params = new Params().add(table).build();
    }

    /** {@code ids} of any integer shape to {@code ids.shape + [width]}. */
    public Tensor forward(Tape tape, INDArray ids) {
        return Ops.embedding(tape.param(table), ids);
    }

    public Parameter table() { return table; }

    public long count() { return table.value().size(0); }

    @Override
    public Map<String, Parameter> namedParameters() { return params; }
}
