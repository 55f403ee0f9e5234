package io.rlwb.engine.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a node type's factory sees when the graph is compiled: parameters (defaults filled in), the
 * components wired into its inputs, pull handles for its data inputs, inferred shapes and a seed.
 */
public interface BuildContext {
    String nodeId();

    JsonNode param(String name);

    default int intParam(String name) { return param(name).asInt(); }

    default long longParam(String name) { return param(name).asLong(); }

    default double doubleParam(String name) { return param(name).asDouble(); }

    default boolean boolParam(String name) { return param(name).asBoolean(); }

    default String stringParam(String name) { return param(name).asText(); }

    default int[] intListParam(String name) {
        JsonNode a = param(name);
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).asInt();
        return r;
    }

    /** The component wired into input {@code port}, or null for an unwired optional input. */
    <T> T component(String port, Class<T> type);

    /** All components wired into input {@code port} (ports that accept several wires). */
    <T> List<T> components(String port, Class<T> type);

    /** A handle that pulls the current value of data input {@code port}, computing upstream nodes as needed. */
    <T> Supplier<T> data(String port, Class<T> type);

    /** The inferred shape on input {@code port}. */
    <T> T inputShape(String port, Class<T> type);

    /** The component wired into input {@code port}, or null for an unwired optional input. */
    default <T> T component(PortSpec<T> port) { return component(port.name(), port.type().valueType()); }

    /** All components wired into input {@code port}. */
    default <T> List<T> components(PortSpec<T> port) { return components(port.name(), port.type().valueType()); }

    /** A handle that pulls the current value of data input {@code port}. */
    default <T> Supplier<T> data(PortSpec<T> port) { return data(port.name(), port.type().valueType()); }

    /** The inferred shape on input {@code port}. */
    default <S> S inputShape(PortSpec<?> port, Class<S> type) { return inputShape(port.name(), type); }

    /** The run's services (counters, metrics, telemetry, cancellation); valid for the whole run. */
    RunServices run();

    /** A seed for this node, derived from the run seed and the node id, so adding a node reseeds no other. */
    long rngSeed();
}
