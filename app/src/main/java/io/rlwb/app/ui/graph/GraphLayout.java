package io.rlwb.app.ui.graph;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.validate.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Geometry of node cards and the fallback layout: pure functions shared by the ViewModel (which places
 * nodes) and the canvas (which draws them), so wires meet ports without waiting for a layout pass.
 */
public final class GraphLayout {
    /** Card width. */
    public static final double NODE_WIDTH = 208;
    /** Height of the card's header (icon, node id, type name). */
    public static final double HEADER = 50;
    /** Height of one port row. */
    public static final double ROW = 22;
    /** Height of the parameter summary line under the ports. */
    public static final double SUMMARY = 20;
    /** Space under the summary line. */
    public static final double FOOTER = 6;
    /** Horizontal gap between layers of the fallback layout. */
    public static final double LAYER_GAP = 90;
    /** Vertical gap between cards of one layer in the fallback layout. */
    public static final double NODE_GAP = 36;

    private GraphLayout() {}

    /** Card height: header plus one row per port on the longer side. */
    public static double height(NodeView n) {
        return height(Math.max(n.inputs().size(), n.outputs().size()));
    }

    /** Card height for a card with {@code rows} port rows. */
    public static double height(int rows) {
        return HEADER + Math.max(1, rows) * ROW + SUMMARY + FOOTER;
    }

    /** Vertical centre of port row {@code i}, relative to the card's top. */
    public static double portY(int i) {
        return HEADER + ROW * i + ROW / 2;
    }

    /** Position of input port {@code i} in graph coordinates. */
    public static double[] inputAnchor(NodeView n, int i) {
        return new double[] {n.x(), n.y() + portY(Math.max(0, i))};
    }

    /** Position of output port {@code i} in graph coordinates. */
    public static double[] outputAnchor(NodeView n, int i) {
        return new double[] {n.x() + NODE_WIDTH, n.y() + portY(Math.max(0, i))};
    }

    /**
     * The topological depth of every node: 0 for nodes nothing is wired into, else one more than the deepest
     * node wired into it. Nodes on a cycle get a depth past their placed predecessors.
     */
    public static Map<String, Integer> depths(GraphDocument doc) {
        return Topology.of(doc).depths();
    }

    /**
     * Positions for nodes without {@code ui.x}/{@code ui.y}: layers by topological depth, left to right,
     * stacked in file order; placed below the nodes that do have positions.
     *
     * @param rows port rows of each node (for card heights)
     * @return top-left corner of every node, by id
     */
    public static Map<String, double[]> place(GraphDocument doc, Map<String, Integer> rows) {
        Map<String, double[]> pos = new LinkedHashMap<>();
        double placedBottom = Double.NEGATIVE_INFINITY;
        double placedLeft = Double.POSITIVE_INFINITY;
        List<GraphNode> unplaced = new ArrayList<>();
        for (GraphNode n : doc.nodes()) {
            if (pos.containsKey(n.id())) continue;
            double[] p = uiPosition(n);
            if (p != null) {
                pos.put(n.id(), p);
                placedBottom = Math.max(placedBottom, p[1] + height(rows.getOrDefault(n.id(), 1)));
                placedLeft = Math.min(placedLeft, p[0]);
            } else {
                unplaced.add(n);
            }
        }
        if (unplaced.isEmpty()) return pos;
        double left = Double.isFinite(placedLeft) ? placedLeft : 40;
        double top = Double.isFinite(placedBottom) ? placedBottom + NODE_GAP * 2 : 40;
        Map<String, Integer> depth = depths(doc);
        Map<Integer, Double> nextY = new HashMap<>();
        for (GraphNode n : unplaced) {
            int d = depth.getOrDefault(n.id(), 0);
            double y = nextY.getOrDefault(d, top);
            pos.put(n.id(), new double[] {left + d * (NODE_WIDTH + LAYER_GAP), y});
            nextY.put(d, y + height(rows.getOrDefault(n.id(), 1)) + NODE_GAP);
        }
        return pos;
    }

    /** The node's {@code ui.x}, {@code ui.y}, or null when either is missing or not a number. */
    public static double[] uiPosition(GraphNode n) {
        var x = n.ui().get("x");
        var y = n.ui().get("y");
        if (x == null || y == null || !x.isNumber() || !y.isNumber()) return null;
        double xv = x.asDouble();
        double yv = y.asDouble();
        return Double.isFinite(xv) && Double.isFinite(yv) ? new double[] {xv, yv} : null;
    }
}
