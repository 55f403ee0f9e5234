package io.rlwb.app.gui.canvas;

import javafx.scene.paint.Color;

/**
 * The colours the canvas paints with (it is drawn, not styled, so CSS cannot reach it): a light and a dark
 * set, matching {@code io.rlwb.app.ui.theme.Theme}. Category and port-type colours come from
 * {@link io.rlwb.app.ui.graph.GraphStyle} in both.
 */
public record CanvasPalette(Color background, Color gridDot, Color cardBody, Color cardBorder, Color cardRule,
                            Color title, Color muted, Color portLabel, Color shadow, Color selection,
                            Color error, Color warning, Color ok, Color running, Color done, Color groupFill,
                            Color groupBorder, Color groupTitle, Color unknownBody, Color band) {
    /** The light theme's canvas. */
    public static final CanvasPalette LIGHT = new CanvasPalette(
            Color.web("#f8fafc"), Color.web("#cbd5e1"), Color.WHITE, Color.web("#d5dde7"), Color.web("#edf1f5"),
            Color.web("#0f172a"), Color.web("#64748b"), Color.web("#334155"), Color.rgb(15, 23, 42, 0.08),
            Color.web("#2563eb"), Color.web("#dc2626"), Color.web("#f59e0b"), Color.web("#16a34a"),
            Color.web("#2563eb"), Color.web("#16a34a"), Color.rgb(99, 102, 241, 0.06), Color.rgb(99, 102, 241, 0.35),
            Color.web("#4338ca"), Color.web("#f1f5f9"), Color.rgb(37, 99, 235, 0.10));
    /** The dark theme's canvas. */
    public static final CanvasPalette DARK = new CanvasPalette(
            Color.web("#12161d"), Color.web("#2c3542"), Color.web("#1c222b"), Color.web("#323c4a"), Color.web("#2a323e"),
            Color.web("#e6ebf2"), Color.web("#93a1b5"), Color.web("#c6cfdb"), Color.rgb(0, 0, 0, 0.35),
            Color.web("#60a5fa"), Color.web("#f87171"), Color.web("#fbbf24"), Color.web("#4ade80"),
            Color.web("#60a5fa"), Color.web("#4ade80"), Color.rgb(129, 140, 248, 0.08), Color.rgb(129, 140, 248, 0.45),
            Color.web("#a5b4fc"), Color.web("#181d25"), Color.rgb(96, 165, 250, 0.14));
}
