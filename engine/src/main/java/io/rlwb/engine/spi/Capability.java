package io.rlwb.engine.spi;

import java.util.Objects;

/**
 * A property of what flows on a port beyond the Java type every value has: a policy whose log-probabilities carry
 * gradients, a component that can be replicated, a tanh-squashed Gaussian policy. An output port's type lists the
 * capabilities its values have; an input port's type lists the ones its node needs. A wire is refused when the
 * output lacks one the input needs ({@link PortType#mismatch}).
 *
 * @param id short stable name shown to users ("trainable", "replicable")
 * @param description what the capability promises, one line
 * @param implementedBy a Java type every value with the capability implements, checked when the graph is compiled;
 *                      {@code Object.class} when the capability is a promise no Java type expresses
 */
public record Capability(String id, String description, Class<?> implementedBy) {
    public Capability {
        Objects.requireNonNull(id, "id");
        description = description == null ? "" : description;
        implementedBy = implementedBy == null ? Object.class : implementedBy;
    }

    /** A capability that is a promise about behaviour, not a Java type. */
    public static Capability of(String id, String description) {
        return new Capability(id, description, Object.class);
    }

    /** A capability whose values implement {@code type}. */
    public static Capability implementing(String id, Class<?> type, String description) {
        return new Capability(id, description, type);
    }

    @Override
    public String toString() {
        return id;
    }
}
