package io.rlwb.app.editor;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.InferContext;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.validate.Diagnostic;
import io.rlwb.engine.validate.Params;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shape inference over a graph that is still being built. The engine's validator infers shapes only once a
 * graph has no structural error; while wiring, inputs are missing everywhere, so the editor runs the node
 * types' own inference functions along the wires that are already type-correct, skipping nodes of unknown
 * types and nodes on cycles. Only the shape problems it finds are reported.
 *
 * @param shapes inferred shape per {@code node.port} output
 * @param problems shape problems the inference functions reported
 */
public record ShapeInference(Map<String, Object> shapes, List<Diagnostic> problems) {

    /** Infers what can be inferred in {@code doc}. Never throws for a bad node: its failure is a problem. */
    public static ShapeInference of(GraphDocument doc, NodeRegistry registry) {
        Map<String, NodeType> types = new LinkedHashMap<>();
        Map<String, GraphNode> nodes = new LinkedHashMap<>();
        for (GraphNode n : doc.nodes()) {
            if (nodes.containsKey(n.id())) continue;
            nodes.put(n.id(), n);
            registry.find(n.type()).ifPresent(t -> types.put(n.id(), t));
        }
        Map<String, String> wireInto = new HashMap<>();
        Map<String, List<String>> succ = new HashMap<>();
        Map<String, Integer> indeg = new LinkedHashMap<>();
        types.keySet().forEach(id -> indeg.put(id, 0));
        for (GraphEdge e : doc.edges()) {
            PortRef a = e.fromRef();
            PortRef b = e.toRef();
            if (a == null || b == null || !types.containsKey(a.node()) || !types.containsKey(b.node())) continue;
            var out = types.get(a.node()).output(a.port());
            var in = types.get(b.node()).input(b.port());
            if (out.isEmpty() || in.isEmpty() || !out.get().type().canFeed(in.get().type())) continue;
            if (wireInto.putIfAbsent(e.to(), e.from()) != null) continue;
            succ.computeIfAbsent(a.node(), k -> new ArrayList<>()).add(b.node());
            indeg.merge(b.node(), 1, Integer::sum);
        }
        Deque<String> ready = new ArrayDeque<>();
        indeg.forEach((k, v) -> { if (v == 0) ready.add(k); });
        Map<String, Object> shapes = new LinkedHashMap<>();
        List<Diagnostic> problems = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            infer(nodes.get(id), types.get(id), wireInto, shapes, problems);
            for (String s : succ.getOrDefault(id, List.of())) if (indeg.merge(s, -1, Integer::sum) == 0) ready.add(s);
        }
        return new ShapeInference(shapes, problems);
    }

    private static void infer(GraphNode n, NodeType type, Map<String, String> wireInto, Map<String, Object> shapes,
                              List<Diagnostic> problems) {
        InferContext ctx = new InferContext() {
            @Override public String nodeId() { return n.id(); }

            @Override public JsonNode param(String name) { return Params.value(n, type, name); }

            @Override public <T> T inputShape(String port, Class<T> cls) {
                String from = wireInto.get(n.id() + "." + port);
                Object s = from == null ? null : shapes.get(from);
                return cls.isInstance(s) ? cls.cast(s) : null;
            }

            @Override public void outputShape(String port, Object shape) { shapes.put(n.id() + "." + port, shape); }

            @Override public void error(String port, String message) { problems.add(Diagnostic.error(n.id(), port, message)); }

            @Override public void warning(String port, String message) { }
        };
        try {
            type.inference().infer(ctx);
        } catch (RuntimeException e) {
            // A bad parameter makes some inference functions throw; the validator reports the parameter.
        }
    }

    /** A shape in words: an environment's description, else the shape's text. */
    public static String describe(Object shape) {
        if (shape == null) return "unknown shape";
        if (shape instanceof EnvSpec s) return s.describe();
        return shape.toString();
    }
}
