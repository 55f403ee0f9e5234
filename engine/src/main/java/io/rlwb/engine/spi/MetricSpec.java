package io.rlwb.engine.spi;

import java.util.Objects;

/**
 * A scalar metric a node type records ({@link RunServices#metric}), declared with the node type so the palette,
 * the run panel, the reports and {@code workbench nodes} learn the keys from the declaration instead of repeating
 * them. Declare it once as a constant next to the code that records it, and record through {@link #key()}.
 *
 * @param key the metric key ("charts/episodic_return"); a key with a {@code <placeholder>} stands for a family
 *            ("reward/weight_<objective>")
 * @param role what the metric means to the views that pick headline numbers
 * @param description one line: what is measured, in which unit
 */
public record MetricSpec(String key, Role role, String description) {
    /** What a metric means to the views. */
    public enum Role {
        /** The return of finished training episodes: the run panel's live curve and progress line. */
        TRAINING_RETURN,
        /** The mean return of separate evaluation episodes: the run's headline result. */
        EVALUATION_RETURN,
        /** Worth a chart in every report when present (losses, front metrics). */
        KEY,
        /** Recorded for inspection; charted on request. */
        DETAIL
    }

    public MetricSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(role, "role of " + key);
        description = description == null ? "" : description;
    }

    public static MetricSpec of(String key, Role role, String description) {
        return new MetricSpec(key, role, description);
    }

    /** True for a family key such as {@code reward/weight_<objective>}. */
    public boolean isFamily() {
        return key.contains("<");
    }

    /** True when {@code recorded} is this key, or a member of this family. */
    public boolean matches(String recorded) {
        if (!isFamily()) return key.equals(recorded);
        String prefix = key.substring(0, key.indexOf('<'));
        return recorded.startsWith(prefix) && recorded.length() > prefix.length();
    }
}
