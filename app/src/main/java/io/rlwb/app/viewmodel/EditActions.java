package io.rlwb.app.viewmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.app.editor.ConnectionRules;
import io.rlwb.app.editor.GraphEditor;
import io.rlwb.app.editor.NodeCatalog;
import io.rlwb.app.ui.graph.NodeView;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphFileException;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The editing actions of a {@link GraphViewModel}, as menus, keys and the canvas call them: each is one undo
 * step and updates the selection the way users expect (what was added or pasted is selected). Refusals and
 * problems are reported through {@link #messageProperty()} rather than thrown.
 */
public final class EditActions {
    private final GraphViewModel g;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    EditActions(GraphViewModel g) {
        this.g = g;
    }

    private GraphEditor ed() {
        if (g.getDocument() == null) g.show(new GraphDocument(""), null, false);
        return g.editor();
    }

    private NodeRegistry reg() {
        return g.registry().getNow(null);
    }

    private boolean ready() {
        if (reg() != null) return true;
        message.set("The node types are still loading; try again in a moment.");
        return false;
    }

    /** Adds a node of {@code typeId} with its top-left corner at (x, y) and selects it; returns its id or null. */
    public String addNode(String typeId, double x, double y) {
        if (!ready()) return null;
        String id = ed().addNode(typeId, x, y);
        g.selection().selectOnly(id);
        return id;
    }

    /** Adds a node wired to {@code port} (a wire dropped on empty space); returns its id or null. */
    public String addNodeWiredTo(String typeId, double x, double y, PortRef port, boolean portIsOutput) {
        if (!ready()) return null;
        String id = ed().addNodeWiredTo(typeId, x, y, port, portIsOutput);
        if (id == null) message.set("Cannot wire a " + typeId + " to " + port);
        else g.selection().selectOnly(id);
        return id;
    }

    /** Whether a wire from output {@code from} to input {@code to} would be accepted, and if not why. */
    public ConnectionRules.Verdict check(PortRef from, PortRef to) {
        if (reg() == null) return new ConnectionRules.Verdict(false, "the node types are still loading", List.of());
        return ConnectionRules.check(ed().document(), reg(), from, to);
    }

    /** Wires output {@code from} to input {@code to}; false (with the reason in the message) when refused. */
    public boolean connect(PortRef from, PortRef to) {
        if (!ready()) return false;
        ConnectionRules.Verdict v = ed().connect(from, to);
        message.set(v.ok() ? "" : "Wire refused: " + v.reason());
        return v.ok();
    }

    /** Removes one wire. */
    public void disconnect(WireView w) {
        ed().disconnect(List.of(edge(w)));
    }

    /** Deletes the selected nodes (with their wires), the selected wire, or the selected group box. */
    public void deleteSelection() {
        Selection s = g.selection();
        if (s.groupProperty().get() >= 0) {
            ed().ungroup(s.groupProperty().get());
            return;
        }
        List<GraphEdge> edges = new ArrayList<>();
        if (s.wireProperty().get() != null) edges.add(edge(s.wireProperty().get()));
        ed().delete(List.copyOf(s.nodes()), edges);
        s.clear();
    }

    /** Moves the selected nodes by (dx, dy), one step. */
    public void moveSelection(double dx, double dy) {
        ed().moveBy(List.copyOf(g.selection().nodes()), dx, dy);
    }

    /** Moves the nodes of group box {@code index} (and so the box) by (dx, dy), one step. */
    public void moveGroup(int index, double dx, double dy) {
        g.getGroups().stream().filter(b -> b.index() == index).findFirst()
                .ifPresent(b -> ed().moveBy(b.nodes(), dx, dy));
    }

    /** Sets a parameter of a node ({@code null}: back to the default). */
    public void setParam(String nodeId, String param, JsonNode value) {
        ed().setParam(nodeId, param, value);
    }

    /** The selected nodes as clipboard JSON, or null when no node is selected. */
    public String copySelection() {
        if (g.selection().nodes().isEmpty()) return null;
        return ed().copy(List.copyOf(g.selection().nodes()));
    }

    /** Copies, then deletes, the selected nodes; returns the JSON (null when none is selected). */
    public String cutSelection() {
        String json = copySelection();
        if (json != null) deleteSelection();
        return json;
    }

    /** Pastes clipboard JSON with its top-left card at (x, y) (NaN: beside where it was copied); selects it. */
    public boolean paste(String json, double x, double y) {
        if (!ready()) return false;
        try {
            List<String> ids = ed().paste(json, x, y);
            g.selection().setNodes(ids);
            message.set("");
            return !ids.isEmpty();
        } catch (GraphFileException e) {
            message.set("Nothing to paste: " + e.getMessage());
            return false;
        }
    }

    /** Duplicates the selected nodes and selects the copies. */
    public void duplicateSelection() {
        if (g.selection().nodes().isEmpty()) return;
        g.selection().setNodes(ed().duplicate(List.copyOf(g.selection().nodes())));
    }

    /** Puts a group box around the selected nodes and selects it. */
    public void groupSelection(String title) {
        if (g.selection().nodes().isEmpty()) return;
        int index = ed().group(List.copyOf(g.selection().nodes()), title);
        if (index >= 0) g.selection().selectGroup(index);
    }

    /** Renames group box {@code index}. */
    public void renameGroup(int index, String title) {
        ed().renameGroup(index, title);
    }

    /** Lays out the selected nodes (two or more), else the whole graph. */
    public void layout() {
        List<String> sel = List.copyOf(g.selection().nodes());
        ed().layout(sel.size() >= 2 ? sel : List.of());
    }

    /**
     * Sets the graph's name, seed and env-step budget (null: remove, the engine's default applies), one step.
     */
    public void setGraphSettings(String name, Long seed, Long envSteps) {
        GraphEditor e = ed();
        e.stack().execute(new io.rlwb.app.editor.SetGraphSettingsCommand(e.document(), name, seed, envSteps));
    }

    /** Selects every node. */
    public void selectAll() {
        g.selection().setNodes(g.getNodes().stream().map(NodeView::id).toList());
    }

    public void undo() {
        g.commands().undo();
    }

    public void redo() {
        g.commands().redo();
    }

    /** The declared port {@code ref} (an output when {@code output}), if its node's type is known. */
    public Optional<PortSpec<?>> port(PortRef ref, boolean output) {
        NodeRegistry r = reg();
        return r == null || g.getDocument() == null ? Optional.empty() : NodeCatalog.port(r, g.getDocument(), ref, output);
    }

    /** Node types with a port that fits {@code ref}: what a wire dropped on empty space may connect to. */
    public List<NodeType> compatibleTypes(PortRef ref, boolean refIsOutput) {
        NodeRegistry r = reg();
        Optional<PortSpec<?>> p = port(ref, refIsOutput);
        if (r == null || p.isEmpty()) return List.of();
        return NodeCatalog.sorted(r).stream().filter(t -> NodeCatalog.compatiblePort(p.get(), refIsOutput, t) != null)
                .toList();
    }

    /** Forgets the message (the toast was shown). */
    public void clearMessage() {
        message.set("");
    }

    /** Sets the message (a problem found by a view, such as an unreadable clipboard). */
    public void report(String text) {
        message.set(text == null ? "" : text);
    }

    /** The last refusal or problem, for users; empty when there is none. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    private static GraphEdge edge(WireView w) {
        return new GraphEdge(w.fromNode() + "." + w.fromPort(), w.toNode() + "." + w.toPort());
    }
}
