package io.rlwb.engine.testkit;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphFileException;
import io.rlwb.engine.graph.GraphNode;

/**
 * Loads the sample graph and makes small, named edits to it, so that a test reads as "the sample, but with
 * this wire removed".
 */
public final class SampleGraphs {
    private SampleGraphs() {}

    /** A fresh copy of samples/ppo-cartpole.json. */
    public static GraphDocument ppoCartPole() {
        try {
            return new GraphFile().read(RepoFiles.ppoCartPole());
        } catch (GraphFileException e) {
            throw new IllegalStateException("the sample does not load: " + e, e);
        }
    }

    /** Removes the wire {@code from -> to}; fails when the graph has no such wire. */
    public static GraphDocument removeEdge(GraphDocument doc, String from, String to) {
        boolean removed = doc.edges().removeIf(e -> e.from().equals(from) && e.to().equals(to));
        if (!removed) throw new IllegalArgumentException("no wire " + from + " -> " + to);
        return doc;
    }

    /** Replaces the wire into {@code to} with one from {@code newFrom}. */
    public static GraphDocument rewire(GraphDocument doc, String to, String newFrom) {
        GraphEdge old = doc.edges().stream().filter(e -> e.to().equals(to)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("nothing wired into " + to));
        doc.edges().set(doc.edges().indexOf(old), old.withEnds(newFrom, to));
        return doc;
    }

    public static GraphDocument addEdge(GraphDocument doc, String from, String to) {
        doc.edges().add(new GraphEdge(from, to));
        return doc;
    }

    public static GraphNode addNode(GraphDocument doc, String id, String type) {
        GraphNode n = new GraphNode(id, type, 1);
        doc.nodes().add(n);
        return n;
    }

    /** The node with this id; fails when there is none. */
    public static GraphNode node(GraphDocument doc, String id) {
        return doc.node(id).orElseThrow(() -> new IllegalArgumentException("no node " + id));
    }
}
