package io.rlwb.app.gui.canvas;

import io.rlwb.app.editor.Groups;
import io.rlwb.app.ui.graph.GraphLayout;
import io.rlwb.app.ui.graph.NodeView;
import java.util.ArrayList;
import java.util.List;

/** What lies at a point of the graph: a port, a node card, a wire or a group box's title strip. */
public final class HitTest {
    private HitTest() {}

    /**
     * A port under the pointer.
     *
     * @param node index of the node
     * @param port index of the port among the node's inputs (or outputs)
     * @param input true for an input port
     */
    public record PortHit(int node, int port, boolean input) {}

    /** The port within {@code radius} of (gx, gy), the nearest first; null when none. */
    public static PortHit port(CanvasModel m, double gx, double gy, double radius) {
        PortHit best = null;
        double bestD = radius * radius;
        for (int i = m.nodes.length - 1; i >= 0; i--) {
            NodeView n = m.nodes[i];
            if (gx < n.x() - radius || gx > n.x() + GraphLayout.NODE_WIDTH + radius || gy < n.y() || gy > n.y() + n.height()) {
                continue;
            }
            for (int k = 0; k < n.inputs().size(); k++) {
                double d = sq(gx - n.x(), gy - (n.y() + GraphLayout.portY(k)));
                if (d <= bestD) { bestD = d; best = new PortHit(i, k, true); }
            }
            for (int k = 0; k < n.outputs().size(); k++) {
                double d = sq(gx - n.x() - GraphLayout.NODE_WIDTH, gy - (n.y() + GraphLayout.portY(k)));
                if (d <= bestD) { bestD = d; best = new PortHit(i, k, false); }
            }
        }
        return best;
    }

    /** The topmost node whose card contains (gx, gy), or -1. */
    public static int node(CanvasModel m, double gx, double gy) {
        for (int i = m.nodes.length - 1; i >= 0; i--) {
            NodeView n = m.nodes[i];
            if (gx >= n.x() && gx <= n.x() + GraphLayout.NODE_WIDTH && gy >= n.y() && gy <= n.y() + n.height()) return i;
        }
        return -1;
    }

    /** The wire passing within {@code tol} of (gx, gy), or -1. */
    public static int wire(CanvasModel m, double gx, double gy, double tol) {
        int best = -1;
        double bestD = tol * tol;
        double[] c = new double[8];
        for (int k = 0; k < m.wires.length; k++) {
            if (!curve(m, k, 0, 0, false, c)) continue;
            double minX = Math.min(c[0], c[6]) - Math.abs(c[2] - c[0]) - tol;
            double maxX = Math.max(c[0], c[6]) + Math.abs(c[2] - c[0]) + tol;
            if (gx < minX || gx > maxX || gy < Math.min(c[1], c[7]) - tol || gy > Math.max(c[1], c[7]) + tol) continue;
            double px = c[0];
            double py = c[1];
            for (int s = 1; s <= 24; s++) {
                double t = s / 24.0;
                double u = 1 - t;
                double x = u * u * u * c[0] + 3 * u * u * t * c[2] + 3 * u * t * t * c[4] + t * t * t * c[6];
                double y = u * u * u * c[1] + 3 * u * u * t * c[3] + 3 * u * t * t * c[5] + t * t * t * c[7];
                double d = segDist2(gx, gy, px, py, x, y);
                if (d <= bestD) { bestD = d; best = k; }
                px = x;
                py = y;
            }
        }
        return best;
    }

    /** The group box whose title strip contains (gx, gy): its index in the document's groups, or -1. */
    public static int groupTitle(CanvasModel m, double gx, double gy) {
        for (int i = m.groups.size() - 1; i >= 0; i--) {
            Groups.GroupBox g = m.groups.get(i);
            if (gx >= g.x() && gx <= g.x() + g.w() && gy >= g.y() && gy <= g.y() + Groups.TITLE) return g.index();
        }
        return -1;
    }

    /** Ids of the nodes whose cards meet the rectangle (rubber-band selection). */
    public static List<String> nodesIn(CanvasModel m, double x0, double y0, double x1, double y1) {
        double ax = Math.min(x0, x1);
        double bx = Math.max(x0, x1);
        double ay = Math.min(y0, y1);
        double by = Math.max(y0, y1);
        List<String> l = new ArrayList<>();
        for (NodeView n : m.nodes) {
            if (n.x() <= bx && n.x() + GraphLayout.NODE_WIDTH >= ax && n.y() <= by && n.y() + n.height() >= ay) l.add(n.id());
        }
        return l;
    }

    /**
     * The control points of wire {@code k} into {@code out} (x0, y0, c1x, c1y, c2x, c2y, x1, y1), with dragged
     * nodes moved by (dx, dy) when {@code withDrag}; false when an end is missing.
     */
    static boolean curve(CanvasModel m, int k, double dx, double dy, boolean withDrag, double[] out) {
        int a = m.wireFrom[k];
        int b = m.wireTo[k];
        if (a < 0 || b < 0) return false;
        NodeView na = m.nodes[a];
        NodeView nb = m.nodes[b];
        double px = na.x() + GraphLayout.NODE_WIDTH + (withDrag && m.dragged[a] ? dx : 0);
        double py = na.y() + GraphLayout.portY(m.wireOut[k]) + (withDrag && m.dragged[a] ? dy : 0);
        double qx = nb.x() + (withDrag && m.dragged[b] ? dx : 0);
        double qy = nb.y() + GraphLayout.portY(m.wireIn[k]) + (withDrag && m.dragged[b] ? dy : 0);
        bezier(px, py, qx, qy, out);
        return true;
    }

    /** The curve from (px, py) to (qx, qy): horizontal tangents, bowing more the further apart the ends. */
    static void bezier(double px, double py, double qx, double qy, double[] out) {
        double d = Math.max(48, Math.abs(qx - px) * 0.5);
        out[0] = px;
        out[1] = py;
        out[2] = px + d;
        out[3] = py;
        out[4] = qx - d;
        out[5] = qy;
        out[6] = qx;
        out[7] = qy;
    }

    private static double sq(double x, double y) {
        return x * x + y * y;
    }

    private static double segDist2(double x, double y, double x0, double y0, double x1, double y1) {
        double vx = x1 - x0;
        double vy = y1 - y0;
        double len = vx * vx + vy * vy;
        double t = len == 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * vx + (y - y0) * vy) / len));
        return sq(x - x0 - t * vx, y - y0 - t * vy);
    }
}
