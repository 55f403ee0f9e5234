package io.rlwb.engine.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a node type's shape inference sees: its parameters, the shapes arriving on its inputs, and where to
 * put the shapes of its outputs and its complaints. Runs before anything is built.
 */
public interface InferContext {
    String nodeId();

    JsonNode param(String name);

    default int intParam(String name) { return param(name).asInt(); }

    default double doubleParam(String name) { return param(name).asDouble(); }

    /** The shape on input {@code port}, or null when nothing is wired or upstream inference failed. */
    <T> T inputShape(String port, Class<T> type);

    void outputShape(String port, Object shape);

    /** Reports a problem on this node (port may be null). */
    void error(String port, String message);

    void warning(String port, String message);

    /** The shape on input {@code port}, or null when nothing is wired or upstream inference failed. */
    default <T> T inputShape(PortSpec<?> port, Class<T> type) { return inputShape(port.name(), type); }

    default void outputShape(PortSpec<?> port, Object shape) { outputShape(port.name(), shape); }
}
