package io.rlwb.app.gui.canvas;

import io.rlwb.app.gui.GraphStyle;
import java.util.HashMap;
import java.util.Map;
import javafx.scene.text.Font;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Category icons (Ikonli) as font glyphs the canvas can draw with fillText, looked up once per category. */
final class Glyphs {
    /** A glyph: its font at the badge's size, and its text. */
    record Glyph(Font font, String text) {}

    private final Map<String, Glyph> byCategory = new HashMap<>();
    private final double size;

    Glyphs(double size) {
        this.size = size;
    }

    Glyph of(String category) {
        return byCategory.computeIfAbsent(category == null ? "" : category, c -> {
            Ikon ikon = GraphStyle.categoryIcon(c);
            FontIcon fi = new FontIcon(ikon);
            Font f = Font.font(fi.getFont().getFamily(), size);
            return new Glyph(f, fi.getText());
        });
    }
}
