package io.rlwb.app.ui.plot;

import io.rlwb.app.ui.theme.Theme;
import io.rlwb.app.ui.theme.Themes;
import javafx.beans.value.ChangeListener;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;

/**
 * Base of the inspection charts: a {@link Canvas} that fills this region and is repainted by {@link #paint}
 * at most once per frame through a {@link RedrawThrottle}, with the colours of the scene's theme (repainted when
 * the theme or the size changes). Subclasses call {@link #requestRedraw()} when their data or view changes.
 * The frame timer runs only while the chart is in a scene.
 */
public abstract class PlotCanvas extends Region {
    private final Canvas canvas = new Canvas();
    private final RedrawThrottle throttle = new RedrawThrottle(this::drawNow);
    private final ChangeListener<Theme> themeListener = (o, a, b) -> requestRedraw();
    private PlotColors colors = PlotColors.of(Theme.LIGHT);
    private long paints;
    private long paintNanos;
    private long maxPaintNanos;
    private long paintsAtReset;

    protected PlotCanvas() {
        getStyleClass().add("plot-canvas");
        getChildren().add(canvas);
        sceneProperty().addListener((o, old, scene) -> {
            if (old != null) Themes.themeProperty(old).removeListener(themeListener);
            if (scene != null) {
                Themes.themeProperty(scene).addListener(themeListener);
                throttle.start();
                requestRedraw();
            } else {
                throttle.stop();
            }
        });
        setMinSize(160, 120);
        setPrefSize(420, 300);
    }

    /** Draws the chart on {@code g}, a {@code w x h} canvas already cleared, in colours {@code c}. */
    protected abstract void paint(GraphicsContext g, double w, double h, PlotColors c);

    /** Asks for a repaint at the next frame. */
    public final void requestRedraw() {
        throttle.request();
    }

    /** Repaints now, whether asked for or not (tests and snapshots; the UI thread). */
    public final void drawNow() {
        Scene scene = getScene();
        colors = PlotColors.of(scene == null ? Theme.LIGHT : Themes.of(scene));
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (w < 2 || h < 2) return;
        paints++;
        long t0 = System.nanoTime();
        paint(g, w, h, colors);
        long dt = System.nanoTime() - t0;
        paintNanos += dt;
        maxPaintNanos = Math.max(maxPaintNanos, dt);
    }

    /** Time spent in {@link #paint} so far, in nanoseconds (benchmarks). */
    public final long paintNanos() {
        return paintNanos;
    }

    /** Forgets the paint times so far (benchmarks measure after a warm-up); the paint count stays. */
    public final void resetPaintStats() {
        paintNanos = 0;
        maxPaintNanos = 0;
        paintsAtReset = paints;
    }

    /** Paints since the last {@link #resetPaintStats()}. */
    public final long paintsSinceReset() {
        return paints - paintsAtReset;
    }

    /** The longest single paint so far, in nanoseconds (benchmarks). */
    public final long maxPaintNanos() {
        return maxPaintNanos;
    }

    /** The frame throttle (to add per-frame hooks, or count redraws). */
    public final RedrawThrottle throttle() {
        return throttle;
    }

    /** The colours of the last paint. */
    public final PlotColors colors() {
        return colors;
    }

    /** Paints done so far. */
    public final long paintCount() {
        return paints;
    }

    /** The canvas painted on (mouse handlers, snapshots). */
    public final Canvas canvas() {
        return canvas;
    }

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            requestRedraw();
        }
    }
}
