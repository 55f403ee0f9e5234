package io.rlwb.engine.report;

/**
 * What report charts draw on: a few vector primitives with y pointing down, implemented for SVG
 * ({@link SvgCanvas}) and PDF ({@link PdfCanvas}), so the HTML and the PDF report draw the same charts from one
 * piece of code. Colours are {@code #rrggbb}.
 */
public interface VectorCanvas {
    /** Where a text's anchor point lies along it. */
    enum Anchor { START, MIDDLE, END }

    /** A straight line. */
    void line(double x1, double y1, double x2, double y2, String colour, double width, double opacity, boolean dashed);

    /** A polyline through the first {@code n} points. */
    void polyline(double[] xs, double[] ys, int n, String colour, double width, double opacity);

    /** A rectangle; {@code fill} or {@code stroke} may be null. */
    void rect(double x, double y, double w, double h, String fill, double fillOpacity, String stroke);

    /** A circle; {@code stroke} may be null. */
    void circle(double cx, double cy, double r, String fill, double opacity, String stroke);

    /** One line of text with its baseline at {@code y}. */
    void text(double x, double y, String s, double size, String colour, Anchor anchor, boolean bold);

    /** Approximate width of {@code s} at font size {@code size} (for layout). */
    default double textWidth(String s, double size) {
        return s.length() * size * 0.55;
    }
}
