package io.rlwb.app.ui.plot;

import java.nio.IntBuffer;
import java.util.Arrays;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/**
 * A pixel buffer that long series are drawn into before the chart draws it as one image: anti-aliased lines
 * (Xiaolin Wu's algorithm) and vertical bars blended into an int ARGB array on the UI thread. The software
 * renderer rasterises thousands of anti-aliased canvas strokes slowly; blending them here and handing the
 * renderer one image keeps live charts of 100,000 points at frame rate. Reused across frames: no allocation
 * unless the size changes.
 */
public final class RasterLayer {
    private int width;
    private int height;
    private int[] pixels = new int[0];
    private IntBuffer buffer;
    private PixelBuffer<IntBuffer> pixelBuffer;
    private WritableImage image;

    /** Makes the layer {@code w x h} pixels and clears it to transparent. */
    public void reset(int w, int h) {
        w = Math.max(1, w);
        h = Math.max(1, h);
        if (w != width || h != height || image == null) {
            width = w;
            height = h;
            buffer = IntBuffer.allocate(w * h);
            pixels = buffer.array();
            pixelBuffer = new PixelBuffer<>(w, h, buffer, PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(pixelBuffer);
        } else {
            Arrays.fill(pixels, 0);
        }
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** The image of the layer as drawn so far (call after drawing; shares the buffer). */
    public WritableImage image() {
        pixelBuffer.updateBuffer(b -> null);
        return image;
    }

    /** An anti-aliased line of about {@code lineWidth} pixels from (x0, y0) to (x1, y1) in layer pixels. */
    public void line(double x0, double y0, double x1, double y1, Color c, double lineWidth) {
        if (!(Double.isFinite(x0) && Double.isFinite(y0) && Double.isFinite(x1) && Double.isFinite(y1))) return;
        int n = Math.max(1, (int) Math.round(lineWidth));
        boolean steep = Math.abs(y1 - y0) > Math.abs(x1 - x0);
        for (int k = 0; k < n; k++) {
            double off = k - (n - 1) / 2.0;
            if (steep) wu(x0 + off, y0, x1 + off, y1, c);
            else wu(x0, y0 + off, x1, y1 + off, c);
        }
    }

    /** A one-pixel vertical bar at column {@code x} from {@code y0} to {@code y1}. */
    public void vbar(double x, double y0, double y1, Color c) {
        int xi = (int) Math.floor(x);
        if (xi < 0 || xi >= width) return;
        int a = (int) Math.floor(Math.min(y0, y1));
        int b = (int) Math.ceil(Math.max(y0, y1));
        a = Math.max(0, a);
        b = Math.min(height - 1, b);
        int argb = premultiplied(c, 1);
        for (int y = a; y <= b; y++) blend(xi, y, argb);
    }

    /** A filled dot of radius {@code r} (markers). */
    public void dot(double cx, double cy, double r, Color c) {
        int x0 = (int) Math.floor(cx - r - 1);
        int x1 = (int) Math.ceil(cx + r + 1);
        int y0 = (int) Math.floor(cy - r - 1);
        int y1 = (int) Math.ceil(cy + r + 1);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
                double cover = Math.max(0, Math.min(1, r + 0.5 - d));
                if (cover > 0) plot(x, y, c, cover);
            }
        }
    }

    private void wu(double x0, double y0, double x1, double y1, Color c) {
        boolean steep = Math.abs(y1 - y0) > Math.abs(x1 - x0);
        if (steep) {
            double t = x0; x0 = y0; y0 = t;
            t = x1; x1 = y1; y1 = t;
        }
        if (x0 > x1) {
            double t = x0; x0 = x1; x1 = t;
            t = y0; y0 = y1; y1 = t;
        }
        double dx = x1 - x0;
        double gradient = dx < 1e-9 ? 1 : (y1 - y0) / dx;
        int limit = steep ? height : width;
        int xs = (int) Math.max(0, Math.round(x0));
        int xe = (int) Math.min(limit - 1, Math.round(x1));
        double y = y0 + gradient * (xs - x0);
        for (int x = xs; x <= xe; x++, y += gradient) {
            int yi = (int) Math.floor(y);
            double f = y - yi;
            if (steep) {
                plot(yi, x, c, 1 - f);
                plot(yi + 1, x, c, f);
            } else {
                plot(x, yi, c, 1 - f);
                plot(x, yi + 1, c, f);
            }
        }
    }

    private void plot(int x, int y, Color c, double cover) {
        if (x < 0 || y < 0 || x >= width || y >= height || cover <= 0.004) return;
        blend(x, y, premultiplied(c, cover));
    }

    private static int premultiplied(Color c, double cover) {
        double a = c.getOpacity() * cover;
        int ai = (int) Math.round(a * 255);
        int r = (int) Math.round(c.getRed() * a * 255);
        int g = (int) Math.round(c.getGreen() * a * 255);
        int b = (int) Math.round(c.getBlue() * a * 255);
        return ai << 24 | r << 16 | g << 8 | b;
    }

    /** Source-over blend of a premultiplied colour. */
    private void blend(int x, int y, int src) {
        int i = y * width + x;
        int dst = pixels[i];
        int sa = src >>> 24;
        if (sa == 255 || dst == 0) {
            pixels[i] = src;
            return;
        }
        int inv = 255 - sa;
        int a = sa + ((dst >>> 24) * inv + 127) / 255;
        int r = ((src >> 16) & 0xff) + (((dst >> 16) & 0xff) * inv + 127) / 255;
        int g = ((src >> 8) & 0xff) + (((dst >> 8) & 0xff) * inv + 127) / 255;
        int b = (src & 0xff) + ((dst & 0xff) * inv + 127) / 255;
        pixels[i] = Math.min(255, a) << 24 | Math.min(255, r) << 16 | Math.min(255, g) << 8 | Math.min(255, b);
    }
}
