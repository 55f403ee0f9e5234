package io.rlwb.engine.nn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stretch of parameters that an elementwise update can treat as one array: either a whole
 * {@link ParameterBlock} (its flat arrays) or one parameter on its own. {@link #of} splits a parameter list into
 * the fewest segments: a block whose parameters are all in the list becomes one segment, anything else one
 * segment per parameter.
 *
 * @param values the values (flat for a block, the parameter's own array otherwise)
 * @param grads the gradients, laid out as {@code values}
 * @param members the parameters covered, in layout order
 * @param block the block, or null for a single parameter
 */
record Segment(INDArray values, INDArray grads, List<Parameter> members, ParameterBlock block) {

    static List<Segment> of(List<Parameter> params) {
        Map<ParameterBlock, Integer> present = new IdentityHashMap<>();
        Map<Parameter, Boolean> seen = new IdentityHashMap<>();
        for (Parameter p : params) {
            if (seen.put(p, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("parameter " + p.name() + " is listed twice");
            }
            if (p.block() != null) present.merge(p.block(), 1, Integer::sum);
        }
        Map<Object, Segment> out = new LinkedHashMap<>();
        for (Parameter p : params) {
            ParameterBlock b = p.block();
            if (b != null && present.get(b) == b.parameters().size()) {
                out.computeIfAbsent(b, k -> new Segment(b.values(), b.grads(), b.parameters(), b));
            } else {
                out.put(p, new Segment(p.value(), p.grad(), List.of(p), null));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Elements covered. */
    long length() {
        return values.length();
    }

    /** Where {@code p} starts in this segment's arrays. */
    long offsetOf(Parameter p) {
        return block == null ? 0 : p.offset();
    }
}
