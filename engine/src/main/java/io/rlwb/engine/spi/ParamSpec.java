package io.rlwb.engine.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed parameter of a node type: the editor builds its property sheet from these, the validator checks
 * values against them, and the runtime reads values through them (so a missing value means the default).
 *
 * @param name key in the graph file's {@code params} object
 * @param type value type
 * @param defaultValue value used when the file gives none (JSON)
 * @param min inclusive lower bound for numbers (and for every element of an int list), or null
 * @param max inclusive upper bound, or null
 * @param unit unit shown beside the value ("steps", "1/s"), or empty
 * @param description one or two sentences for tooltips
 * @param choices allowed values for {@link ParamType#CHOICE}
 */
public record ParamSpec(String name, ParamType type, JsonNode defaultValue, Double min, Double max, String unit,
                        String description, List<String> choices) {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue of " + name);
        unit = unit == null ? "" : unit;
        description = description == null ? "" : description;
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public static ParamSpec ofInt(String name, int def, Integer min, Integer max, String unit, String description) {
        return new ParamSpec(name, ParamType.INT, JSON.numberNode(def), min == null ? null : min.doubleValue(),
                max == null ? null : max.doubleValue(), unit, description, null);
    }

    public static ParamSpec ofFloat(String name, double def, Double min, Double max, String unit, String description) {
        return new ParamSpec(name, ParamType.FLOAT, JSON.numberNode(def), min, max, unit, description, null);
    }

    public static ParamSpec ofBool(String name, boolean def, String description) {
        return new ParamSpec(name, ParamType.BOOL, JSON.booleanNode(def), null, null, "", description, null);
    }

    public static ParamSpec ofChoice(String name, String def, List<String> choices, String description) {
        return new ParamSpec(name, ParamType.CHOICE, JSON.textNode(def), null, null, "", description, choices);
    }

    public static ParamSpec ofString(String name, String def, String description) {
        return new ParamSpec(name, ParamType.STRING, JSON.textNode(def), null, null, "", description, null);
    }

    public static ParamSpec ofIntList(String name, List<Integer> def, int min, int max, String unit, String description) {
        ArrayNode a = JSON.arrayNode();
        def.forEach(a::add);
        return new ParamSpec(name, ParamType.INT_LIST, a, (double) min, (double) max, unit, description, null);
    }

    /**
     * Checks a value from a graph file.
     *
     * @return a message saying what is wrong (without the node id), or empty when the value is acceptable
     */
    public Optional<String> check(JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.of("parameter '" + name + "' is null; expected " + expected());
        }
        switch (type) {
            case INT -> {
                if (!value.isIntegralNumber() && !(value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
                    return Optional.of("parameter '" + name + "' = " + value + " is not an integer");
                }
                return checkRange(value.asDouble(), value.toString());
            }
            case FLOAT -> {
                if (!value.isNumber()) {
                    return Optional.of("parameter '" + name + "' = " + value + " is not a number");
                }
                double v = value.asDouble();
                if (!Double.isFinite(v)) {
                    return Optional.of("parameter '" + name + "' = " + value + " is not finite");
                }
                return checkRange(v, value.toString());
            }
            case BOOL -> {
                return value.isBoolean() ? Optional.empty()
                        : Optional.of("parameter '" + name + "' = " + value + " is not true or false");
            }
            case STRING -> {
                return value.isTextual() ? Optional.empty()
                        : Optional.of("parameter '" + name + "' = " + value + " is not a string");
            }
            case CHOICE -> {
                return value.isTextual() && choices.contains(value.asText()) ? Optional.empty()
                        : Optional.of("parameter '" + name + "' = " + value + " is not one of " + choices);
            }
            case INT_LIST -> {
                if (!value.isArray() || value.isEmpty()) {
                    return Optional.of("parameter '" + name + "' = " + value + " is not a non-empty list of integers");
                }
                for (JsonNode e : value) {
                    if (!e.isIntegralNumber()) {
                        return Optional.of("parameter '" + name + "' = " + value + " holds " + e + ", not an integer");
                    }
                    Optional<String> r = checkRange(e.asDouble(), value.toString());
                    if (r.isPresent()) {
                        return r;
                    }
                }
                return Optional.empty();
            }
            default -> throw new IllegalStateException(type.toString());
        }
    }

    private Optional<String> checkRange(double v, String shown) {
        if ((min != null && v < min) || (max != null && v > max)) {
            return Optional.of("parameter '" + name + "' = " + shown + " is out of range " + rangeText());
        }
        return Optional.empty();
    }

    /** The range as users read it, such as {@code [0, 1]} or {@code [1, inf)}. */
    public String rangeText() {
        String lo = min == null ? "(-inf" : "[" + fmt(min);
        String hi = max == null ? "inf)" : fmt(max) + "]";
        return lo + ", " + hi;
    }

    private String expected() {
        return switch (type) {
            case INT -> "an integer";
            case FLOAT -> "a number";
            case BOOL -> "true or false";
            case STRING -> "a string";
            case CHOICE -> "one of " + choices;
            case INT_LIST -> "a list of integers";
        };
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
