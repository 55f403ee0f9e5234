package io.rlwb.app.editor;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.PortRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Layered left-to-right layout (after Sugiyama): every node goes one layer right of the deepest node wired
 * into it, nodes in a layer are ordered by the mean position of their neighbours (a few sweeps each way, which
 * removes most crossings in graphs of this size), and each card is placed level with the cards that feed it
 * where there is room. The laid-out part keeps its top-left corner, so laying out a selection leaves the rest
 * of the graph where it was.
 */
public final class AutoLayout {
    /** Horizontal gap between layers. */
    public static final double LAYER_GAP = 80;
    /** Vertical gap between cards in a layer. */
    public static final double NODE_GAP = 32;
    /** Positions snap to this grid. */
    public static final double GRID = 24;
    private static final int SWEEPS = 6;

    private AutoLayout() {}

    /**
     * New top-left corners for {@code ids}.
     *
     * @param rects current x, y, width, height of every node (at least of {@code ids})
     */
    public static Map<String, double[]> layout(GraphDocument doc, Collection<String> ids, Map<String, double[]> rects) {
        Set<String> s = new LinkedHashSet<>();
        doc.nodes().forEach(n -> { if (ids.contains(n.id()) && rects.containsKey(n.id())) s.add(n.id()); });
        Map<String, List<String>> pred = new HashMap<>();
        Map<String, List<String>> succ = new HashMap<>();
        for (GraphEdge e : doc.edges()) {
            PortRef a = e.fromRef();
            PortRef b = e.toRef();
            if (a == null || b == null || !s.contains(a.node()) || !s.contains(b.node()) || a.node().equals(b.node())) continue;
            pred.computeIfAbsent(b.node(), k -> new ArrayList<>()).add(a.node());
            succ.computeIfAbsent(a.node(), k -> new ArrayList<>()).add(b.node());
        }
        Map<String, Integer> layer = layers(s, pred, succ);
        int maxLayer = layer.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<List<String>> layers = new ArrayList<>();
        for (int i = 0; i <= maxLayer; i++) layers.add(new ArrayList<>());
        for (String id : s) layers.get(layer.get(id)).add(id);

        Map<String, Double> order = new HashMap<>();
        for (List<String> l : layers) for (int i = 0; i < l.size(); i++) order.put(l.get(i), (double) i);
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            boolean down = sweep % 2 == 0;
            for (int k = 0; k < layers.size(); k++) {
                List<String> l = layers.get(down ? k : layers.size() - 1 - k);
                Map<String, List<String>> nb = down ? pred : succ;
                Map<String, Double> key = new HashMap<>();
                for (String id : l) {
                    List<String> ns = nb.getOrDefault(id, List.of());
                    key.put(id, ns.isEmpty() ? order.get(id) : ns.stream().mapToDouble(order::get).average().orElse(0));
                }
                l.sort(Comparator.comparingDouble(key::get));
                for (int i = 0; i < l.size(); i++) order.put(l.get(i), (double) i);
            }
        }

        double left = Double.POSITIVE_INFINITY;
        double top = Double.POSITIVE_INFINITY;
        double width = 0;
        for (String id : s) {
            left = Math.min(left, rects.get(id)[0]);
            top = Math.min(top, rects.get(id)[1]);
            width = Math.max(width, rects.get(id)[2]);
        }
        if (s.isEmpty()) return Map.of();
        left = snap(left);
        top = snap(top);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int k = 0; k < layers.size(); k++) {
            double x = left + k * snap(width + LAYER_GAP);
            double y = top;
            for (String id : layers.get(k)) {
                double h = rects.get(id)[3];
                double want = y;
                List<String> ps = pred.getOrDefault(id, List.of());
                if (!ps.isEmpty()) {
                    double c = ps.stream().filter(out::containsKey).mapToDouble(p -> out.get(p)[1] + rects.get(p)[3] / 2)
                            .average().orElse(y + h / 2);
                    want = Math.max(y, c - h / 2);
                }
                double placed = snap(want);
                if (placed < y) placed += GRID;
                out.put(id, new double[] {x, placed});
                y = placed + h + NODE_GAP;
            }
        }
        return out;
    }

    /** Longest-path layering; nodes on cycles are put after their placed predecessors. */
    private static Map<String, Integer> layers(Set<String> s, Map<String, List<String>> pred, Map<String, List<String>> succ) {
        Map<String, Integer> indeg = new LinkedHashMap<>();
        for (String id : s) indeg.put(id, pred.getOrDefault(id, List.of()).size());
        Map<String, Integer> layer = new HashMap<>();
        List<String> ready = new ArrayList<>();
        indeg.forEach((k, v) -> { if (v == 0) { ready.add(k); layer.put(k, 0); } });
        for (int i = 0; i < ready.size(); i++) {
            String n = ready.get(i);
            for (String t : succ.getOrDefault(n, List.of())) {
                layer.merge(t, layer.get(n) + 1, Math::max);
                if (indeg.merge(t, -1, Integer::sum) == 0) ready.add(t);
            }
        }
        int max = layer.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        for (String id : s) layer.putIfAbsent(id, max + 1);
        return layer;
    }

    /** Rounds to the nearest grid point. */
    public static double snap(double v) {
        return Math.round(v / GRID) * GRID;
    }
}
