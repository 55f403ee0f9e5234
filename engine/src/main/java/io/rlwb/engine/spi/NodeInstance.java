package io.rlwb.engine.spi;

import io.rlwb.engine.nn.NamedTensors;
import io.rlwb.engine.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runtime object a node type's factory makes for one node of a graph. It hands out its component
 * outputs once (at compile time) and computes its data outputs on demand, at most once per pull epoch.
 * Most nodes have one output: make their instance with {@link #ofComponent} or {@link #ofData}.
 *
 * <p>Lifecycle (ADR 0020): the runtime builds every instance of a graph, drives the run, then {@linkplain #close()
 * closes} every instance it built, in reverse build order, whether the run completed, failed or was cancelled.
 * Checkpoints hold each instance's {@linkplain #saveState complete state}; a resumed run builds the graph afresh and
 * {@linkplain #restoreState restores} it before the first iteration.
 */
public interface NodeInstance extends Stateful, AutoCloseable {
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

    /**
     * Releases what the instance holds (threads, files, native memory). Called once, after the run, on success,
     * failure and cancel alike; must not throw for an instance that never ran. The default does nothing.
     */
    @Override
    default void close() throws Exception {}

    /**
     * Writes the instance's complete state. The default writes the {@link #checkpoint()} parameters, which is the
     * complete state of a node that holds nothing else.
     */
    @Override
    default void saveState(StateWriter out) {
        checkpoint().forEach(out::floats);
    }

    /**
     * Restores what {@link #saveState} wrote. The default accepts only an instance with nothing to restore: a node
     * with state must override both methods, so that resuming never silently continues from fresh state.
     */
    @Override
    default void restoreState(StateReader in) {
        if (!checkpoint().isEmpty()) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot restore its state");
        }
    }

    /** An instance whose one output, component {@code port}, is {@code value}; nothing to checkpoint. */
    static <T> NodeInstance ofComponent(PortSpec<T> port, T value) {
        return ofComponent(port, value, List.of());
    }

    /**
     * An instance whose one output, component {@code port}, is {@code value}, checkpointing {@code params} by
     * name (a name met again, as in twin networks, gets {@code #2}, {@code #3}). Its state is the parameters'
     * values plus, when {@code value} is {@link Stateful} itself (an environment with episodes under way), that
     * value's state under {@code value.}; closing it closes {@code value} when that is {@link AutoCloseable}.
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

            @Override public void saveState(StateWriter out) {
                out.tensors("params", parameterTensors(params));
                if (value instanceof Stateful s) s.saveState(out.under("value"));
            }

            @Override public void restoreState(StateReader in) {
                NamedTensors.copyInto(parameterTensors(params), in.tensors("params"), "parameters of " + name);
                if (value instanceof Stateful s) s.restoreState(in.under("value"));
            }

            @Override public void close() throws Exception {
                if (value instanceof AutoCloseable c) c.close();
            }
        };
    }

    /** The live values of {@code params} by name, a repeated name numbered {@code #2}, {@code #3}. */
    static Map<String, org.nd4j.linalg.api.ndarray.INDArray> parameterTensors(List<Parameter> params) {
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> m = new LinkedHashMap<>();
        for (Parameter pa : params) {
            String key = pa.name();
            for (int k = 2; m.containsKey(key); k++) key = pa.name() + "#" + k;
            m.put(key, pa.value());
        }
        return m;
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

    /**
     * An instance whose one output, data {@code port}, is computed by {@code compute} when pulled, and whose state is
     * {@code state}'s (the object that computes it: a collector with episodes under way).
     */
    static <T> NodeInstance ofData(PortSpec<T> port, Supplier<? extends T> compute, Stateful state) {
        String name = port.name();
        return new NodeInstance() {
            @Override public Object compute(String p) {
                if (!p.equals(name)) throw new IllegalArgumentException("no data output '" + p + "'");
                return compute.get();
            }

            @Override public void saveState(StateWriter out) { state.saveState(out); }

            @Override public void restoreState(StateReader in) { state.restoreState(in); }

            @Override public void close() throws Exception {
                if (state instanceof AutoCloseable c) c.close();
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
