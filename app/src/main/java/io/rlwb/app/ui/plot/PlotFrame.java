package io.rlwb.app.ui.plot;

import io.rlwb.engine.plot.Scale;
import io.rlwb.engine.plot.TickLabels;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The rectangle a chart plots into, inside margins that hold tick labels, axis titles and a legend line, and the
 * drawing of its grid, axes and tick labels. Pixel snapping keeps one-pixel lines crisp.
 *
 * @param left margin left of the plot (y tick labels)
 * @param right margin right of the plot
 * @param top margin above the plot (title and legend)
 * @param bottom margin below the plot (x tick labels and title)
 */
public record PlotFrame(double left, double right, double top, double bottom) {
    /** Margins of a chart with a title line and numeric axes. */
    public static final PlotFrame STANDARD = new PlotFrame(54, 16, 30, 36);
    /** Font of tick labels. */
    public static final Font TICK_FONT = Font.font("System", 11);
    /** Font of titles, legends and messages. */
    public static final Font LABEL_FONT = Font.font("System", 11.5);

    /** Width of the plot in a chart {@code w} pixels wide. */
    public double plotWidth(double w) {
        return Math.max(1, w - left - right);
    }

    /** Height of the plot in a chart {@code h} pixels high. */
    public double plotHeight(double h) {
        return Math.max(1, h - top - bottom);
    }

    /** Whether pixel (x, y) of a {@code w x h} chart lies on the plot. */
    public boolean contains(double x, double y, double w, double h) {
        return x >= left && x <= left + plotWidth(w) && y >= top && y <= top + plotHeight(h);
    }

    /** The x scale of a chart {@code w} wide over data {@code [d0, d1]}. */
    public Scale xScale(double d0, double d1, boolean log, double w) {
        return new Scale(log, d0, d1, left, left + plotWidth(w));
    }

    /** The y scale of a chart {@code h} high over data {@code [d0, d1]} (d0 at the bottom). */
    public Scale yScale(double d0, double d1, boolean log, double h) {
        return new Scale(log, d0, d1, top + plotHeight(h), top);
    }

    /** Ticks that fit along x (one per ~80 px). */
    public int xTickCount(double w) {
        return Math.max(2, (int) (plotWidth(w) / 80));
    }

    /** Ticks that fit along y (one per ~44 px). */
    public int yTickCount(double h) {
        return Math.max(2, (int) (plotHeight(h) / 44));
    }

    /** Draws grid lines, axes and tick labels of scales {@code x} and {@code y}, and the axis titles. */
    public void drawAxes(GraphicsContext g, double w, double h, Scale x, Scale y, PlotColors c, String xTitle,
                         String yTitle) {
        drawAxes(g, w, h, x, y, c, xTitle, yTitle, true);
    }

    /**
     * As {@link #drawAxes(GraphicsContext, double, double, Scale, Scale, PlotColors, String, String)}; without
     * {@code yTicks} the y axis has no grid lines or labels (for a chart whose height carries no quantity).
     */
    public void drawAxes(GraphicsContext g, double w, double h, Scale x, Scale y, PlotColors c, String xTitle,
                         String yTitle, boolean yTicks) {
        double pw = plotWidth(w);
        double ph = plotHeight(h);
        g.setLineWidth(1);
        g.setLineDashes();
        g.setFont(TICK_FONT);
        g.setFill(c.muted());
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (double t : yTicks ? y.ticks(yTickCount(h)) : java.util.List.<Double>of()) {
            double py = snap(y.map(t));
            if (py < top - 0.5 || py > top + ph + 0.5) continue;
            g.setStroke(c.grid());
            g.strokeLine(left, py, left + pw, py);
            g.fillText(TickLabels.of(t), left - 8, py);
        }
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (double t : x.ticks(xTickCount(w))) {
            double px = snap(x.map(t));
            if (px < left - 0.5 || px > left + pw + 0.5) continue;
            g.setStroke(c.grid());
            g.strokeLine(px, top, px, top + ph);
            g.setStroke(c.axis());
            g.strokeLine(px, top + ph, px, top + ph + 4);
            g.fillText(TickLabels.of(t), px, top + ph + 7);
        }
        g.setStroke(c.axis());
        g.strokeLine(left, snap(top + ph), left + pw, snap(top + ph));
        g.strokeLine(snap(left), top, snap(left), top + ph);
        if (xTitle != null) {
            g.setTextAlign(TextAlignment.RIGHT);
            g.setTextBaseline(VPos.BOTTOM);
            g.fillText(xTitle, left + pw, h - 2);
        }
        if (yTitle != null) {
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.CENTER);
            g.setFill(c.text());
            g.setFont(LABEL_FONT);
            g.fillText(yTitle, 8, top - 14);
        }
    }

    /** Clips drawing to the plot (call {@code g.restore()} after). */
    public void clip(GraphicsContext g, double w, double h) {
        g.save();
        g.beginPath();
        g.rect(left, top - 1, plotWidth(w) + 1, plotHeight(h) + 2);
        g.clip();
    }

    /** A message centred on the plot, for empty states. */
    public void message(GraphicsContext g, double w, double h, PlotColors c, String text) {
        Font font = Font.font("System", 13);
        g.setFont(font);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(c.muted());
        // Word-wrapped to the plot's width, so a narrow side panel shows the whole message.
        java.util.List<String> lines = new java.util.ArrayList<>();
        javafx.scene.text.Text measure = new javafx.scene.text.Text();
        measure.setFont(font);
        double max = Math.max(40, plotWidth(w) - 8);
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            measure.setText(candidate);
            if (line.length() > 0 && measure.getLayoutBounds().getWidth() > max) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        double lh = 17;
        double y0 = top + plotHeight(h) / 2 - lh * (lines.size() - 1) / 2;
        for (int i = 0; i < lines.size(); i++) g.fillText(lines.get(i), left + plotWidth(w) / 2, y0 + i * lh);
    }

    /** The centre of the pixel at {@code v}, for crisp one-pixel lines. */
    public static double snap(double v) {
        return Math.floor(v) + 0.5;
    }
}
