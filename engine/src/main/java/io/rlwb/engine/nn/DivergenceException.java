package io.rlwb.engine.nn;

import java.util.Objects;

/**
 * Training diverged: a loss, a gradient or a parameter became NaN or infinite. Thrown by
 * {@link DivergenceGuard}; the runner turns it into a failed run whose message names the node, the quantity and
 * the environment step (docs/divergence.md).
 */
public class DivergenceException extends RuntimeException {
    private final String quantity;
    private final double value;
    private final String detail;

    /**
     * @param quantity what diverged, as a researcher reads it: {@code policy loss}, {@code gradient of actor.l0.W},
     *     {@code parameter critic.q1.l1.b}
     * @param value the offending value (NaN or an infinity; for an array, the first non-finite element)
     * @param detail where in the trainer's own counting it happened ({@code update 37}, {@code member 2}), or null
     */
    public DivergenceException(String quantity, double value, String detail) {
        super(quantity + " is " + describe(value) + (detail == null ? "" : " (" + detail + ")"));
        this.quantity = Objects.requireNonNull(quantity, "quantity");
        this.value = value;
        this.detail = detail;
    }

    /** What diverged: {@code policy loss}, {@code gradient of actor.l0.W}, {@code parameter critic.l1.b}. */
    public String quantity() { return quantity; }

    /** The offending value: NaN or an infinity. */
    public double value() { return value; }

    /** The trainer's own position ({@code update 37}), or null. */
    public String detail() { return detail; }

    /** This failure with {@code prefix} put before the quantity ({@code member 3 policy loss}). */
    public DivergenceException within(String prefix) {
        DivergenceException e = new DivergenceException(prefix + " " + quantity, value, detail);
        e.setStackTrace(getStackTrace());
        return e;
    }

    static String describe(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (v == Double.POSITIVE_INFINITY) return "+infinity";
        if (v == Double.NEGATIVE_INFINITY) return "-infinity";
        return Double.toString(v);
    }
}
