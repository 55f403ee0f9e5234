package io.rlwb.app.gui.canvas;

import java.util.HashMap;
import java.util.Map;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * Text measured once and cut with an ellipsis to fit a width. Results are cached by text, font and width,
 * so a frame measures nothing it measured before.
 */
final class TextFit {
    private static final int LIMIT = 20_000;
    private final Text probe = new Text();
    private final Map<String, String> fitted = new HashMap<>();
    private final Map<String, Double> widths = new HashMap<>();

    /** {@code text}, or its longest prefix plus "…" that is at most {@code width} wide in {@code font}. */
    String fit(String text, Font font, double width) {
        String key = font.getSize() + "|" + font.getName() + "|" + (int) width + "|" + text;
        String r = fitted.get(key);
        if (r != null) return r;
        if (fitted.size() > LIMIT) fitted.clear();
        if (width(text, font) <= width) {
            r = text;
        } else {
            int lo = 0;
            int hi = text.length();
            while (lo < hi) {
                int mid = (lo + hi + 1) / 2;
                if (width(text.substring(0, mid) + "\u2026", font) <= width) lo = mid;
                else hi = mid - 1;
            }
            r = text.substring(0, lo) + "\u2026";
        }
        fitted.put(key, r);
        return r;
    }

    /** The width of {@code text} in {@code font}. */
    double width(String text, Font font) {
        String key = font.getSize() + "|" + font.getName() + "|" + text;
        Double w = widths.get(key);
        if (w != null) return w;
        if (widths.size() > LIMIT) widths.clear();
        probe.setFont(font);
        probe.setText(text);
        double v = probe.getLayoutBounds().getWidth();
        widths.put(key, v);
        return v;
    }
}
