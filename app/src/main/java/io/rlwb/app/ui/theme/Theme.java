package io.rlwb.app.ui.theme;

import java.util.List;
import javafx.scene.paint.Color;

/**
 * A look of the workbench: the stylesheets that make it, in order, and the colours of what views draw
 * themselves on a canvas (grid dots, node surfaces, chart grid lines), which CSS cannot reach.
 */
public enum Theme {
    /** Slate on near-white; the default. */
    LIGHT(false, "#f8fafc", "#cbd5e1", "#ffffff", "#dbe2ea", "#0f172a", "#64748b", "#e9edf2"),
    /** Light text on deep slate, for long sessions and dim rooms. */
    DARK(true, "#12161d", "#2c3542", "#1c222b", "#323c4a", "#e6ebf2", "#93a1b5", "#27303c");

    /** The base stylesheet of the application (light values for every style class). */
    public static final String BASE_CSS = "/io/rlwb/app/gui/workbench.css";
    /** Styles of the palette, quick search, property sheet and minimap, and the variables they use. */
    public static final String EDITOR_CSS = "/io/rlwb/app/gui/editor-views.css";
    /** Overrides of the dark theme; loaded after the other two. */
    public static final String DARK_CSS = "/io/rlwb/app/gui/workbench-dark.css";

    private final boolean dark;
    private final Color canvasBackground;
    private final Color gridDot;
    private final Color nodeSurface;
    private final Color nodeBorder;
    private final Color text;
    private final Color mutedText;
    private final Color chartGrid;

    Theme(boolean dark, String canvasBackground, String gridDot, String nodeSurface, String nodeBorder, String text,
          String mutedText, String chartGrid) {
        this.dark = dark;
        this.canvasBackground = Color.web(canvasBackground);
        this.gridDot = Color.web(gridDot);
        this.nodeSurface = Color.web(nodeSurface);
        this.nodeBorder = Color.web(nodeBorder);
        this.text = Color.web(text);
        this.mutedText = Color.web(mutedText);
        this.chartGrid = Color.web(chartGrid);
    }

    /** Whether this is a dark theme. */
    public boolean isDark() {
        return dark;
    }

    /** Classpath resources of the stylesheets, in the order they are to be added to a scene. */
    public List<String> stylesheetResources() {
        return dark ? List.of(BASE_CSS, EDITOR_CSS, DARK_CSS) : List.of(BASE_CSS, EDITOR_CSS);
    }

    /** The graph canvas's background. */
    public Color canvasBackground() {
        return canvasBackground;
    }

    /** The dots of the canvas grid. */
    public Color gridDot() {
        return gridDot;
    }

    /** The body of a node card. */
    public Color nodeSurface() {
        return nodeSurface;
    }

    /** The border of a node card. */
    public Color nodeBorder() {
        return nodeBorder;
    }

    /** Body text drawn on a canvas. */
    public Color text() {
        return text;
    }

    /** Secondary text drawn on a canvas (axis labels, hints). */
    public Color mutedText() {
        return mutedText;
    }

    /** Grid lines of charts. */
    public Color chartGrid() {
        return chartGrid;
    }

    /** The tinted header of a node card of category colour {@code accent}. */
    public Color headerTint(Color accent) {
        return nodeSurface.interpolate(accent, dark ? 0.20 : 0.09);
    }
}
