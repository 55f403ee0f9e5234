package io.rlwb.engine.spi;

/**
 * The runtime object a node type's factory makes for one node of a graph. It hands out its component
 * outputs once (at compile time) and computes its data outputs on demand, at most once per pull epoch.
 */
public interface NodeInstance {
    /** The object on component output {@code port}. Called once per wire when the graph is compiled. */
    default Object component(String port) {
        throw new UnsupportedOperationException("no component output '" + port + "'");
    }

    /** Computes data output {@code port}; the runtime caches the result for the current pull epoch. */
    default Object compute(String port) {
        throw new UnsupportedOperationException("no data output '" + port + "'");
    }

    /** Parameters worth saving in a checkpoint, by name; empty when the node has none. */
    default java.util.Map<String, float[]> checkpoint() {
        return java.util.Map.of();
    }
}
