package io.rlwb.app.ui.plot;

import io.rlwb.app.ui.theme.Theme;
import java.util.List;
import javafx.scene.paint.Color;

/**
 * The colours a chart draws with, taken from a {@link Theme} (canvas drawing cannot read CSS): background,
 * grid, axis and text colours, and a categorical palette for series (runs, objectives, layers) that stays
 * readable on the theme's background.
 *
 * @param background behind the whole chart
 * @param grid grid lines
 * @param axis axis lines and tick marks
 * @param text titles and legends
 * @param muted tick labels, hints and empty-state messages
 * @param palette series colours, used in order and repeated
 */
public record PlotColors(Color background, Color grid, Color axis, Color text, Color muted, List<Color> palette) {
    private static final List<Color> LIGHT_PALETTE = webs("#2563eb", "#f97316", "#16a34a", "#dc2626", "#9333ea",
            "#0891b2", "#ca8a04", "#db2777");
    private static final List<Color> DARK_PALETTE = webs("#60a5fa", "#fb923c", "#4ade80", "#f87171", "#c084fc",
            "#22d3ee", "#facc15", "#f472b6");

    /** The colours of theme {@code t} (the light theme when null). */
    public static PlotColors of(Theme t) {
        Theme theme = t == null ? Theme.LIGHT : t;
        return new PlotColors(theme.nodeSurface(), theme.chartGrid(), theme.mutedText().deriveColor(0, 1, 1, 0.7),
                theme.text(), theme.mutedText(), theme.isDark() ? DARK_PALETTE : LIGHT_PALETTE);
    }

    /** The {@code i}-th series colour (wrapping around). */
    public Color series(int i) {
        return palette.get(Math.floorMod(i, palette.size()));
    }

    /** Series colour {@code i} at opacity {@code alpha}. */
    public Color series(int i, double alpha) {
        Color c = series(i);
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static List<Color> webs(String... hex) {
        return java.util.Arrays.stream(hex).map(Color::web).toList();
    }
}
