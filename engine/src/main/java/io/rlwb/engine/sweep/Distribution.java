package io.rlwb.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How random search draws one parameter: {@code uniform} and {@code log-uniform} between {@code min} and {@code max}
 * (rounded to the nearest integer for integer parameters), or {@code choice} among {@code values} with equal
 * probability.
 *
 * @param kind {@code uniform}, {@code log-uniform} or {@code choice}
 * @param min lower bound (uniform kinds)
 * @param max upper bound (uniform kinds)
 * @param values the choices (choice)
 * @param integer whether draws are rounded to integers (the parameter is an integer)
 */
public record Distribution(String kind, double min, double max, List<JsonNode> values, boolean integer) {
    public static final String UNIFORM = "uniform";
    public static final String LOG_UNIFORM = "log-uniform";
    public static final String CHOICE = "choice";
    /** The kinds a sweep file may name. */
    public static final List<String> KINDS = List.of(UNIFORM, LOG_UNIFORM, CHOICE);

    public Distribution {
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** One draw; consumes exactly one number of {@code rng} so draws of other parameters do not shift. */
    public JsonNode draw(SplittableRandom rng) {
        double u = rng.nextDouble();
        return switch (kind) {
            case CHOICE -> values.get(Math.min(values.size() - 1, (int) (u * values.size())));
            case LOG_UNIFORM -> number(Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))));
            default -> number(min + u * (max - min));
        };
    }

    private JsonNode number(double v) {
        v = Math.min(max, Math.max(min, v));
        return integer ? JsonNodeFactory.instance.numberNode(Math.round(v)) : JsonNodeFactory.instance.numberNode(v);
    }
}
