package io.rlwb.app.ui;

import io.rlwb.engine.runtime.RunProgress;
import java.util.Locale;

/** Number and text formatting shared by the ViewModels and the chart: pure functions, no JavaFX. */
public final class Formats {
    private Formats() {}

    /** {@code 67584 -> "67,584"}. */
    public static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** One decimal: {@code 234.46 -> "234.5"}; NaN gives an en dash. */
    public static String oneDecimal(double v) {
        if (Double.isNaN(v)) return "\u2013";
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * The progress line under the progress bar, such as
     * {@code 45%  67,584 / 150,000 steps  3,210 steps/s  return 234.5  eval 500.0}. The return and eval parts
     * are left out until the run has produced them.
     *
     * @param fraction the fraction shown as the percentage (may differ from {@link RunProgress#fraction()} when
     *                 an iteration budget ends the run first)
     */
    public static String progressLine(RunProgress p, double fraction) {
        StringBuilder sb = new StringBuilder();
        sb.append((int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100 + 1e-9)).append('%');
        sb.append("  ").append(grouped(p.envSteps()));
        if (p.budget() > 0) sb.append(" / ").append(grouped(p.budget()));
        sb.append(" steps");
        if (Double.isFinite(p.sps())) sb.append("  ").append(grouped(Math.round(p.sps()))).append(" steps/s");
        if (Double.isFinite(p.lastReturn())) sb.append("  return ").append(oneDecimal(p.lastReturn()));
        if (Double.isFinite(p.lastEval())) sb.append("  eval ").append(oneDecimal(p.lastEval()));
        return sb.toString();
    }

    /** Seconds as {@code 12.3 s}, {@code 4 min 05 s} or {@code 1 h 02 min}. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "\u2013";
        if (seconds < 60) return String.format(Locale.ROOT, "%.1f s", seconds);
        long s = Math.round(seconds);
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
