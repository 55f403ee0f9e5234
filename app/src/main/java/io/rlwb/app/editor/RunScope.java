package io.rlwb.app.editor;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeRole;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nodes a run executes, for highlighting them while it goes on: every trainer and monitor, and everything
 * wired (directly or not) into one of them. The engine's plan knows which node runs at each instant but is not
 * reachable from the window; a run keeps all of these busy in turn every iteration, so marking them all is
 * what a user would see at any frame rate anyway. Nodes that feed nothing a run pulls are left out.
 */
public final class RunScope {
    private RunScope() {}

    /** Ids of the nodes a run of {@code doc} executes. */
    public static Set<String> of(GraphDocument doc, NodeRegistry reg) {
        Map<String, List<String>> pred = new HashMap<>();
        for (GraphEdge e : doc.edges()) {
            PortRef a = e.fromRef();
            PortRef b = e.toRef();
            if (a != null && b != null) pred.computeIfAbsent(b.node(), k -> new java.util.ArrayList<>()).add(a.node());
        }
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (GraphNode n : doc.nodes()) {
            NodeRole role = reg == null ? null : reg.find(n.type()).map(t -> t.role()).orElse(null);
            if (role == NodeRole.TRAINER || role == NodeRole.MONITOR) todo.add(n.id());
        }
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (!out.add(id)) continue;
            todo.addAll(pred.getOrDefault(id, List.of()));
        }
        return out;
    }
}
