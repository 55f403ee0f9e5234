package io.rlwb.engine.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;

/**
 * A {@link VectorCanvas} on a region of a PDF page, drawing vectors with PDFBox: y grows down from {@code top}
 * (PDF's own y grows up), text in the standard Helvetica fonts every PDF reader has (nothing is embedded or
 * fetched). Characters outside Latin-1 are drawn as '?'.
 */
public final class PdfCanvas implements VectorCanvas {
    static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

    private final PDPageContentStream cs;
    private final double ox;
    private final double top;

    /**
     * @param cs the page's content stream
     * @param ox x of this canvas's origin on the page
     * @param top PDF y of this canvas's origin (its top edge)
     */
    public PdfCanvas(PDPageContentStream cs, double ox, double top) {
        this.cs = cs;
        this.ox = ox;
        this.top = top;
    }

    private float px(double x) {
        return (float) (ox + x);
    }

    private float py(double y) {
        return (float) (top - y);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String colour, double width, double opacity,
                     boolean dashed) {
        try {
            cs.saveGraphicsState();
            alpha(opacity, true);
            stroke(colour);
            cs.setLineWidth((float) width);
            if (dashed) cs.setLineDashPattern(new float[] {4, 3}, 0);
            cs.moveTo(px(x1), py(y1));
            cs.lineTo(px(x2), py(y2));
            cs.stroke();
            cs.restoreGraphicsState();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void polyline(double[] xs, double[] ys, int n, String colour, double width, double opacity) {
        if (n <= 0) return;
        try {
            cs.saveGraphicsState();
            alpha(opacity, true);
            stroke(colour);
            cs.setLineWidth((float) width);
            cs.setLineJoinStyle(1);
            cs.setLineCapStyle(1);
            cs.moveTo(px(xs[0]), py(ys[0]));
            for (int i = 1; i < n; i++) cs.lineTo(px(xs[i]), py(ys[i]));
            if (n == 1) cs.lineTo(px(xs[0]) + 0.01f, py(ys[0]));
            cs.stroke();
            cs.restoreGraphicsState();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void rect(double x, double y, double w, double h, String fill, double fillOpacity, String stroke) {
        try {
            cs.saveGraphicsState();
            if (fill != null) {
                alpha(fillOpacity, false);
                fill(fill);
                cs.addRect(px(x), py(y + h), (float) w, (float) h);
                cs.fill();
            }
            if (stroke != null) {
                alpha(1, false);
                stroke(stroke);
                cs.setLineWidth(0.8f);
                cs.addRect(px(x), py(y + h), (float) w, (float) h);
                cs.stroke();
            }
            cs.restoreGraphicsState();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void circle(double cx, double cy, double r, String fill, double opacity, String stroke) {
        try {
            cs.saveGraphicsState();
            alpha(opacity, false);
            fill(fill);
            circlePath(cx, cy, r);
            cs.fill();
            if (stroke != null) {
                stroke(stroke);
                cs.setLineWidth(0.8f);
                circlePath(cx, cy, r);
                cs.stroke();
            }
            cs.restoreGraphicsState();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void circlePath(double cx, double cy, double r) throws IOException {
        double k = 0.5523 * r;
        float x = px(cx);
        float y = py(cy);
        float rr = (float) r;
        float kk = (float) k;
        cs.moveTo(x + rr, y);
        cs.curveTo(x + rr, y + kk, x + kk, y + rr, x, y + rr);
        cs.curveTo(x - kk, y + rr, x - rr, y + kk, x - rr, y);
        cs.curveTo(x - rr, y - kk, x - kk, y - rr, x, y - rr);
        cs.curveTo(x + kk, y - rr, x + rr, y - kk, x + rr, y);
        cs.closePath();
    }

    @Override
    public void text(double x, double y, String s, double size, String colour, Anchor anchor, boolean bold) {
        String t = latin1(s);
        try {
            PDType1Font f = bold ? BOLD : REGULAR;
            double w = f.getStringWidth(t) / 1000 * size;
            double sx = anchor == Anchor.START ? x : anchor == Anchor.MIDDLE ? x - w / 2 : x - w;
            cs.saveGraphicsState();
            fill(colour);
            cs.beginText();
            cs.setFont(f, (float) size);
            cs.newLineAtOffset(px(sx), py(y));
            cs.showText(t);
            cs.endText();
            cs.restoreGraphicsState();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public double textWidth(String s, double size) {
        try {
            return REGULAR.getStringWidth(latin1(s)) / 1000 * size;
        } catch (IOException e) {
            return VectorCanvas.super.textWidth(s, size);
        }
    }

    /** {@code s} with every character the standard fonts cannot show replaced. */
    static String latin1(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u00b7' || c == '\u2026' || c == '\u2013' || c == '\u2014') {
                b.append(c == '\u00b7' ? "\u00b7" : c == '\u2026' ? "..." : "-");
            } else if (c >= 32 && c < 127 || c >= 0xa0 && c <= 0xff) {
                b.append(c);
            } else {
                b.append('?');
            }
        }
        return b.toString();
    }

    private void stroke(String hex) throws IOException {
        int[] c = rgb(hex);
        cs.setStrokingColor(c[0] / 255f, c[1] / 255f, c[2] / 255f);
    }

    private void fill(String hex) throws IOException {
        int[] c = rgb(hex);
        cs.setNonStrokingColor(c[0] / 255f, c[1] / 255f, c[2] / 255f);
    }

    private void alpha(double a, boolean strokeOnly) throws IOException {
        if (a >= 1) return;
        PDExtendedGraphicsState gs = new PDExtendedGraphicsState();
        gs.setStrokingAlphaConstant((float) a);
        if (!strokeOnly) gs.setNonStrokingAlphaConstant((float) a);
        cs.setGraphicsStateParameters(gs);
    }

    static int[] rgb(String hex) {
        String h = hex.startsWith("#") ? hex.substring(1) : hex;
        int v = Integer.parseInt(h, 16);
        return new int[] {(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff};
    }
}
