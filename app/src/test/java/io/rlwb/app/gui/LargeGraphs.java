package io.rlwb.app.gui;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Generated graphs for the canvas benchmark: many nodes of real types on a grid, wired between nearby columns. */
final class LargeGraphs {
    private LargeGraphs() {}

    /**
     * {@code nodes} nodes of {@code reg}'s types in columns of 20, and up to {@code wires} type-correct wires from
     * nodes in the two columns to the left of each input (so wires are short and long, as in real graphs).
     */
    static GraphDocument generate(NodeRegistry reg, int nodes, int wires, long seed) {
        Random rnd = new Random(seed);
        List<NodeType> types = new ArrayList<>(reg.all());
        types.sort(java.util.Comparator.comparing(NodeType::id));
        GraphDocument d = new GraphDocument("Generated " + nodes + " nodes");
        List<NodeType> typeOf = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            NodeType t = types.get(rnd.nextInt(types.size()));
            GraphNode n = new GraphNode("n" + i, t.id(), t.version());
            n.ui().put("x", (i / 20) * 312);
            n.ui().put("y", (i % 20) * 216);
            d.nodes().add(n);
            typeOf.add(t);
        }
        Set<String> used = new HashSet<>();
        int tries = 0;
        while (d.edges().size() < wires && tries++ < wires * 200) {
            int to = rnd.nextInt(nodes);
            NodeType tt = typeOf.get(to);
            if (tt.inputs().isEmpty()) continue;
            PortSpec<?> in = tt.inputs().get(rnd.nextInt(tt.inputs().size()));
            if (used.contains("n" + to + "." + in.name())) continue;
            int col = to / 20;
            if (col == 0) continue;
            // A source in the two columns before when one fits, else further left: inputs of rare port types
            // (vector critics, combiners) still find a feeder when the graph has one.
            int lo = rnd.nextInt(4) == 0 ? 0 : Math.max(0, (col - 2) * 20);
            int span = col * 20 - lo;
            int start = rnd.nextInt(span);
            boolean wired = false;
            for (int k = 0; k < span && !wired; k++) {
                int from = lo + (start + k) % span;
                for (PortSpec<?> out : typeOf.get(from).outputs()) {
                    if (out.type().canFeed(in.type())) {
                        d.edges().add(new GraphEdge("n" + from + "." + out.name(), "n" + to + "." + in.name()));
                        used.add("n" + to + "." + in.name());
                        wired = true;
                        break;
                    }
                }
            }
        }
        return d;
    }
}
