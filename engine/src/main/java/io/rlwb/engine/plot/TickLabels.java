package io.rlwb.engine.plot;

import java.util.Locale;

/**
 * Short axis labels: {@code 150000 -> "150k"}, {@code 2500000 -> "2.5M"}, {@code 0.25 -> "0.25"},
 * {@code 0.0003 -> "3e-4"}. Small values keep enough digits to tell neighbouring ticks apart.
 */
public final class TickLabels {
    private TickLabels() {}

    /** The label of tick value {@code v}. */
    public static String of(double v) {
        if (!Double.isFinite(v)) return String.valueOf(v);
        double a = Math.abs(v);
        if (a < 1e-12) return "0";
        if (a >= 1e9) return trim(v / 1e9) + "G";
        if (a >= 1e6) return trim(v / 1e6) + "M";
        if (a >= 1e4) return trim(v / 1e3) + "k";
        if (a < 1e-3) {
            return String.format(Locale.ROOT, "%.1e", v).replace(".0e", "e").replace("e-0", "e-");
        }
        // Four significant digits, trailing zeros dropped: 0.015, 0.25, 487.5, 1250.
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Up to two decimals, trailing zeros dropped: {@code 2.50 -> "2.5"}, {@code 3.0 -> "3"}. */
    public static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        }
        return s.equals("-0") ? "0" : s;
    }
}
