package io.rlwb.app.ui.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javax.imageio.ImageIO;

/**
 * Pictures of views for tests and docs: snapshot a node, save it as PNG, and count the pixels that are not
 * background (or that have a given colour), so a test can tell a drawn chart from a blank one.
 */
public final class Snapshots {
    private Snapshots() {}

    /** A picture of {@code node} as drawn now (call on the UI thread). */
    public static WritableImage snapshot(Node node) {
        return node.snapshot(null, null);
    }

    /** Writes {@code image} as a PNG file, creating its folder. */
    public static void savePng(Image image, Path file) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
    }

    /** The most frequent colour of the picture: its background. */
    public static Color background(Image image) {
        return argbColor(background(pixels(image)));
    }

    /** Pixels that differ from the background (the most frequent colour) by more than {@code tolerance} (0..1). */
    public static long countNonBackground(Image image, double tolerance) {
        int[] px = pixels(image);
        return countFar(px, background(px), tolerance);
    }

    /** Pixels within {@code tolerance} (0..1, per channel) of colour {@code c}: the marks of one series. */
    public static long countColour(Image image, Color c, double tolerance) {
        int[] px = pixels(image);
        int target = ((int) Math.round(c.getRed() * 255) << 16) | ((int) Math.round(c.getGreen() * 255) << 8)
                | (int) Math.round(c.getBlue() * 255);
        long n = 0;
        for (int p : px) if (channelDistance(p, target) <= tolerance) n++;
        return n;
    }

    /**
     * Counts pixels of a PNG file on disk (a Chromium screenshot, a pdftoppm page) that differ from its
     * background by more than {@code tolerance}; needs no JavaFX toolkit.
     */
    public static long countNonBackground(Path png, double tolerance) throws IOException {
        java.awt.image.BufferedImage img = ImageIO.read(png.toFile());
        if (img == null) throw new IOException("not a PNG image: " + png);
        int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        return countFar(px, background(px), tolerance);
    }

    /** Largest per-channel difference of two colours (alpha ignored). */
    public static double distance(Color a, Color b) {
        return Math.max(Math.abs(a.getRed() - b.getRed()),
                Math.max(Math.abs(a.getGreen() - b.getGreen()), Math.abs(a.getBlue() - b.getBlue())));
    }

    private static int[] pixels(Image image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] px = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), px, 0, w);
        return px;
    }

    private static int background(int[] px) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < px.length; i += 3) counts.merge(px[i] & 0xffffff, 1, Integer::sum);
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
    }

    private static long countFar(int[] px, int bg, double tolerance) {
        long n = 0;
        for (int p : px) if (channelDistance(p, bg) > tolerance) n++;
        return n;
    }

    private static double channelDistance(int a, int b) {
        int dr = Math.abs(((a >> 16) & 0xff) - ((b >> 16) & 0xff));
        int dg = Math.abs(((a >> 8) & 0xff) - ((b >> 8) & 0xff));
        int db = Math.abs((a & 0xff) - (b & 0xff));
        return Math.max(dr, Math.max(dg, db)) / 255.0;
    }

    private static Color argbColor(int rgb) {
        return Color.rgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
    }
}
