package io.rlwb.app.viewmodel.props;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.ParamType;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parameter values as text and back: what a field shows ({@code 2.5e-4}, {@code 64, 64}) and what a user may
 * type ({@code 1e-5}, {@code 1_000_000}, {@code [64, 64]}), plus the messages shown in place of a bad value.
 */
public final class ParamText {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private ParamText() {}

    /**
     * A parsed field: a value, or the reason there is none.
     *
     * @param value the JSON value, null when {@code error} is set
     * @param error what is wrong with the text, or null
     */
    public record Parsed(JsonNode value, String error) {
        static Parsed ok(JsonNode v) {
            return new Parsed(v, null);
        }

        static Parsed bad(String e) {
            return new Parsed(null, e);
        }

        /** Whether the text gave a value. */
        public boolean isOk() {
            return error == null;
        }
    }

    /** The text of {@code value} as a field of type {@code type} shows it; raw JSON when it does not fit. */
    public static String format(JsonNode value, ParamType type) {
        if (value == null || value.isNull() || value.isMissingNode()) return "";
        if (type == null) return value.isTextual() ? value.asText() : value.toString();
        return switch (type) {
            case INT -> value.isNumber() && value.asDouble() == Math.rint(value.asDouble())
                    ? number(value.asDouble()) : value.toString();
            case FLOAT -> value.isNumber() ? floating(value.asDouble()) : value.toString();
            case BOOL -> value.isBoolean() ? Boolean.toString(value.asBoolean()) : value.toString();
            case STRING, CHOICE -> value.isTextual() ? value.asText() : value.toString();
            case INT_LIST -> {
                if (!value.isArray()) yield value.toString();
                StringBuilder b = new StringBuilder();
                for (Iterator<JsonNode> it = value.elements(); it.hasNext();) {
                    JsonNode e = it.next();
                    b.append(e.isNumber() ? number(e.asDouble()) : e.toString());
                    if (it.hasNext()) b.append(", ");
                }
                yield b.toString();
            }
        };
    }

    /** Reads what the user typed into a field for {@code spec}; the range is not checked here. */
    public static Parsed parse(String text, ParamSpec spec) {
        String t = text == null ? "" : text.trim();
        return switch (spec.type()) {
            case INT -> integer(t);
            case FLOAT -> decimal(t);
            case BOOL -> t.equalsIgnoreCase("true") ? Parsed.ok(JSON.booleanNode(true))
                    : t.equalsIgnoreCase("false") ? Parsed.ok(JSON.booleanNode(false))
                    : Parsed.bad("enter true or false");
            case STRING -> Parsed.ok(JSON.textNode(text == null ? "" : text));
            case CHOICE -> spec.choices().contains(t) ? Parsed.ok(JSON.textNode(t))
                    : Parsed.bad("choose one of " + String.join(", ", spec.choices()));
            case INT_LIST -> intList(t);
        };
    }

    /**
     * The engine's verdict on {@code value} for {@code spec}, worded for a field: without the
     * {@code parameter 'x' =} prefix and with ranges written as {@link #range} writes them.
     */
    public static Optional<String> check(ParamSpec spec, JsonNode value) {
        if (spec.type() == ParamType.INT_LIST && value != null && value.isArray()) {
            // Name the element that is out of range rather than the whole list.
            for (JsonNode e : value) {
                if (!e.isIntegralNumber()) break;
                double v = e.asDouble();
                if (spec.min() != null && v < spec.min() || spec.max() != null && v > spec.max()) {
                    return Optional.of(number(v) + " is out of range " + range(spec));
                }
            }
        }
        return spec.check(value).map(m -> {
            String prefix = "parameter '" + spec.name() + "' = ";
            String s = m.startsWith(prefix) ? m.substring(prefix.length()) : m;
            return s.replace(spec.rangeText(), range(spec));
        });
    }

    /** The range of a number parameter as {@code [1e-7, 1]}, {@code [1, ∞)}; empty when it has none. */
    public static String range(ParamSpec spec) {
        if (spec.min() == null && spec.max() == null) return "";
        String lo = spec.min() == null ? "(\u2212\u221e" : "[" + number(spec.min());
        String hi = spec.max() == null ? "\u221e)" : number(spec.max()) + "]";
        return lo + ", " + hi;
    }

    /**
     * A number as a person writes it: {@code 500}, {@code 0.95}, {@code 2.5e-4}, {@code 1e8}; a large whole number
     * in whichever form is shorter ({@code 16777216}, not {@code 1.6777216e7}).
     */
    public static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            String whole = Long.toString((long) d);
            if (Math.abs(d) < 1e7) return whole;
            String f = floating(d);
            return f.length() < whole.length() ? f : whole;
        }
        return floating(d);
    }

    private static String floating(double d) {
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e < 0) return s;
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) mantissa = mantissa.substring(0, mantissa.length() - 2);
        return (mantissa + "e" + s.substring(e + 1)).toLowerCase(Locale.ROOT);
    }

    private static Parsed integer(String t) {
        String s = t.replace("_", "");
        if (s.isEmpty()) return Parsed.bad("enter a whole number");
        if (!DECIMAL.matcher(s).matches()) return Parsed.bad("\u201c" + t + "\u201d is not a whole number");
        BigDecimal d = new BigDecimal(s);
        try {
            long v = d.stripTrailingZeros().longValueExact();
            return Parsed.ok(v == (int) v ? JSON.numberNode((int) v) : JSON.numberNode(v));
        } catch (ArithmeticException e) {
            return Parsed.bad(d.stripTrailingZeros().scale() > 0 ? "\u201c" + t + "\u201d is not a whole number"
                    : "\u201c" + t + "\u201d is too large");
        }
    }

    private static Parsed decimal(String t) {
        String s = t.replace("_", "");
        if (s.isEmpty()) return Parsed.bad("enter a number, such as 0.5 or 1e-5");
        if (!DECIMAL.matcher(s).matches()) return Parsed.bad("\u201c" + t + "\u201d is not a number (try 0.5 or 1e-5)");
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) return Parsed.bad("\u201c" + t + "\u201d is too large");
        return Parsed.ok(JSON.numberNode(v));
    }

    private static Parsed intList(String t) {
        String s = t;
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1).trim();
        if (s.isEmpty()) return Parsed.bad("enter whole numbers separated by commas, such as 64, 64");
        ArrayNode a = JSON.arrayNode();
        for (String part : s.split("[,;\\s]+")) {
            if (part.isEmpty()) continue;
            Parsed p = integer(part);
            if (!p.isOk()) return Parsed.bad("\u201c" + part + "\u201d is not a whole number (write them as 64, 64)");
            a.add(p.value());
        }
        return a.isEmpty() ? Parsed.bad("enter whole numbers separated by commas, such as 64, 64") : Parsed.ok(a);
    }
}
