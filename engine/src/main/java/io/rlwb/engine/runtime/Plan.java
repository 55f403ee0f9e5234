package io.rlwb.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.spi.BuildContext;
import io.rlwb.engine.spi.Capability;
import io.rlwb.engine.spi.Monitor;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortKind;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.engine.validate.GraphAnalysis;
import io.rlwb.engine.validate.Params;
import io.rlwb.engine.validate.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A compiled graph: one instance per node, built in topological order so each factory receives the
 * components wired into it; data outputs are pulled lazily and computed at most once per pull epoch.
 */
public final class Plan {
    private final Map<String, NodeInstance> instances = new LinkedHashMap<>();
    private final Map<String, NodeType> types;
    private final List<Map.Entry<String, Trainer>> trainers = new ArrayList<>();
    private final List<Map.Entry<String, Monitor>> monitors = new ArrayList<>();
    private final Map<String, Object> dataCache = new HashMap<>();
    private final Map<String, Long> dataEpoch = new HashMap<>();
    private long epoch;
    private final NodeActivity activity = new NodeActivity();

    private Plan(Map<String, NodeType> types) {
        this.types = types;
    }

    /**
     * Builds every node of a validated graph, in the order, along the wires and with the shapes of its
     * {@link GraphAnalysis} ({@link ValidationResult#analysis()}): the compiler walks no graph of its own.
     *
     * @param doc the graph file {@code validation} was made from
     * @throws NodeFailure when a factory fails, or a component is not what its output port declares; the
     *     message names the node
     */
    public static Plan compile(GraphDocument doc, ValidationResult validation, long seed, RunServices services) {
        if (!validation.ok()) {
            throw new IllegalArgumentException("graph has validation errors: " + validation.errors());
        }
        GraphAnalysis analysis = validation.analysis();
        Plan plan = new Plan(analysis.types());
        try {
            plan.build(analysis, seed, services);
        } catch (RuntimeException | Error e) {
            // The instances built before the failure may hold threads or files: close them (ADR 0020).
            String closeErrors = Runner.closeAll(plan);
            if (closeErrors != null) e.addSuppressed(new IllegalStateException(closeErrors));
            throw e;
        }
        return plan;
    }

    private void build(GraphAnalysis analysis, long seed, RunServices services) {
        Plan plan = this;
        for (String id : analysis.order()) {
            GraphNode n = analysis.nodes().get(id);
            NodeType type = analysis.types().get(id);
            BuildContext ctx = plan.buildContext(n, type, analysis, seed, services);
            NodeInstance inst;
            try {
                inst = type.factory().create(ctx);
            } catch (NodeFailure f) {
                throw f;
            } catch (RuntimeException e) {
                throw new NodeFailure(id, "could not be built: " + e.getMessage(), e);
            }
            plan.instances.put(id, inst);
            if (type.role() == NodeRole.TRAINER) {
                if (!(inst instanceof Trainer t)) throw new NodeFailure(id, type.id() + " is declared a trainer but is not one");
                plan.trainers.add(Map.entry(id, t));
            } else if (type.role() == NodeRole.MONITOR) {
                if (!(inst instanceof Monitor m)) throw new NodeFailure(id, type.id() + " is declared a monitor but is not one");
                plan.monitors.add(Map.entry(id, m));
            }
        }
    }

    private BuildContext buildContext(GraphNode n, NodeType type, GraphAnalysis analysis, long runSeed,
                                      RunServices services) {
        return new BuildContext() {
            @Override public String nodeId() { return n.id(); }

            @Override public JsonNode param(String name) { return Params.value(n, type, name); }

            @Override public <T> T component(String port, Class<T> cls) {
                List<T> all = components(port, cls);
                return all.isEmpty() ? null : all.get(0);
            }

            @Override public <T> List<T> components(String port, Class<T> cls) {
                PortSpec<?> in = requirePort(port, PortKind.COMPONENT);
                List<T> out = new ArrayList<>();
                for (GraphEdge e : analysis.wiresInto(n.id(), port)) {
                    Object c = instances.get(e.fromRef().node()).component(e.fromRef().port());
                    if (!cls.isInstance(c)) {
                        throw new NodeFailure(n.id(), "input '" + port + "' got " + (c == null ? "nothing" : c.getClass().getSimpleName())
                                + " from " + e.from() + ", expected " + cls.getSimpleName());
                    }
                    checkDeclared(e, c, analysis);
                    out.add(cls.cast(c));
                }
                return out;
            }

            @Override public <T> Supplier<T> data(String port, Class<T> cls) {
                requirePort(port, PortKind.DATA);
                List<GraphEdge> in = analysis.wiresInto(n.id(), port);
                if (in.isEmpty()) return () -> null;
                String fromNode = in.get(0).fromRef().node();
                String fromPort = in.get(0).fromRef().port();
                return () -> cls.cast(pull(fromNode, fromPort));
            }

            @Override public <T> T inputShape(String port, Class<T> cls) {
                Object s = analysis.inputShape(n.id(), port);
                return cls.isInstance(s) ? cls.cast(s) : null;
            }

            @Override public RunServices run() { return services; }

            @Override public long rngSeed() { return deriveSeed(runSeed, n.id()); }

            private PortSpec<?> requirePort(String port, PortKind kind) {
                PortSpec<?> p = type.input(port).orElseThrow(() -> new IllegalArgumentException(
                        type.id() + " has no input '" + port + "'"));
                if (p.type().kind() != kind) {
                    throw new IllegalArgumentException(type.id() + "." + port + " is a " + p.type().kind() + " port");
                }
                return p;
            }
        };
    }

    /**
     * Holds a component to what its output port declares: the Java type and the Java types of its capabilities.
     * A node type whose factory breaks its own declaration fails here, named, instead of somewhere downstream.
     */
    private static void checkDeclared(GraphEdge e, Object c, GraphAnalysis analysis) {
        PortSpec<?> out = analysis.types().get(e.fromRef().node()).output(e.fromRef().port()).orElseThrow();
        if (!out.type().valueType().isInstance(c)) {
            throw new NodeFailure(e.fromRef().node(), "output '" + out.name() + "' gave " + c.getClass().getSimpleName()
                    + ", but it is declared to give " + out.type().valueType().getSimpleName());
        }
        for (Capability cap : out.type().capabilities()) {
            if (!cap.implementedBy().isInstance(c)) {
                throw new NodeFailure(e.fromRef().node(), "output '" + out.name() + "' is declared " + cap.id()
                        + ", but its " + c.getClass().getSimpleName() + " does not implement "
                        + cap.implementedBy().getSimpleName());
            }
        }
    }

    /** Seed for a node: SplitMix64 of the run seed mixed with the node id, stable across graph edits. */
    public static long deriveSeed(long runSeed, String nodeId) {
        long h = runSeed * 0x9E3779B97F4A7C15L;
        for (byte b : nodeId.getBytes(StandardCharsets.UTF_8)) h = (h ^ b) * 0x100000001B3L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /**
     * The current value of a data output, computed if this epoch has not computed it yet (benchmarks and
     * inspectors use this; trainers pull through their {@link BuildContext#data} handles).
     */
    public Object output(String node, String port) {
        if (!instances.containsKey(node)) throw new IllegalArgumentException("no node '" + node + "'");
        return pull(node, port);
    }

    private Object pull(String node, String port) {
        String key = node + "." + port;
        Long e = dataEpoch.get(key);
        if (e != null && e == epoch) return dataCache.get(key);
        activity.enter(node);
        try {
            Object v = instances.get(node).compute(port);
            dataCache.put(key, v);
            dataEpoch.put(key, epoch);
            return v;
        } catch (NodeFailure f) {
            throw f;
        } catch (RuntimeException ex) {
            throw new NodeFailure(node, "failed computing '" + port + "': " + ex, ex);
        } finally {
            activity.exit();
        }
    }

    /** Starts a new pull epoch: data outputs computed before are stale. */
    public void nextEpoch() {
        epoch++;
    }

    /** The node executing right now (for highlighting), or null. */
    public String executing() {
        return activity.current();
    }

    /** Which node executes and where the time goes; readable from any thread. */
    public NodeActivity activity() {
        return activity;
    }

    public List<Map.Entry<String, Trainer>> trainers() {
        return trainers;
    }

    public List<Map.Entry<String, Monitor>> monitors() {
        return monitors;
    }

    public Map<String, NodeInstance> instances() {
        return instances;
    }

    public NodeType type(String nodeId) {
        return types.get(nodeId);
    }
}
