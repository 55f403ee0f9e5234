package io.rlwb.engine.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.backend.ActiveBackend;
import io.rlwb.engine.runtime.backend.BackendSelection;
import io.rlwb.engine.spi.InferContext;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges a graph before anything runs: node types, ids, parameters, wires, required inputs, cycles, and
 * then types and shapes inferred along the wires in topological order. Collects every problem it can find
 * instead of stopping at the first.
 */
public final class Validator {
    private final NodeRegistry registry;
    private final BackendSelection.Kind backend;

    /** Validates for the backend this process runs on ({@link ActiveBackend}; the CPU when none was chosen). */
    public Validator(NodeRegistry registry) {
        this(registry, null);
    }

    /** Validates for {@code backend}: on CUDA, node types that cannot run there are errors. */
    public Validator(NodeRegistry registry, BackendSelection.Kind backend) {
        this.registry = registry;
        this.backend = backend;
    }

    private BackendSelection.Kind backend() {
        if (backend != null) return backend;
        BackendSelection active = ActiveBackend.get();
        return active == null ? BackendSelection.Kind.CPU : active.kind();
    }

    public ValidationResult validate(GraphDocument doc) {
        List<Diagnostic> diags = new ArrayList<>();
        Map<String, NodeType> types = new LinkedHashMap<>();
        Map<String, GraphNode> nodes = new LinkedHashMap<>();

        for (GraphNode n : doc.nodes()) {
            if (nodes.containsKey(n.id())) {
                diags.add(Diagnostic.error(n.id(), null, "duplicate node id '" + n.id() + "': node ids must be unique"));
                continue;
            }
            nodes.put(n.id(), n);
            Optional<NodeType> t = registry.find(n.type());
            if (t.isEmpty()) {
                diags.add(Diagnostic.error(n.id(), null, "unknown node type '" + n.type()
                        + "' (is the plugin that provides it installed? see `workbench nodes`)"));
                continue;
            }
            NodeType type = t.get();
            types.put(n.id(), type);
            if (n.typeVersion() > type.version()) {
                diags.add(Diagnostic.error(n.id(), null, "node type " + type.id() + " version " + n.typeVersion()
                        + " is newer than the installed version " + type.version()));
            }
            checkParams(n, type, diags);
            if (type.notOnCuda().isPresent() && backend() == BackendSelection.Kind.CUDA) {
                diags.add(Diagnostic.error(n.id(), null, type.id() + " cannot run on the CUDA backend ("
                        + type.notOnCuda().get() + "); run this graph with --backend cpu"));
            }
        }

        // Wires: both ends exist, port directions and types agree, one wire per input.
        Map<String, List<GraphEdge>> wiresInto = new HashMap<>();
        List<GraphEdge> goodEdges = new ArrayList<>();
        // Inputs with a wire drawn into them, good or not: a bad wire is reported as such, not also as "not wired".
        Set<String> wiredInputs = new HashSet<>();
        for (GraphEdge e : doc.edges()) {
            if (e.toRef() != null) wiredInputs.add(e.toRef().toString());
            if (checkEdge(e, nodes, types, diags)) {
                goodEdges.add(e);
                wiresInto.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
            }
        }
        wiresInto.forEach((to, list) -> {
            if (list.size() > 1) {
                PortRef r = list.get(0).toRef();
                diags.add(Diagnostic.error(r.node(), r.port(), "has " + list.size() + " wires ("
                        + list.stream().map(GraphEdge::from).collect(Collectors.joining(", ")) + "); it takes one"));
            }
        });
        for (var entry : types.entrySet()) {
            for (PortSpec in : entry.getValue().inputs()) {
                if (in.required() && !wiredInputs.contains(entry.getKey() + "." + in.name())) {
                    diags.add(Diagnostic.error(entry.getKey(), in.name(), "required input '" + in.name() + "' ("
                            + in.type().id() + ") is not wired"));
                }
            }
        }
        RunSection.check(doc, diags);
        if (doc.nodes().isEmpty()) {
            diags.add(Diagnostic.error("graph", null, "the graph has no nodes: there is nothing to run"));
        } else if (types.size() == nodes.size() && types.values().stream().noneMatch(t -> t.role() == NodeRole.TRAINER)) {
            diags.add(Diagnostic.error("graph", null, "no trainer node: a run would do nothing (add a trainer, "
                    + "such as core/trainer.ppo, and wire it)"));
        }

        List<String> order = topologicalOrder(nodes.keySet(), goodEdges, diags);
        Map<String, Object> shapes = new LinkedHashMap<>();
        if (diags.stream().noneMatch(Diagnostic::isError)) {
            for (String id : order) {
                infer(nodes.get(id), types.get(id), wiresInto, shapes, diags);
            }
        }
        return new ValidationResult(List.copyOf(diags), types, order, shapes);
    }

    private static void checkParams(GraphNode n, NodeType type, List<Diagnostic> diags) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.params().fields(); it.hasNext(); ) {
            var f = it.next();
            Optional<ParamSpec> spec = type.param(f.getKey());
            if (spec.isEmpty()) {
                diags.add(Diagnostic.warning(n.id(), f.getKey(), "unknown parameter '" + f.getKey() + "' of "
                        + type.id() + " (kept in the file, not used); known: "
                        + type.params().stream().map(ParamSpec::name).collect(Collectors.joining(", "))));
                continue;
            }
            spec.get().check(f.getValue()).ifPresent(m -> diags.add(Diagnostic.error(n.id(), f.getKey(), m)));
        }
    }

    private static boolean checkEdge(GraphEdge e, Map<String, GraphNode> nodes, Map<String, NodeType> types,
                                     List<Diagnostic> diags) {
        PortRef from = e.fromRef();
        PortRef to = e.toRef();
        if (from == null || to == null) {
            String bad = from == null ? e.from() : e.to();
            String who = from != null ? from.node() : to != null ? to.node() : "graph";
            diags.add(Diagnostic.error(who, null, "wire " + e + ": '" + bad + "' is not of the form node.port"));
            return false;
        }
        boolean ok = true;
        if (!nodes.containsKey(from.node())) {
            diags.add(Diagnostic.error(to.node(), to.port(), "wired from '" + e.from() + "', but there is no node '"
                    + from.node() + "'"));
            ok = false;
        }
        if (!nodes.containsKey(to.node())) {
            diags.add(Diagnostic.error(from.node(), from.port(), "wired to '" + e.to() + "', but there is no node '"
                    + to.node() + "'"));
            ok = false;
        }
        if (!ok) return false;
        NodeType ft = types.get(from.node());
        NodeType tt = types.get(to.node());
        // An end of unknown type is reported already; the end whose type is known is still checked.
        Optional<PortSpec> out = ft == null ? Optional.empty() : ft.output(from.port());
        Optional<PortSpec> in = tt == null ? Optional.empty() : tt.input(to.port());
        if (ft != null && out.isEmpty()) {
            diags.add(Diagnostic.error(from.node(), from.port(), "wire " + e + ": " + ft.id() + " has no output port '"
                    + from.port() + "' (outputs: " + names(ft.outputs()) + ")"));
            ok = false;
        }
        if (tt != null && in.isEmpty()) {
            diags.add(Diagnostic.error(to.node(), to.port(), "wire " + e + ": " + tt.id() + " has no input port '"
                    + to.port() + "' (inputs: " + names(tt.inputs()) + ")"));
            ok = false;
        }
        if (!ok || ft == null || tt == null) return false;
        if (!out.get().type().canFeed(in.get().type())) {
            diags.add(Diagnostic.error(to.node(), to.port(), "expects " + in.get().type().id() + " but is wired from "
                    + e.from() + ", which gives " + out.get().type().id()));
            return false;
        }
        return true;
    }

    private static String names(List<PortSpec> ports) {
        return ports.isEmpty() ? "none" : ports.stream().map(PortSpec::name).collect(Collectors.joining(", "));
    }

    /** Kahn's algorithm; nodes left over sit on cycles, which are reported. */
    private static List<String> topologicalOrder(Set<String> ids, List<GraphEdge> edges, List<Diagnostic> diags) {
        Map<String, Integer> indeg = new LinkedHashMap<>();
        Map<String, List<String>> succ = new HashMap<>();
        ids.forEach(id -> indeg.put(id, 0));
        for (GraphEdge e : edges) {
            String a = e.fromRef().node();
            String b = e.toRef().node();
            succ.computeIfAbsent(a, k -> new ArrayList<>()).add(b);
            indeg.merge(b, 1, Integer::sum);
        }
        Deque<String> ready = new ArrayDeque<>();
        indeg.forEach((k, v) -> { if (v == 0) ready.add(k); });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String n = ready.poll();
            order.add(n);
            for (String s : succ.getOrDefault(n, List.of())) {
                if (indeg.merge(s, -1, Integer::sum) == 0) ready.add(s);
            }
        }
        if (order.size() < ids.size()) {
            Set<String> left = new LinkedHashSet<>(ids);
            order.forEach(left::remove);
            // Left over are the nodes on cycles and those downstream of one: only the former are named, each with
            // the nodes of its own cycle (those it reaches that reach it back).
            for (String id : left) {
                Set<String> reach = reach(id, succ, left);
                if (!reach.contains(id)) continue;
                List<String> loop = reach.stream().filter(o -> reach(o, succ, left).contains(id)).toList();
                diags.add(Diagnostic.error(id, null, "is on a cycle of wires (" + String.join(", ", loop)
                        + "); a graph must not loop"));
            }
        }
        return order;
    }

    /** The nodes of {@code within} that {@code from} reaches by one or more wires, in the order of {@code within}. */
    private static Set<String> reach(String from, Map<String, List<String>> succ, Set<String> within) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(succ.getOrDefault(from, List.of()));
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (within.contains(n) && seen.add(n)) todo.addAll(succ.getOrDefault(n, List.of()));
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String n : within) if (seen.contains(n)) ordered.add(n);
        return ordered;
    }

    private static void infer(GraphNode n, NodeType type, Map<String, List<GraphEdge>> wiresInto,
                              Map<String, Object> shapes, List<Diagnostic> diags) {
        InferContext ctx = new InferContext() {
            @Override public String nodeId() { return n.id(); }

            @Override public JsonNode param(String name) { return Params.value(n, type, name); }

            @Override public <T> T inputShape(String port, Class<T> cls) {
                List<GraphEdge> in = wiresInto.get(n.id() + "." + port);
                if (in == null || in.isEmpty()) return null;
                Object s = shapes.get(in.get(0).from());
                return cls.isInstance(s) ? cls.cast(s) : null;
            }

            @Override public void outputShape(String port, Object shape) { shapes.put(n.id() + "." + port, shape); }

            @Override public void error(String port, String message) { diags.add(Diagnostic.error(n.id(), port, message)); }

            @Override public void warning(String port, String message) { diags.add(Diagnostic.warning(n.id(), port, message)); }
        };
        try {
            type.inference().infer(ctx);
        } catch (RuntimeException e) {
            diags.add(Diagnostic.error(n.id(), null, "shape inference of " + type.id() + " failed: " + e));
        }
    }
}
