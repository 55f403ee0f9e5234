package io.rlwb.engine.report;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import java.util.HashMap;
import java.util.Map;

/**
 * A picture of a graph from its file alone: each node a box at its editor position ({@code ui.x}, {@code ui.y}),
 * titled with its id and type, each edge a line from the source box's right side to the target box's left side,
 * all scaled to fit the box given. Nodes without a position are laid out in a row below.
 */
public final class GraphPicture {
    static final double NODE_W = 190;
    static final double NODE_H = 64;

    private GraphPicture() {}

    /** Draws {@code g} into the box {@code (x, y, w, h)}. */
    public static void draw(VectorCanvas c, GraphDocument g, double x, double y, double w, double h) {
        c.rect(x, y, w, h, "#f8fafc", 1, ReportCharts.GRID);
        if (g == null || g.nodes().isEmpty()) {
            c.text(x + w / 2, y + h / 2, "no graph.json in this run", 11, ReportCharts.MUTED, VectorCanvas.Anchor.MIDDLE,
                    false);
            return;
        }
        Map<String, double[]> at = new HashMap<>();
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        int unplaced = 0;
        for (GraphNode n : g.nodes()) {
            double nx;
            double ny;
            if (n.ui().has("x") && n.ui().has("y")) {
                nx = n.ui().get("x").asDouble();
                ny = n.ui().get("y").asDouble();
            } else {
                nx = unplaced++ * (NODE_W + 40);
                ny = Double.NaN;
            }
            at.put(n.id(), new double[] {nx, ny});
        }
        for (double[] p : at.values()) {
            if (Double.isNaN(p[1])) continue;
            minX = Math.min(minX, p[0]);
            minY = Math.min(minY, p[1]);
            maxX = Math.max(maxX, p[0]);
            maxY = Math.max(maxY, p[1]);
        }
        if (Double.isInfinite(minY)) {
            minX = 0;
            minY = 0;
            maxX = 0;
            maxY = 0;
        }
        for (double[] p : at.values()) {
            if (Double.isNaN(p[1])) {
                p[1] = maxY + NODE_H + 60;
                maxX = Math.max(maxX, p[0]);
            }
        }
        maxY = at.values().stream().mapToDouble(p -> p[1]).max().orElse(maxY);
        double gw = maxX - minX + NODE_W;
        double gh = maxY - minY + NODE_H;
        double pad = 14;
        double k = Math.min((w - 2 * pad) / gw, (h - 2 * pad) / gh);
        double ox = x + pad + ((w - 2 * pad) - gw * k) / 2 - minX * k;
        double oy = y + pad + ((h - 2 * pad) - gh * k) / 2 - minY * k;
        for (GraphEdge e : g.edges()) {
            double[] a = at.get(nodeOf(e.from()));
            double[] b = at.get(nodeOf(e.to()));
            if (a == null || b == null) continue;
            double ax = ox + (a[0] + NODE_W) * k;
            double ay = oy + (a[1] + NODE_H / 2) * k;
            double bx = ox + b[0] * k;
            double by = oy + (b[1] + NODE_H / 2) * k;
            int steps = 16;
            double[] px = new double[steps + 1];
            double[] py = new double[steps + 1];
            double dx = Math.max(30 * k, Math.abs(bx - ax) / 2);
            for (int i = 0; i <= steps; i++) {
                double t = i / (double) steps;
                double u = 1 - t;
                px[i] = u * u * u * ax + 3 * u * u * t * (ax + dx) + 3 * u * t * t * (bx - dx) + t * t * t * bx;
                py[i] = u * u * u * ay + 3 * u * u * t * ay + 3 * u * t * t * by + t * t * t * by;
            }
            c.polyline(px, py, steps + 1, "#64748b", 1.1, 0.8);
        }
        double title = Math.max(6, Math.min(11, 12 * k / 0.8));
        for (GraphNode n : g.nodes()) {
            double[] p = at.get(n.id());
            double nx = ox + p[0] * k;
            double ny = oy + p[1] * k;
            c.rect(nx, ny, NODE_W * k, NODE_H * k, "#ffffff", 1, "#94a3b8");
            c.rect(nx, ny, NODE_W * k, Math.min(NODE_H * k, title + 8), category(n.type()), 0.25, null);
            c.text(nx + 5, ny + title + 2, n.id(), title, ReportCharts.TEXT, VectorCanvas.Anchor.START, true);
            c.text(nx + 5, ny + 2 * title + 8, n.type(), title * 0.85, ReportCharts.MUTED, VectorCanvas.Anchor.START,
                    false);
        }
    }

    private static String nodeOf(String portRef) {
        int dot = portRef.lastIndexOf('.');
        return dot < 0 ? portRef : portRef.substring(0, dot);
    }

    private static String category(String type) {
        int h = Math.floorMod(type.substring(0, Math.max(0, type.indexOf('.') < 0 ? type.length() : type.indexOf('.')))
                .hashCode(), ReportCharts.PALETTE.size());
        return ReportCharts.colour(h);
    }
}
