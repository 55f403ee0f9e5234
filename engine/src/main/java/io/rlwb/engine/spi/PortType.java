package io.rlwb.engine.spi;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The type of what flows along a wire: a name, whether it is a component or data, the Java type every value
 * implements, and capabilities. On an output the capabilities are what its values offer; on an input, what the
 * node needs. An output feeds an input when the names and kinds agree, the output's Java type is the input's or a
 * subtype of it, and the output offers every capability the input needs. Port types are declared once as
 * constants ({@link PortTypes}, or a plugin's own) and derived with {@link #with}.
 *
 * @param id short stable name shown to users and used in messages ("policy", "trajectories")
 * @param kind component or data
 * @param valueType the Java type of every value on a port of this type
 * @param capabilities offered (outputs) or needed (inputs)
 * @param description one line for tooltips
 * @param <T> the Java type of the values
 */
public record PortType<T>(String id, PortKind kind, Class<T> valueType, Set<Capability> capabilities,
                          String description) {
    public PortType {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(valueType, "valueType of " + id);
        capabilities = Collections.unmodifiableSet(new LinkedHashSet<>(capabilities == null ? Set.of() : capabilities));
        description = description == null ? "" : description;
    }

    /**
     * A port type that says nothing about its values' Java type (for plugins written before typed ports): it
     * matches by name only.
     */
    @SuppressWarnings("unchecked")
    public PortType(String id, PortKind kind, String description) {
        this(id, kind, (Class<T>) Object.class, Set.of(), description);
    }

    /** A component port type whose values implement {@code type}. */
    public static <T> PortType<T> component(String id, Class<T> type, String description) {
        return new PortType<>(id, PortKind.COMPONENT, type, Set.of(), description);
    }

    /** A data port type whose values are {@code type}. */
    public static <T> PortType<T> data(String id, Class<T> type, String description) {
        return new PortType<>(id, PortKind.DATA, type, Set.of(), description);
    }

    /** The same type with these capabilities added (offered on an output, needed on an input). */
    public PortType<T> with(Capability... more) {
        Set<Capability> all = new LinkedHashSet<>(capabilities);
        all.addAll(List.of(more));
        return new PortType<>(id, kind, valueType, all, description);
    }

    /** True when an output of this type may feed an input of type {@code input}. */
    public boolean canFeed(PortType<?> input) {
        return mismatch(input).isEmpty();
    }

    /**
     * Why an output of this type cannot feed an input of type {@code input}, as a phrase about the output ("gives a
     * policy without 'trainable' (...)"); empty when it can.
     */
    public Optional<String> mismatch(PortType<?> input) {
        if (!id.equals(input.id) || kind != input.kind) {
            return Optional.of("gives " + id + ", not " + input.id);
        }
        if (!input.valueType.isAssignableFrom(valueType)) {
            return Optional.of("gives " + valueType.getSimpleName() + " values, not " + input.valueType.getSimpleName());
        }
        List<Capability> missing = input.capabilities.stream().filter(c -> !capabilities.contains(c)).toList();
        if (!missing.isEmpty()) {
            return Optional.of("gives a " + id + " without " + missing.stream()
                    .map(c -> "'" + c.id() + "' (" + c.description() + ")").collect(Collectors.joining(" and ")));
        }
        return Optional.empty();
    }

    /** "policy (component, Policy; trainable, replicable)": what {@code workbench nodes} and tooltips show. */
    public String describe() {
        String caps = capabilities.isEmpty() ? "" : "; " + capabilities.stream().map(Capability::id)
                .collect(Collectors.joining(", "));
        String java = valueType == Object.class ? "" : ", " + valueType.getSimpleName();
        return id + " (" + (kind == PortKind.COMPONENT ? "component" : "data") + java + caps + ")";
    }

    @Override
    public String toString() {
        return id;
    }
}
