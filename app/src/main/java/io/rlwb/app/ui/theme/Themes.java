package io.rlwb.app.ui.theme;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;

/**
 * Puts a {@link Theme} on a scene: replaces whatever theme stylesheets the scene had with the theme's, keeps
 * other stylesheets, and marks the root with {@code theme-light} or {@code theme-dark}. Views that draw on a
 * canvas listen to {@link #themeProperty(Scene)} and redraw with the theme's colours.
 *
 * <pre>{@code
 * Themes.apply(scene, Theme.DARK);
 * Themes.themeProperty(scene).addListener((o, a, b) -> canvas.redraw());
 * }</pre>
 *
 * Popups copy their owner scene's stylesheets when they are shown, so they follow the theme too.
 */
public final class Themes {
    private static final String KEY = Themes.class.getName() + ".theme";

    private Themes() {}

    /** Applies {@code theme} to {@code scene}; call again to switch. */
    public static void apply(Scene scene, Theme theme) {
        Objects.requireNonNull(scene, "scene");
        Objects.requireNonNull(theme, "theme");
        List<String> all = new ArrayList<>();
        for (Theme t : Theme.values()) for (String r : t.stylesheetResources()) all.add(url(r));
        List<String> kept = new ArrayList<>(scene.getStylesheets());
        kept.removeAll(all);
        List<String> mine = theme.stylesheetResources().stream().map(Themes::url).toList();
        // The theme first, so a view's own additions still win over it.
        List<String> next = new ArrayList<>(mine);
        next.addAll(kept);
        scene.getStylesheets().setAll(next);
        if (scene.getRoot() != null) {
            scene.getRoot().getStyleClass().removeAll("theme-light", "theme-dark");
            scene.getRoot().getStyleClass().add(theme.isDark() ? "theme-dark" : "theme-light");
        }
        themeProperty(scene).set(theme);
    }

    /** The theme applied to {@code scene}; {@link Theme#LIGHT} when none was. */
    public static Theme of(Scene scene) {
        return themeProperty(scene).get();
    }

    /** The theme of {@code scene}, observable; set it through {@link #apply}. */
    @SuppressWarnings("unchecked")
    public static ObjectProperty<Theme> themeProperty(Scene scene) {
        return (ObjectProperty<Theme>) scene.getProperties()
                .computeIfAbsent(KEY, k -> new SimpleObjectProperty<>(scene, "theme", Theme.LIGHT));
    }

    /** The external form of a stylesheet resource, as {@link Scene#getStylesheets()} holds it. */
    public static String url(String resource) {
        URL u = Themes.class.getResource(resource);
        if (u == null) throw new IllegalStateException("stylesheet not on the classpath: " + resource);
        return u.toExternalForm();
    }
}
