package io.rlwb.engine.report;

import java.util.Locale;

/** A {@link VectorCanvas} that writes one inline {@code <svg>} element (no external resources). */
public final class SvgCanvas implements VectorCanvas {
    private final StringBuilder sb = new StringBuilder();
    private final double width;
    private final double height;

    /** An SVG of {@code width x height} user units. */
    public SvgCanvas(double width, double height, String title) {
        this.width = width;
        this.height = height;
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
                        + "role=\"img\" font-family=\"Helvetica, Arial, sans-serif\">",
                width, height, width, height));
        if (title != null) sb.append("<title>").append(Html.esc(title)).append("</title>");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String colour, double w, double opacity, boolean dashed) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" "
                + "stroke-width=\"%.2f\"%s%s/>", x1, y1, x2, y2, colour, w, opacity(opacity, "stroke-opacity"),
                dashed ? " stroke-dasharray=\"4 3\"" : ""));
    }

    @Override
    public void polyline(double[] xs, double[] ys, int n, String colour, double w, double opacity) {
        if (n <= 0) return;
        sb.append("<polyline fill=\"none\" stroke=\"").append(colour).append('"')
                .append(String.format(Locale.ROOT, " stroke-width=\"%.2f\"", w)).append(opacity(opacity, "stroke-opacity"))
                .append(" stroke-linejoin=\"round\" stroke-linecap=\"round\" points=\"");
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(' ');
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f", xs[i], ys[i]));
        }
        sb.append("\"/>");
    }

    @Override
    public void rect(double x, double y, double w, double h, String fill, double fillOpacity, String stroke) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"%s",
                x, y, Math.max(0, w), Math.max(0, h), fill == null ? "none" : fill, opacity(fillOpacity, "fill-opacity")));
        if (stroke != null) sb.append(" stroke=\"").append(stroke).append("\" stroke-width=\"1\"");
        sb.append("/>");
    }

    @Override
    public void circle(double cx, double cy, double r, String fill, double opacity, String stroke) {
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"%s\"%s", cx, cy, r, fill,
                opacity(opacity, "fill-opacity")));
        if (stroke != null) sb.append(" stroke=\"").append(stroke).append("\" stroke-width=\"1\"");
        sb.append("/>");
    }

    @Override
    public void text(double x, double y, String s, double size, String colour, Anchor anchor, boolean bold) {
        String a = anchor == Anchor.START ? "start" : anchor == Anchor.MIDDLE ? "middle" : "end";
        sb.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.1f\" fill=\"%s\" "
                + "text-anchor=\"%s\"%s>", x, y, size, colour, a, bold ? " font-weight=\"bold\"" : ""))
                .append(Html.esc(s)).append("</text>");
    }

    private static String opacity(double o, String attr) {
        return o >= 1 ? "" : String.format(Locale.ROOT, " %s=\"%.2f\"", attr, o);
    }

    /** Width in user units. */
    public double width() {
        return width;
    }

    /** Height in user units. */
    public double height() {
        return height;
    }

    /** The finished element. */
    public String toSvg() {
        return sb + "</svg>";
    }
}
