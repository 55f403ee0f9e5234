package io.rlwb.app.viewmodel.props;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.ParamType;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One row of the property sheet: a declared parameter (editable), a fact about the node (id, type), or a raw
 * value the node type does not declare (an unknown node type's parameters, kept as they are). Values change
 * only through {@link PropertiesViewModel}.
 */
public final class ParamItem {
    /** What a row is. */
    public enum Kind {
        /** A fact about the node: id or type. Read-only. */
        INFO,
        /** A parameter the node type declares. Editable. */
        PARAM,
        /** A value in the node's params that no declaration covers. Read-only, kept as it is. */
        RAW
    }

    private final Kind kind;
    private final String name;
    private final ParamSpec spec;
    private final String description;
    private final String note;
    private final ReadOnlyObjectWrapper<JsonNode> value = new ReadOnlyObjectWrapper<>(this, "value");
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private final ReadOnlyBooleanWrapper explicit = new ReadOnlyBooleanWrapper(this, "explicit");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

    ParamItem(Kind kind, String name, ParamSpec spec, String description) {
        this(kind, name, spec, description, "");
    }

    ParamItem(Kind kind, String name, ParamSpec spec, String description, String note) {
        this.kind = kind;
        this.name = name;
        this.spec = spec;
        this.description = description == null ? "" : description;
        this.note = note == null ? "" : note;
    }

    /** Sets what the row shows: the value, whether the node sets it, and the engine's verdict on it. */
    void show(JsonNode v, boolean isExplicit) {
        value.set(v);
        explicit.set(isExplicit);
        text.set(ParamText.format(v, spec == null ? null : spec.type()));
        problem.set(spec == null || v == null ? "" : ParamText.check(spec, v).orElse(""));
    }

    public Kind kind() { return kind; }

    /** The parameter name (or "id", "type" for facts). */
    public String name() { return name; }

    /** The declaration; null for {@link Kind#INFO} and {@link Kind#RAW} rows. */
    public ParamSpec spec() { return spec; }

    /** The value type; null for rows without a declaration. */
    public ParamType type() { return spec == null ? null : spec.type(); }

    /** Whether the row can be edited. */
    public boolean editable() { return kind == Kind.PARAM; }

    /** One or two sentences from the declaration. */
    public String description() { return description; }

    /** Unit shown beside the value, or empty. */
    public String unit() { return spec == null ? "" : spec.unit(); }

    /** Range as {@code [1e-7, 1]}, or empty. */
    public String rangeText() {
        return spec == null || spec.type() == ParamType.BOOL ? "" : ParamText.range(spec);
    }

    /** The default as text, or empty for rows without a declaration. */
    public String defaultText() { return spec == null ? "" : ParamText.format(spec.defaultValue(), spec.type()); }

    /** Allowed values of a choice, else empty. */
    public List<String> choices() { return spec == null ? List.of() : spec.choices(); }

    /** The value shown: the node's own, or the default when the node does not set it. */
    public ReadOnlyObjectProperty<JsonNode> valueProperty() { return value.getReadOnlyProperty(); }

    public JsonNode value() { return value.get(); }

    /** The value as its editor shows it. */
    public ReadOnlyStringProperty textProperty() { return text.getReadOnlyProperty(); }

    public String text() { return text.get(); }

    /** Whether the node sets this parameter itself (rather than using the default). */
    public ReadOnlyBooleanProperty explicitProperty() { return explicit.getReadOnlyProperty(); }

    public boolean isExplicit() { return explicit.get(); }

    /** What is wrong with the stored value (a file may hold one out of range), or empty. */
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }

    /** The hint under an editor: range, default and whether the value is the default. */
    public String hint() {
        if (spec == null) return note;
        List<String> parts = new ArrayList<>();
        if (!rangeText().isEmpty()) parts.add(rangeText());
        parts.add(isExplicit() ? "default " + defaultText() : "default");
        return String.join("  \u00b7  ", parts);
    }

    /** Tooltip text: description, default, range, unit. */
    public String tooltip() {
        StringBuilder b = new StringBuilder(name);
        if (!description.isBlank()) b.append('\n').append(description);
        if (spec != null) {
            b.append("\n\nType: ").append(spec.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            b.append("\nDefault: ").append(defaultText().isEmpty() ? "\u201c\u201d" : defaultText());
            if (!rangeText().isEmpty()) b.append("\nRange: ").append(rangeText());
            if (!unit().isEmpty()) b.append("\nUnit: ").append(unit());
            if (!choices().isEmpty()) b.append("\nChoices: ").append(String.join(", ", choices()));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return name + "=" + text.get() + (explicit.get() ? "" : " (default)");
    }
}
