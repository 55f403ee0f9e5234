package io.rlwb.app.editor;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphFileException;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.graph.PortRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Nodes and the wires among them, as the clipboard carries them: the text is a graph file
 * ({@code "format": "workbench-graph"}) holding only those nodes and wires, so a copy can be pasted into
 * another graph, another window, a text editor, or saved as a graph of its own. Text with only
 * {@code "nodes"} and {@code "edges"} (no format header) is accepted too.
 *
 * @param nodes deep copies of the nodes
 * @param edges the wires whose both ends are among the nodes
 * @param groups the group boxes all of whose members are among the nodes (a paste recreates them)
 */
public record GraphFragment(List<GraphNode> nodes, List<GraphEdge> edges, List<Group> groups) {
    public GraphFragment {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        groups = List.copyOf(groups);
    }

    public GraphFragment(List<GraphNode> nodes, List<GraphEdge> edges) {
        this(nodes, edges, List.of());
    }

    /** A group box carried by the clipboard: its title and members (its size is refitted on paste). */
    public record Group(String title, List<String> nodes) {
        public Group {
            nodes = List.copyOf(nodes);
        }
    }

    /** The nodes {@code ids} of {@code doc} (in document order) with the wires among them. */
    public static GraphFragment of(GraphDocument doc, Collection<String> ids) {
        Set<String> keep = new HashSet<>(ids);
        List<GraphNode> nodes = new ArrayList<>();
        for (GraphNode n : doc.nodes()) if (keep.contains(n.id())) nodes.add(n.deepCopy());
        List<GraphEdge> edges = new ArrayList<>();
        for (GraphEdge e : doc.edges()) {
            PortRef a = e.fromRef();
            PortRef b = e.toRef();
            if (a != null && b != null && keep.contains(a.node()) && keep.contains(b.node())) {
                edges.add(e.withEnds(e.from(), e.to()));
            }
        }
        List<Group> groups = new ArrayList<>();
        for (Groups.GroupBox g : Groups.read(doc)) {
            if (!g.nodes().isEmpty() && keep.containsAll(g.nodes())) groups.add(new Group(g.title(), g.nodes()));
        }
        return new GraphFragment(nodes, edges, groups);
    }

    /** Graph-file JSON of the fragment (groups in the top-level {@code groups} field, as in a graph file). */
    public String toJson() {
        GraphDocument d = new GraphDocument("");
        nodes.forEach(n -> d.nodes().add(n.deepCopy()));
        edges.forEach(e -> d.edges().add(e.withEnds(e.from(), e.to())));
        if (!groups.isEmpty()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = Groups.copy(d);
            for (Group g : groups) {
                var o = a.addObject();
                o.put("title", g.title());
                var members = o.putArray("nodes");
                g.nodes().forEach(members::add);
            }
            d.extra().put(Groups.FIELD, a);
        }
        return GraphFile.toText(d);
    }

    /**
     * Reads clipboard text.
     *
     * @throws GraphFileException when the text is not graph JSON (the message says why)
     */
    public static GraphFragment parse(String text) throws GraphFileException {
        String t = text == null ? "" : text.strip();
        if (!t.startsWith("{")) throw new GraphFileException("clipboard", "the clipboard holds no graph JSON");
        if (!t.contains("\"format\"")) {
            t = "{\"format\": \"" + GraphDocument.FORMAT + "\", \"version\": " + GraphDocument.CURRENT_VERSION + ", "
                    + t.substring(1);
        }
        GraphDocument d = new GraphFile().parse(t, "clipboard");
        List<Group> groups = new ArrayList<>();
        for (Groups.GroupBox g : Groups.read(d)) if (!g.nodes().isEmpty()) groups.add(new Group(g.title(), g.nodes()));
        return new GraphFragment(d.nodes(), d.edges(), groups);
    }

    /** True when the fragment holds no node. */
    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /**
     * Copies ready to add to a graph whose ids are {@code taken}: clashing ids renamed ({@code policy} becomes
     * {@code policy2}), wires rewritten to the new ids, positions moved by ({@code dx}, {@code dy}).
     */
    public GraphFragment renamedFor(Collection<String> taken, double dx, double dy) {
        Set<String> used = new HashSet<>(taken);
        Map<String, String> rename = new HashMap<>();
        List<GraphNode> out = new ArrayList<>();
        for (GraphNode n : nodes) {
            String id = NodeIds.unique(n.id(), used);
            used.add(id);
            rename.put(n.id(), id);
            GraphNode c = n.deepCopy();
            c.setId(id);
            double[] p = io.rlwb.app.ui.graph.GraphLayout.uiPosition(n);
            if (p != null) {
                MoveNodesCommand.put(c.ui(), "x", p[0] + dx);
                MoveNodesCommand.put(c.ui(), "y", p[1] + dy);
            }
            out.add(c);
        }
        List<GraphEdge> edges2 = new ArrayList<>();
        for (GraphEdge e : edges) {
            PortRef a = e.fromRef();
            PortRef b = e.toRef();
            if (a == null || b == null || !rename.containsKey(a.node()) || !rename.containsKey(b.node())) continue;
            edges2.add(e.withEnds(rename.get(a.node()) + "." + a.port(), rename.get(b.node()) + "." + b.port()));
        }
        List<Group> groups2 = new ArrayList<>();
        for (Group g : groups) {
            List<String> members = g.nodes().stream().filter(rename::containsKey).map(rename::get).toList();
            if (!members.isEmpty()) groups2.add(new Group(g.title(), members));
        }
        return new GraphFragment(out, edges2, groups2);
    }
}
