package io.rlwb.engine.spi;

import java.util.Objects;

/**
 * A typed input or output port of a node type. Declare each port once as a constant and use the constant in the
 * node type's declaration, its inference ({@link InferContext#inputShape(PortSpec, Class)}) and its factory
 * ({@link BuildContext#component(PortSpec)}), so a port's name is written in one place.
 *
 * @param name port name, unique among the node type's inputs (or outputs)
 * @param type what flows through it
 * @param required for inputs: validation fails when nothing is wired in
 * @param description one line for tooltips and {@code workbench nodes}
 * @param <T> the Java type of the values on the port
 */
public record PortSpec<T>(String name, PortType<T> type, boolean required, String description) {
    public PortSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
    }

    public static <T> PortSpec<T> in(String name, PortType<T> type, String description) {
        return new PortSpec<>(name, type, true, description);
    }

    public static <T> PortSpec<T> optionalIn(String name, PortType<T> type, String description) {
        return new PortSpec<>(name, type, false, description);
    }

    public static <T> PortSpec<T> out(String name, PortType<T> type, String description) {
        return new PortSpec<>(name, type, false, description);
    }
}
