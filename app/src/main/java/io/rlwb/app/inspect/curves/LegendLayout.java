package io.rlwb.app.inspect.curves;

/**
 * Where a chart's legend entries go. Entries sit right-aligned on the title line while they fit beside the title;
 * when they do not all fit there, every entry goes into a box in the plot's top-left corner, one per line, so a
 * narrow chart (the run panel's) still names every series instead of silently dropping some.
 */
record LegendLayout(boolean inBox, double[] x) {
    /** Space from an entry's swatch to its text, and between entries on the title line. */
    static final double SWATCH = 22;
    static final double GAP = 14;

    /**
     * Places entries of text widths {@code widths} on a title line that ends at {@code right} and must keep clear
     * of {@code titleEnd}. On the line, {@code x[i]} is the right edge of entry {@code i}'s text; in the box it is
     * unused (entries stack in order).
     */
    static LegendLayout place(double[] widths, double right, double titleEnd) {
        double[] x = new double[widths.length];
        double r = right;
        for (int i = widths.length - 1; i >= 0; i--) {
            if (r - widths[i] - SWATCH < titleEnd) return new LegendLayout(true, x);
            x[i] = r;
            r -= widths[i] + SWATCH + GAP;
        }
        return new LegendLayout(false, x);
    }
}
