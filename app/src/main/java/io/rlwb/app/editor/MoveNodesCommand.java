package io.rlwb.app.editor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sets {@code ui.x} and {@code ui.y} of nodes (a drag, a nudge, an auto-layout). Undo restores the values
 * that were there before, or their absence.
 */
public final class MoveNodesCommand implements Command {
    private final GraphDocument doc;
    private final String name;
    private final Map<String, double[]> to;
    private final Map<String, JsonNode[]> before = new LinkedHashMap<>();

    /** @param to new top-left corner by node id */
    public MoveNodesCommand(GraphDocument doc, String name, Map<String, double[]> to) {
        this.doc = doc;
        this.name = name;
        this.to = Map.copyOf(to);
    }

    @Override
    public void execute() {
        before.clear();
        for (GraphNode n : doc.nodes()) {
            double[] p = to.get(n.id());
            if (p == null) continue;
            before.put(n.id(), new JsonNode[] {n.ui().get("x"), n.ui().get("y")});
            put(n.ui(), "x", p[0]);
            put(n.ui(), "y", p[1]);
        }
    }

    @Override
    public void undo() {
        for (GraphNode n : doc.nodes()) {
            JsonNode[] old = before.get(n.id());
            if (old == null) continue;
            restore(n.ui(), "x", old[0]);
            restore(n.ui(), "y", old[1]);
        }
    }

    /** Whole numbers are written as integers, so the file stays as tidy as a hand-written one. */
    static void put(ObjectNode ui, String key, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) ui.put(key, (long) v);
        else ui.put(key, Math.round(v * 100) / 100.0);
    }

    private static void restore(ObjectNode ui, String key, JsonNode old) {
        if (old == null) ui.remove(key);
        else ui.set(key, old);
    }

    @Override
    public String name() {
        return name;
    }
}
