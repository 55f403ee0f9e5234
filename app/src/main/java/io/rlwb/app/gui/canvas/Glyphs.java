package io.rlwb.app.gui.canvas;

import io.rlwb.app.ui.graph.GraphStyle;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import javafx.scene.text.Font;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.IkonHandler;
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
            // A FontIcon loads the icon font; its own font is set by CSS later, so the family comes from the handler.
            FontIcon fi = new FontIcon(ikon);
            String family = "Material Design Icons";
            for (IkonHandler h : ServiceLoader.load(IkonHandler.class)) {
                if (h.supports(ikon.getDescription())) family = h.getFontFamily();
            }
            return new Glyph(Font.font(family, size), fi.getText());
        });
    }
}
