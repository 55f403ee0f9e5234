package io.rlwb.app.editor;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;

/** Appends one wire. */
public final class AddEdgeCommand implements Command {
    private final GraphDocument doc;
    private final GraphEdge edge;

    public AddEdgeCommand(GraphDocument doc, GraphEdge edge) {
        this.doc = doc;
        this.edge = edge;
    }

    @Override
    public void execute() {
        doc.edges().add(edge);
    }

    @Override
    public void undo() {
        doc.edges().removeIf(e -> e == edge);
    }

    @Override
    public String name() {
        return "Connect " + edge.from() + " \u2192 " + edge.to();
    }

    /** The wire added. */
    public GraphEdge edge() {
        return edge;
    }
}
