package io.rlwb.engine.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.InferContext;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one analysis of a graph that the validator, the editor and the compiler share: the node types, which wires
 * hold (both ends exist and are declared, and the output's type can feed the input's, {@code PortType#mismatch}),
 * the order of the nodes along those wires and the cycles among them ({@link Topology}), and the shapes the node
 * types' inference functions give along them. It works on a broken graph too: a bad wire is left out (and
 * described in {@link #wireProblems}), a node of unknown type, with a bad parameter or on a cycle infers nothing,
 * and everything else is inferred, so the editor shows shapes while a graph is half-wired.
 */
public final class GraphAnalysis {
    private final Map<String, GraphNode> nodes = new LinkedHashMap<>();
    private final Map<String, NodeType> types = new LinkedHashMap<>();
    private final List<GraphEdge> wires = new ArrayList<>();
    private final Map<String, List<GraphEdge>> wiresInto = new LinkedHashMap<>();
    private final List<Diagnostic> wireProblems = new ArrayList<>();
    private final Map<String, Object> shapes = new LinkedHashMap<>();
    private final List<Diagnostic> inferenceProblems = new ArrayList<>();
    private final Topology topology;

    private GraphAnalysis(GraphDocument doc, NodeRegistry registry) {
        for (GraphNode n : doc.nodes()) {
            if (nodes.containsKey(n.id())) continue; // the validator reports the duplicate
            nodes.put(n.id(), n);
            registry.find(n.type()).ifPresent(t -> types.put(n.id(), t));
        }
        List<String[]> links = new ArrayList<>();
        for (GraphEdge e : doc.edges()) {
            if (checkWire(e)) {
                wires.add(e);
                wiresInto.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
                links.add(new String[] {e.fromRef().node(), e.toRef().node()});
            }
        }
        topology = Topology.of(nodes.keySet(), links);
        for (String id : topology.order()) infer(id);
    }

    /** Analyses {@code doc} with the node types of {@code registry}. Never throws for a bad graph. */
    public static GraphAnalysis of(GraphDocument doc, NodeRegistry registry) {
        return new GraphAnalysis(doc, registry);
    }

    private boolean checkWire(GraphEdge e) {
        PortRef from = e.fromRef();
        PortRef to = e.toRef();
        if (from == null || to == null) {
            String bad = from == null ? e.from() : e.to();
            String who = from != null ? from.node() : to != null ? to.node() : "graph";
            wireProblems.add(Diagnostic.error(who, null, "wire " + e + ": '" + bad + "' is not of the form node.port"));
            return false;
        }
        boolean ok = true;
        if (!nodes.containsKey(from.node())) {
            wireProblems.add(Diagnostic.error(to.node(), to.port(), "wired from '" + e.from()
                    + "', but there is no node '" + from.node() + "'"));
            ok = false;
        }
        if (!nodes.containsKey(to.node())) {
            wireProblems.add(Diagnostic.error(from.node(), from.port(), "wired to '" + e.to()
                    + "', but there is no node '" + to.node() + "'"));
            ok = false;
        }
        if (!ok) return false;
        NodeType ft = types.get(from.node());
        NodeType tt = types.get(to.node());
        // An end of unknown type is reported already; the end whose type is known is still checked.
        Optional<PortSpec<?>> out = ft == null ? Optional.empty() : ft.output(from.port());
        Optional<PortSpec<?>> in = tt == null ? Optional.empty() : tt.input(to.port());
        if (ft != null && out.isEmpty()) {
            wireProblems.add(Diagnostic.error(from.node(), from.port(), "wire " + e + ": " + ft.id()
                    + " has no output port '" + from.port() + "' (outputs: " + names(ft.outputs()) + ")"));
            ok = false;
        }
        if (tt != null && in.isEmpty()) {
            wireProblems.add(Diagnostic.error(to.node(), to.port(), "wire " + e + ": " + tt.id()
                    + " has no input port '" + to.port() + "' (inputs: " + names(tt.inputs()) + ")"));
            ok = false;
        }
        if (!ok || ft == null || tt == null) return false;
        Optional<String> why = out.get().type().mismatch(in.get().type());
        if (why.isPresent()) {
            wireProblems.add(Diagnostic.error(to.node(), to.port(), wireRefusal(e.from(), out.get(), in.get(), why.get())));
            return false;
        }
        return true;
    }

    /**
     * Why a wire from output {@code from} (declared {@code out}) cannot feed input {@code in}: the words the
     * validator and the editor both show, addressed to the input.
     */
    public static String wireRefusal(String from, PortSpec<?> out, PortSpec<?> in, String why) {
        if (!out.type().id().equals(in.type().id())) {
            return "expects " + in.type().id() + " but is wired from " + from + ", which gives " + out.type().id();
        }
        return "needs " + in.type().describe() + ", but " + from + " " + why;
    }

    private static String names(List<PortSpec<?>> ports) {
        return ports.isEmpty() ? "none" : ports.stream().map(PortSpec::name).collect(Collectors.joining(", "));
    }

    private void infer(String id) {
        GraphNode n = nodes.get(id);
        NodeType type = types.get(id);
        if (type == null || !paramsValid(n, type)) return; // the validator reports the type or the parameter
        InferContext ctx = new InferContext() {
            @Override public String nodeId() { return id; }

            @Override public JsonNode param(String name) { return Params.value(n, type, name); }

            @Override public <T> T inputShape(String port, Class<T> cls) {
                Object s = GraphAnalysis.this.inputShape(id, port);
                return cls.isInstance(s) ? cls.cast(s) : null;
            }

            @Override public void outputShape(String port, Object shape) { shapes.put(id + "." + port, shape); }

            @Override public void error(String port, String message) {
                inferenceProblems.add(Diagnostic.error(id, port, message));
            }

            @Override public void warning(String port, String message) {
                inferenceProblems.add(Diagnostic.warning(id, port, message));
            }
        };
        try {
            type.inference().infer(ctx);
        } catch (RuntimeException e) {
            inferenceProblems.add(Diagnostic.error(id, null, "shape inference of " + type.id() + " failed: " + e));
        }
    }

    private static boolean paramsValid(GraphNode n, NodeType type) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.params().fields(); it.hasNext(); ) {
            var f = it.next();
            Optional<ParamSpec> spec = type.param(f.getKey());
            if (spec.isPresent() && spec.get().check(f.getValue()).isPresent()) return false;
        }
        return true;
    }

    /** The nodes by id (the first of a repeated id). */
    public Map<String, GraphNode> nodes() { return nodes; }

    /** The node types of the nodes whose type is known, by node id. */
    public Map<String, NodeType> types() { return types; }

    /** The wires that hold, in file order. */
    public List<GraphEdge> wires() { return wires; }

    /** The wires that hold into input {@code node.port}; empty when none. */
    public List<GraphEdge> wiresInto(String node, String port) {
        return wiresInto.getOrDefault(node + "." + port, List.of());
    }

    /** What is wrong with each wire that does not hold. */
    public List<Diagnostic> wireProblems() { return wireProblems; }

    /** The order and the cycles along the wires that hold. */
    public Topology topology() { return topology; }

    /** The nodes in topological order along the wires that hold (nodes on or behind a cycle left out). */
    public List<String> order() { return topology.order(); }

    /** The shape inferred on every output port, by {@code node.port}. */
    public Map<String, Object> shapes() { return shapes; }

    /** The shape arriving on input {@code node.port} through its first wire, or null. */
    public Object inputShape(String node, String port) {
        List<GraphEdge> in = wiresInto(node, port);
        return in.isEmpty() ? null : shapes.get(in.get(0).from());
    }

    /** The errors and warnings the node types' inference functions reported. */
    public List<Diagnostic> inferenceProblems() { return inferenceProblems; }
}
