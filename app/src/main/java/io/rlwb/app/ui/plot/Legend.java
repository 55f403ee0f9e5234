package io.rlwb.app.ui.plot;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * A one-line legend drawn right-aligned at the top of a chart: a colour swatch and a name per entry. Used by the
 * inspection views (distribution, Pareto, KV cache, credit).
 */
public final class Legend {
    private Legend() {}

    /** Width of {@code s} in {@code font}. */
    public static double textWidth(String s, Font font) {
        Text t = new Text(s);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }

    /**
     * Draws entries {@code names[i]} in colours {@code colours[i]} ending at x = {@code right}, baseline centred
     * on {@code y}.
     *
     * @return the x where the legend starts (titles must end before it)
     */
    public static double draw(GraphicsContext g, double right, double y, String[] names, Color[] colours, Color text) {
        Font f = PlotFrame.LABEL_FONT;
        g.setFont(f);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        double x = right;
        for (int i = names.length - 1; i >= 0; i--) {
            double w = textWidth(names[i], f);
            x -= w;
            g.setFill(text);
            g.fillText(names[i], x, y);
            x -= 16;
            g.setFill(colours[i]);
            g.fillRect(x, y - 4, 11, 8);
            x -= 14;
        }
        return x;
    }

    /**
     * The first of {@code titles} (longest first) that ends before a legend starting at {@code legendStart}, at the
     * top left; none if even the last does not fit. Narrow panes get a shorter title instead of an overlap.
     *
     * @return the title drawn, or null
     */
    public static String titleBefore(GraphicsContext g, double x, double y, double legendStart, Color text,
                                     String... titles) {
        for (String t : titles) {
            if (x + textWidth(t, PlotFrame.LABEL_FONT) < legendStart - 12) {
                title(g, x, y, t, text);
                return t;
            }
        }
        return null;
    }

    /** A title at the top left of the chart. */
    public static void title(GraphicsContext g, double x, double y, String title, Color text) {
        g.setFont(PlotFrame.LABEL_FONT);
        g.setFill(text);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(title, x, y);
    }
}
