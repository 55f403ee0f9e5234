package io.rlwb.engine.spi;

import java.util.Objects;

/**
 * A typed input or output port of a node type.
 *
 * @param name port name, unique among the node type's inputs (or outputs)
 * @param type what flows through it
 * @param required for inputs: validation fails when nothing is wired in
 * @param description one line for tooltips and {@code workbench nodes}
 */
public record PortSpec(String name, PortType type, boolean required, String description) {
    public PortSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
    }

    public static PortSpec in(String name, PortType type, String description) {
        return new PortSpec(name, type, true, description);
    }

    public static PortSpec optionalIn(String name, PortType type, String description) {
        return new PortSpec(name, type, false, description);
    }

    public static PortSpec out(String name, PortType type, String description) {
        return new PortSpec(name, type, false, description);
    }
}
