package io.rlwb.app.editor;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import java.util.List;

/** Appends nodes and wires to a document (add node, paste, duplicate); undo takes exactly those out again. */
public final class AddNodesCommand implements Command {
    private final GraphDocument doc;
    private final String name;
    private final List<GraphNode> nodes;
    private final List<GraphEdge> edges;

    public AddNodesCommand(GraphDocument doc, String name, List<GraphNode> nodes, List<GraphEdge> edges) {
        this.doc = doc;
        this.name = name;
        this.nodes = List.copyOf(nodes);
        this.edges = List.copyOf(edges);
    }

    @Override
    public void execute() {
        doc.nodes().addAll(nodes);
        doc.edges().addAll(edges);
    }

    @Override
    public void undo() {
        // By identity: ids are unique, but the very objects added are the ones to take out.
        doc.edges().removeIf(e -> edges.stream().anyMatch(x -> x == e));
        doc.nodes().removeIf(n -> nodes.stream().anyMatch(x -> x == n));
    }

    @Override
    public String name() {
        return name;
    }

    /** The nodes this command adds. */
    public List<GraphNode> nodes() {
        return nodes;
    }
}
