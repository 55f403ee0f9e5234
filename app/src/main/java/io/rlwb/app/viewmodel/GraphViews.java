package io.rlwb.app.viewmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.app.ui.graph.GraphLayout;
import io.rlwb.app.ui.graph.NodeView;
import io.rlwb.app.ui.graph.PortView;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.validate.Diagnostic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds what the canvas draws from a document: node cards (types looked up, ports listed, positions from
 * {@code ui} or the fallback layout, validation state, a parameter summary) and wires. Pure functions.
 */
public final class GraphViews {
    private GraphViews() {}

    /** Node view data; a node of unknown type (or none, when {@code reg} is null) gets the ports its wires name. */
    public static List<NodeView> nodeViews(GraphDocument doc, NodeRegistry reg, List<Diagnostic> diags) {
        Map<String, List<PortView>> ins = new LinkedHashMap<>();
        Map<String, List<PortView>> outs = new LinkedHashMap<>();
        Map<String, Optional<NodeType>> types = new LinkedHashMap<>();
        for (GraphNode n : doc.nodes()) {
            if (types.containsKey(n.id())) continue;
            Optional<NodeType> t = reg == null ? Optional.empty() : reg.find(n.type());
            types.put(n.id(), t);
            ins.put(n.id(), new ArrayList<>(t.map(tt -> ports(tt.inputs())).orElse(List.of())));
            outs.put(n.id(), new ArrayList<>(t.map(tt -> ports(tt.outputs())).orElse(List.of())));
        }
        // Ports that wires name but the type does not declare (or the type is unknown) are drawn too.
        for (GraphEdge e : doc.edges()) {
            addUndeclared(outs, e.fromRef());
            addUndeclared(ins, e.toRef());
        }
        Map<String, Integer> rows = new LinkedHashMap<>();
        ins.forEach((id, l) -> rows.put(id, Math.max(l.size(), outs.get(id).size())));
        Map<String, double[]> pos = GraphLayout.place(doc, rows);
        Map<String, List<Diagnostic>> byNode = new HashMap<>();
        for (Diagnostic d : diags) byNode.computeIfAbsent(d.node(), k -> new ArrayList<>()).add(d);
        List<NodeView> result = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (GraphNode n : doc.nodes()) {
            if (!done.add(n.id())) continue;
            Optional<NodeType> t = types.get(n.id());
            List<String> problems = new ArrayList<>();
            NodeView.Status status = NodeView.Status.OK;
            for (Diagnostic d : byNode.getOrDefault(n.id(), List.of())) {
                problems.add((d.port() == null ? "" : d.port() + ": ") + (d.isError() ? "" : "warning: ") + d.message());
                if (d.isError()) status = NodeView.Status.ERROR;
                else if (status == NodeView.Status.OK) status = NodeView.Status.WARNING;
            }
            double[] p = pos.get(n.id());
            result.add(new NodeView(n.id(), n.type(), t.map(NodeType::displayName).orElse("Unknown type " + n.type()),
                    t.map(NodeType::category).orElse("Unknown"), t.isPresent(), p[0], p[1], ins.get(n.id()),
                    outs.get(n.id()), status, problems, summary(n, t.orElse(null))));
        }
        return result;
    }

    /** The parameters set on a node, in the type's order: {@code num_envs 8 · hidden [64,64]}. */
    public static String summary(GraphNode n, NodeType t) {
        List<String> parts = new ArrayList<>();
        if (t != null) {
            for (ParamSpec p : t.params()) {
                JsonNode v = n.params().get(p.name());
                if (v != null) parts.add(p.name() + " " + text(v));
            }
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.params().fields(); it.hasNext(); ) {
                var f = it.next();
                parts.add(f.getKey() + " " + text(f.getValue()));
            }
        }
        if (parts.isEmpty()) return t == null || t.params().isEmpty() ? "" : "defaults";
        return String.join("  \u00b7  ", parts);
    }

    private static String text(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }

    private static List<PortView> ports(List<PortSpec<?>> specs) {
        List<PortView> l = new ArrayList<>();
        for (PortSpec<?> s : specs) {
            l.add(new PortView(s.name(), s.type().id(), s.type().kind(), s.required(), s.description(), true));
        }
        return l;
    }

    private static void addUndeclared(Map<String, List<PortView>> ports, PortRef ref) {
        if (ref == null || !ports.containsKey(ref.node())) return;
        List<PortView> l = ports.get(ref.node());
        if (l.stream().noneMatch(p -> p.name().equals(ref.port()))) {
            l.add(new PortView(ref.port(), "?", null, false, "not a port of this node type", false));
        }
    }

    /** Wire view data; wires whose ends name no node are left out (validation reports them). */
    public static List<WireView> wireViews(GraphDocument doc, List<NodeView> nodes) {
        Map<String, NodeView> byId = new HashMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        List<WireView> l = new ArrayList<>();
        for (GraphEdge e : doc.edges()) {
            PortRef a = e.fromRef();
            PortRef b = e.toRef();
            if (a == null || b == null) continue;
            NodeView fn = byId.get(a.node());
            NodeView tn = byId.get(b.node());
            if (fn == null || tn == null) continue;
            PortView out = fn.outputs().get(Math.max(0, fn.outputIndex(a.port())));
            PortView in = tn.inputs().get(Math.max(0, tn.inputIndex(b.port())));
            boolean valid = out.declared() && in.declared() && out.typeId().equals(in.typeId());
            l.add(new WireView(a.node(), a.port(), b.node(), b.port(), out.typeId(), out.kind(), valid));
        }
        return l;
    }
}
