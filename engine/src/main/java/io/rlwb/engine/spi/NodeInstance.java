package io.rlwb.engine.spi;

import io.rlwb.engine.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runtime object a node type's factory makes for one node of a graph. It hands out its component
 * outputs once (at compile time) and computes its data outputs on demand, at most once per pull epoch.
 * Most nodes have one output: make their instance with {@link #ofComponent} or {@link #ofData}.
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
    default Map<String, float[]> checkpoint() {
        return Map.of();
    }

    /** An instance whose one output, component {@code port}, is {@code value}; nothing to checkpoint. */
    static <T> NodeInstance ofComponent(PortSpec<T> port, T value) {
        return ofComponent(port, value, List.of());
    }

    /**
     * An instance whose one output, component {@code port}, is {@code value}, checkpointing {@code params} by
     * name (a name met again, as in twin networks, gets {@code #2}, {@code #3}).
     */
    static <T> NodeInstance ofComponent(PortSpec<T> port, T value, List<Parameter> params) {
        String name = port.name();
        return new NodeInstance() {
            @Override public Object component(String p) {
                if (!p.equals(name)) throw new IllegalArgumentException("no component output '" + p + "'");
                return value;
            }

            @Override public Map<String, float[]> checkpoint() {
                return checkpointOf(params);
            }
        };
    }

    /** An instance whose one output, data {@code port}, is computed by {@code compute} when pulled. */
    static <T> NodeInstance ofData(PortSpec<T> port, Supplier<? extends T> compute) {
        String name = port.name();
        return new NodeInstance() {
            @Override public Object compute(String p) {
                if (!p.equals(name)) throw new IllegalArgumentException("no data output '" + p + "'");
                return compute.get();
            }
        };
    }

    /** The values of {@code params} by name, a repeated name numbered {@code #2}, {@code #3}. */
    static Map<String, float[]> checkpointOf(List<Parameter> params) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Parameter pa : params) {
            String key = pa.name();
            for (int k = 2; m.containsKey(key); k++) key = pa.name() + "#" + k;
            m.put(key, pa.value().dup().data().asFloat());
        }
        return m;
    }
}
