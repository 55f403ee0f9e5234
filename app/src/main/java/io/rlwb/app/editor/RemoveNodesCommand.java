package io.rlwb.app.editor;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.graph.PortRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Removes nodes with every wire that touches them, plus any wires named on their own. Undo puts nodes and
 * wires back at their old places in the lists, so a delete and its undo leave the file byte for byte as it was.
 */
public final class RemoveNodesCommand implements Command {
    private final GraphDocument doc;
    private final String name;
    private final Set<String> ids;
    private final Collection<GraphEdge> alsoEdges;
    private final List<Removed<GraphNode>> removedNodes = new ArrayList<>();
    private final List<Removed<GraphEdge>> removedEdges = new ArrayList<>();

    private record Removed<T>(int index, T item) {}

    /**
     * @param ids nodes to remove
     * @param alsoEdges wires to remove besides those of the removed nodes (matched by identity)
     */
    public RemoveNodesCommand(GraphDocument doc, String name, Set<String> ids, Collection<GraphEdge> alsoEdges) {
        this.doc = doc;
        this.name = name;
        this.ids = Set.copyOf(ids);
        this.alsoEdges = List.copyOf(alsoEdges);
    }

    @Override
    public void execute() {
        removedNodes.clear();
        removedEdges.clear();
        List<GraphEdge> edges = doc.edges();
        for (int i = 0; i < edges.size(); i++) {
            GraphEdge e = edges.get(i);
            if (touches(e) || alsoEdges.stream().anyMatch(x -> x == e)) removedEdges.add(new Removed<>(i, e));
        }
        for (int i = removedEdges.size() - 1; i >= 0; i--) edges.remove(removedEdges.get(i).index());
        List<GraphNode> nodes = doc.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (ids.contains(nodes.get(i).id())) removedNodes.add(new Removed<>(i, nodes.get(i)));
        }
        for (int i = removedNodes.size() - 1; i >= 0; i--) nodes.remove(removedNodes.get(i).index());
    }

    private boolean touches(GraphEdge e) {
        PortRef a = e.fromRef();
        PortRef b = e.toRef();
        return a != null && ids.contains(a.node()) || b != null && ids.contains(b.node());
    }

    @Override
    public void undo() {
        for (Removed<GraphNode> r : removedNodes) doc.nodes().add(Math.min(r.index(), doc.nodes().size()), r.item());
        for (Removed<GraphEdge> r : removedEdges) doc.edges().add(Math.min(r.index(), doc.edges().size()), r.item());
    }

    @Override
    public String name() {
        return name;
    }
}
