package io.rlwb.engine.nn.layers;

import io.rlwb.engine.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A network part with trainable tensors. {@link #namedParameters()} lists them under stable, dotted names
 * ({@code "blocks.0.attn.wq.weight"}), in a fixed order, with the arrays themselves (shape and data type kept),
 * for checkpoints and weight loading. A tied parameter appears once.
 */
public interface Module {
    /** Name to parameter, in a fixed order; the map is unmodifiable. */
    Map<String, Parameter> namedParameters();

    /** The parameters in {@link #namedParameters()} order, for an optimiser. */
    default List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Clears every gradient (before a backward pass). */
    default void zeroGrad() {
        for (Parameter p : namedParameters().values()) p.zeroGrad();
    }
}
