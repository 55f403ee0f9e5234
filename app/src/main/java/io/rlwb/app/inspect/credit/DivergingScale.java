package io.rlwb.app.inspect.credit;

import javafx.scene.paint.Color;

/**
 * A diverging colour scale symmetric around zero: negative values toward red, positive toward blue, zero the
 * neutral colour (the theme's surface), saturating at {@code ±maxAbs}. Used for advantages of tokens and for
 * values in the prefix tree; blue and red stay distinguishable for the common colour-vision deficiencies.
 *
 * @param maxAbs the magnitude drawn at full colour (at least a tiny positive number)
 * @param neutral colour of zero
 * @param negative colour of {@code -maxAbs}
 * @param positive colour of {@code +maxAbs}
 */
public record DivergingScale(double maxAbs, Color neutral, Color negative, Color positive) {
    /** Red of negative values. */
    public static final Color RED = Color.web("#dc2626");
    /** Blue of positive values. */
    public static final Color BLUE = Color.web("#2563eb");

    public DivergingScale {
        if (!(maxAbs > 1e-12) || !Double.isFinite(maxAbs)) maxAbs = 1e-12;
    }

    /** A scale saturating at the largest magnitude of {@code values}. */
    public static DivergingScale fitting(double[] values, Color neutral) {
        double m = 0;
        for (double v : values) if (Double.isFinite(v)) m = Math.max(m, Math.abs(v));
        return new DivergingScale(m, neutral, RED, BLUE);
    }

    /** Position of {@code v} on the scale, in [-1, 1]. */
    public double position(double v) {
        if (!Double.isFinite(v)) return 0;
        return Math.max(-1, Math.min(1, v / maxAbs));
    }

    /** The colour of {@code v}. */
    public Color colour(double v) {
        double t = position(v);
        return t < 0 ? neutral.interpolate(negative, -t) : neutral.interpolate(positive, t);
    }

    /** A text colour readable on {@link #colour}{@code (v)}. */
    public Color textOn(double v, Color dark, Color light) {
        Color c = colour(v);
        double lum = 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
        return lum > 0.55 ? dark : light;
    }
}
