package io.rlwb.app.editor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.rlwb.app.ui.graph.GraphLayout;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphFileException;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns what a user does to a graph into commands on one {@link CommandStack}: add, delete, move, wire,
 * unwire, set a parameter, paste, duplicate, group and lay out. Each method is one user action and so one undo
 * step. It edits the document it was given; views learn of changes through the stack's listeners.
 */
public final class GraphEditor {
    /** Offset of a duplicate from its original. */
    public static final double DUPLICATE_OFFSET = 48;

    private final CommandStack stack;
    private final Supplier<NodeRegistry> registry;
    private GraphDocument doc = new GraphDocument("");

    /** @param registry the node types; may return null while they load (then adding nodes is refused) */
    public GraphEditor(CommandStack stack, Supplier<NodeRegistry> registry) {
        this.stack = stack;
        this.registry = registry;
    }

    /** Edits {@code d} from now on; the undo history is cleared and the document counts as saved. */
    public void setDocument(GraphDocument d) {
        doc = Objects.requireNonNull(d);
        stack.clear();
    }

    public GraphDocument document() { return doc; }

    public CommandStack stack() { return stack; }

    private NodeRegistry reg() {
        NodeRegistry r = registry.get();
        if (r == null) throw new IllegalStateException("the node types are still loading");
        return r;
    }

    /** Adds a node of {@code typeId} with its top-left corner at ({@code x}, {@code y}); returns its id. */
    public String addNode(String typeId, double x, double y) {
        GraphNode n = newNode(typeId, x, y);
        stack.execute(new AddNodesCommand(doc, "Add " + n.id(), List.of(n), List.of()));
        return n.id();
    }

    /**
     * Adds a node and wires it to an existing port in one step (a wire dropped on empty space, then a type
     * picked). {@code port} is the port the wire was dragged from; the new node's first compatible port on
     * the other side is used.
     *
     * @return the new node's id, or null when the type has no compatible port (nothing is changed)
     */
    public String addNodeWiredTo(String typeId, double x, double y, PortRef port, boolean portIsOutput) {
        NodeType t = reg().find(typeId).orElseThrow(() -> new IllegalArgumentException("unknown node type " + typeId));
        String mine = NodeCatalog.compatiblePort(reg(), doc, port, portIsOutput, t);
        if (mine == null) return null;
        GraphNode n = newNode(typeId, x, y);
        PortRef own = new PortRef(n.id(), mine);
        PortRef from = portIsOutput ? port : own;
        PortRef to = portIsOutput ? own : port;
        List<Command> parts = new ArrayList<>();
        parts.add(new AddNodesCommand(doc, "Add " + n.id(), List.of(n), List.of()));
        GraphDocument trial = doc.deepCopy();
        trial.nodes().add(n.deepCopy());
        ConnectionRules.Verdict v = ConnectionRules.check(trial, reg(), from, to);
        if (!v.ok()) return null;
        if (!v.replaces().isEmpty()) parts.add(new RemoveNodesCommand(doc, "", Set.of(), matching(v.replaces())));
        parts.add(new AddEdgeCommand(doc, new GraphEdge(from.toString(), to.toString())));
        stack.execute(new CompoundCommand("Add " + n.id() + " wired to " + port, parts));
        return n.id();
    }

    private GraphNode newNode(String typeId, double x, double y) {
        NodeType t = reg().find(typeId).orElseThrow(() -> new IllegalArgumentException("unknown node type " + typeId));
        GraphNode n = new GraphNode(NodeIds.forType(t.id(), ids()), t.id(), t.version());
        MoveNodesCommand.put(n.ui(), "x", x);
        MoveNodesCommand.put(n.ui(), "y", y);
        return n;
    }

    /** Deletes nodes with their wires, and the given wires; group boxes forget the deleted nodes. */
    public void delete(Collection<String> nodeIds, Collection<GraphEdge> edges) {
        if (nodeIds.isEmpty() && edges.isEmpty()) return;
        Set<String> ids = Set.copyOf(nodeIds);
        List<Command> parts = new ArrayList<>();
        String name = ids.isEmpty() ? (edges.size() == 1 ? "Delete wire" : "Delete " + edges.size() + " wires")
                : ids.size() == 1 ? "Delete " + ids.iterator().next() : "Delete " + ids.size() + " nodes";
        parts.add(new RemoveNodesCommand(doc, name, ids, matching(edges)));
        if (!ids.isEmpty() && doc.extra().containsKey(Groups.FIELD) && Groups.editable(doc)) {
            parts.add(new SetGroupsCommand(doc, name, Groups.withoutNodes(Groups.copy(doc), ids)));
        }
        stack.execute(name, parts);
    }

    /** Removes wires (matched by their ends). */
    public void disconnect(Collection<GraphEdge> edges) {
        delete(List.of(), edges);
    }

    /** The document's own wire objects with the same ends as {@code edges}. */
    private List<GraphEdge> matching(Collection<GraphEdge> edges) {
        List<GraphEdge> l = new ArrayList<>();
        for (GraphEdge e : doc.edges()) {
            for (GraphEdge x : edges) if (x == e || x.from().equals(e.from()) && x.to().equals(e.to())) l.add(e);
        }
        return l;
    }

    /** Moves nodes by ({@code dx}, {@code dy}): one step, with the group boxes around them refitted. */
    public void moveBy(Collection<String> nodeIds, double dx, double dy) {
        if (nodeIds.isEmpty() || dx == 0 && dy == 0) return;
        Map<String, double[]> rects = rects();
        Map<String, double[]> to = new LinkedHashMap<>();
        for (String id : nodeIds) {
            double[] r = rects.get(id);
            if (r != null) to.put(id, new double[] {r[0] + dx, r[1] + dy});
        }
        moveTo(to, to.size() == 1 ? "Move " + to.keySet().iterator().next() : "Move " + to.size() + " nodes");
    }

    /** Puts nodes at new top-left corners in one step named {@code name}. */
    public void moveTo(Map<String, double[]> to, String name) {
        if (to.isEmpty()) return;
        List<Command> parts = new ArrayList<>();
        parts.add(new MoveNodesCommand(doc, name, to));
        if (doc.extra().containsKey(Groups.FIELD) && Groups.editable(doc)) {
            Map<String, double[]> rects = rects();
            to.forEach((id, p) -> {
                double[] r = rects.get(id);
                if (r != null) rects.put(id, new double[] {p[0], p[1], r[2], r[3]});
            });
            parts.add(new SetGroupsCommand(doc, name, Groups.refitted(Groups.copy(doc), to.keySet(), rects)));
        }
        stack.execute(name, parts);
    }

    /**
     * Wires output {@code from} to input {@code to} when {@link ConnectionRules} allow; a wire already in the
     * input is replaced in the same step. Nothing changes when refused.
     */
    public ConnectionRules.Verdict connect(PortRef from, PortRef to) {
        ConnectionRules.Verdict v = ConnectionRules.check(doc, reg(), from, to);
        if (!v.ok()) return v;
        GraphEdge e = new GraphEdge(from.toString(), to.toString());
        if (v.replaces().isEmpty()) {
            stack.execute(new AddEdgeCommand(doc, e));
        } else {
            String name = "Rewire " + to;
            stack.execute(name, List.of(new RemoveNodesCommand(doc, name, Set.of(), matching(v.replaces())),
                    new AddEdgeCommand(doc, e)));
        }
        return v;
    }

    /** Sets a parameter ({@code null} restores the default); nothing happens when the value is unchanged. */
    public void setParam(String nodeId, String param, JsonNode value) {
        GraphNode n = doc.node(nodeId).orElseThrow(() -> new IllegalArgumentException("no node " + nodeId));
        JsonNode now = n.params().get(param);
        boolean absent = value == null || value.isNull();
        if (absent ? now == null : value.equals(now)) return;
        stack.execute(new SetParamCommand(doc, nodeId, param, value));
    }

    /** The nodes {@code ids} with the wires among them, as clipboard JSON. */
    public String copy(Collection<String> nodeIds) {
        return GraphFragment.of(doc, nodeIds).toJson();
    }

    /**
     * Pastes clipboard JSON with its top-left card at ({@code x}, {@code y}) (NaN: 48 right of and below where it
     * was copied). Clashing ids are renamed, wires among the pasted nodes kept. One step however many nodes.
     *
     * @return the ids of the pasted nodes
     */
    public List<String> paste(String json, double x, double y) throws GraphFileException {
        return add(GraphFragment.parse(json), x, y, "Paste");
    }

    /** Copies the nodes {@code ids} (with the wires among them) next to the originals; returns the new ids. */
    public List<String> duplicate(Collection<String> nodeIds) {
        return add(GraphFragment.of(doc, nodeIds), Double.NaN, Double.NaN, "Duplicate");
    }

    private List<String> add(GraphFragment f, double x, double y, String verb) {
        if (f.isEmpty()) return List.of();
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        for (GraphNode n : f.nodes()) {
            double[] p = GraphLayout.uiPosition(n);
            if (p != null) {
                minX = Math.min(minX, p[0]);
                minY = Math.min(minY, p[1]);
            }
        }
        boolean placed = Double.isFinite(minX);
        double dx = Double.isNaN(x) ? DUPLICATE_OFFSET : placed ? x - minX : 0;
        double dy = Double.isNaN(y) ? DUPLICATE_OFFSET : placed ? y - minY : 0;
        GraphFragment r = f.renamedFor(ids(), dx, dy);
        if (!placed && !Double.isNaN(x)) {
            // Unplaced nodes in a row from the paste point.
            double px = x;
            for (GraphNode n : r.nodes()) {
                MoveNodesCommand.put(n.ui(), "x", px);
                MoveNodesCommand.put(n.ui(), "y", y);
                px += GraphLayout.NODE_WIDTH + 40;
            }
        }
        String name = verb + (r.nodes().size() == 1 ? " " + r.nodes().get(0).id() : " " + r.nodes().size() + " nodes");
        if (r.groups().isEmpty() || !Groups.editable(doc)) {
            stack.execute(new AddNodesCommand(doc, name, r.nodes(), r.edges()));
        } else {
            // The group boxes come along, fitted around the new cards: one step with the nodes.
            GraphDocument after = doc.deepCopy();
            r.nodes().forEach(n -> after.nodes().add(n.deepCopy()));
            r.edges().forEach(e -> after.edges().add(e.withEnds(e.from(), e.to())));
            Map<String, double[]> rects = rects(after);
            ArrayNode groups = Groups.copy(doc);
            for (GraphFragment.Group g : r.groups()) groups = Groups.withGroup(groups, g.title(), g.nodes(), rects);
            stack.execute(new CompoundCommand(name, List.of(new AddNodesCommand(doc, name, r.nodes(), r.edges()),
                    new SetGroupsCommand(doc, name, groups))));
        }
        return r.nodes().stream().map(GraphNode::id).toList();
    }

    /**
     * Puts a titled group box around the nodes {@code ids}.
     *
     * @return the group's index in the document's groups, or -1 when nothing was grouped
     */
    public int group(Collection<String> nodeIds, String title) {
        if (nodeIds.isEmpty() || !Groups.editable(doc)) return -1;
        ArrayNode before = Groups.copy(doc);
        List<String> ordered = doc.nodes().stream().map(GraphNode::id).filter(nodeIds::contains).toList();
        stack.execute(new SetGroupsCommand(doc, "Group " + ordered.size() + " nodes",
                Groups.withGroup(before, title, ordered, rects())));
        return before.size();
    }

    /** Renames group box {@code index}. */
    public void renameGroup(int index, String title) {
        if (!Groups.editable(doc)) return;
        stack.execute(new SetGroupsCommand(doc, "Rename group", Groups.renamed(Groups.copy(doc), index, title)));
    }

    /** Removes group box {@code index}; its nodes stay. */
    public void ungroup(int index) {
        if (!Groups.editable(doc)) return;
        stack.execute(new SetGroupsCommand(doc, "Ungroup", Groups.removed(Groups.copy(doc), index)));
    }

    /** Lays out the nodes {@code ids} (all nodes when empty) left to right in layers, as one step. */
    public void layout(Collection<String> nodeIds) {
        Collection<String> which = nodeIds.isEmpty() ? ids() : nodeIds;
        Map<String, double[]> to = AutoLayout.layout(doc, which, rects());
        moveTo(to, nodeIds.isEmpty() ? "Auto-layout" : "Auto-layout " + to.size() + " nodes");
    }

    /** Node ids in document order. */
    public List<String> ids() {
        return doc.nodes().stream().map(GraphNode::id).toList();
    }

    /** Every node's card: x, y (from {@code ui}, else the fallback layout), width and height. */
    public Map<String, double[]> rects() {
        return rects(doc);
    }

    private Map<String, double[]> rects(GraphDocument doc) {
        NodeRegistry r = registry.get();
        Map<String, Integer> rows = new LinkedHashMap<>();
        Map<String, Set<String>> inPorts = new LinkedHashMap<>();
        Map<String, Set<String>> outPorts = new LinkedHashMap<>();
        for (GraphEdge e : doc.edges()) {
            if (e.fromRef() != null) outPorts.computeIfAbsent(e.fromRef().node(), k -> new HashSet<>()).add(e.fromRef().port());
            if (e.toRef() != null) inPorts.computeIfAbsent(e.toRef().node(), k -> new HashSet<>()).add(e.toRef().port());
        }
        for (GraphNode n : doc.nodes()) {
            Set<String> in = new HashSet<>(inPorts.getOrDefault(n.id(), Set.of()));
            Set<String> out = new HashSet<>(outPorts.getOrDefault(n.id(), Set.of()));
            NodeType t = r == null ? null : r.find(n.type()).orElse(null);
            if (t != null) {
                t.inputs().forEach(p -> in.add(p.name()));
                t.outputs().forEach(p -> out.add(p.name()));
            }
            rows.put(n.id(), Math.max(in.size(), out.size()));
        }
        Map<String, double[]> pos = GraphLayout.place(doc, rows);
        Map<String, double[]> rects = new LinkedHashMap<>();
        pos.forEach((id, p) -> rects.put(id, new double[] {p[0], p[1], GraphLayout.NODE_WIDTH,
                GraphLayout.height(rows.getOrDefault(id, 1))}));
        return rects;
    }
}
