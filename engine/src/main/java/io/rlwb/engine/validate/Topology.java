package io.rlwb.engine.validate;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.PortRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order of a graph's nodes along its wires, the engine's one topological sort: a topological order (Kahn's
 * algorithm, ties in the order the nodes were given), each node's depth, and the cycles, each named by the nodes
 * on it only (strongly connected components; nodes merely downstream of a cycle are not on it).
 * {@link GraphAnalysis} builds one over the wires that type-check; the editor's layout over every wire.
 */
public final class Topology {
    private final List<String> order;
    private final Map<String, Integer> depths;
    private final List<List<String>> cycles;

    private Topology(List<String> order, Map<String, Integer> depths, List<List<String>> cycles) {
        this.order = List.copyOf(order);
        this.depths = Map.copyOf(depths);
        this.cycles = List.copyOf(cycles);
    }

    /**
     * The topology of nodes {@code ids} joined by {@code links} (from node, to node); links naming other nodes
     * are ignored, a link from a node to itself is a cycle.
     */
    public static Topology of(Collection<String> ids, List<String[]> links) {
        Map<String, Integer> indeg = new LinkedHashMap<>();
        Map<String, List<String>> succ = new HashMap<>();
        ids.forEach(id -> indeg.putIfAbsent(id, 0));
        for (String[] l : links) {
            if (!indeg.containsKey(l[0]) || !indeg.containsKey(l[1])) continue;
            succ.computeIfAbsent(l[0], k -> new ArrayList<>()).add(l[1]);
            indeg.merge(l[1], 1, Integer::sum);
        }
        Map<String, Integer> depth = new HashMap<>();
        Deque<String> ready = new ArrayDeque<>();
        indeg.forEach((k, v) -> {
            if (v == 0) {
                ready.add(k);
                depth.put(k, 0);
            }
        });
        List<String> order = new ArrayList<>();
        Map<String, Integer> left = new HashMap<>(indeg);
        while (!ready.isEmpty()) {
            String n = ready.poll();
            order.add(n);
            for (String s : succ.getOrDefault(n, List.of())) {
                depth.merge(s, depth.get(n) + 1, Math::max);
                if (left.merge(s, -1, Integer::sum) == 0) ready.add(s);
            }
        }
        // Nodes on or behind a cycle were never ready: the depth their placed predecessors give, else one layer
        // past the deepest node.
        int max = depth.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        Map<String, Integer> depths = new LinkedHashMap<>();
        for (String id : indeg.keySet()) depths.put(id, depth.getOrDefault(id, max + 1));
        return new Topology(order, depths, order.size() == indeg.size() ? List.of() : cycles(indeg.keySet(), succ));
    }

    /** The topology of a graph file over all its wires that name two of its nodes (self-wires ignored). */
    public static Topology of(GraphDocument doc) {
        Set<String> ids = new LinkedHashSet<>();
        doc.nodes().forEach(n -> ids.add(n.id()));
        List<String[]> links = new ArrayList<>();
        for (GraphEdge e : doc.edges()) {
            PortRef a = e.fromRef();
            PortRef b = e.toRef();
            if (a != null && b != null && !a.node().equals(b.node())) links.add(new String[] {a.node(), b.node()});
        }
        return of(ids, links);
    }

    /** Tarjan's strongly connected components with more than one node, or one node wired to itself. */
    private static List<List<String>> cycles(Collection<String> ids, Map<String, List<String>> succ) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String id : ids) {
            if (!index.containsKey(id)) strongConnect(id, succ, index, low, stack, onStack, out, counter);
        }
        List<String> given = List.copyOf(ids);
        List<List<String>> sorted = new ArrayList<>();
        for (List<String> c : out) {
            List<String> s = new ArrayList<>(c);
            s.sort(java.util.Comparator.comparingInt(given::indexOf));
            sorted.add(List.copyOf(s));
        }
        sorted.sort(java.util.Comparator.comparingInt(c -> given.indexOf(c.get(0))));
        return sorted;
    }

    private static void strongConnect(String v, Map<String, List<String>> succ, Map<String, Integer> index,
                                      Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                      List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : succ.getOrDefault(v, List.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, succ, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> scc = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                scc.add(0, w);
            } while (!w.equals(v));
            if (scc.size() > 1 || succ.getOrDefault(v, List.of()).contains(v)) out.add(scc);
        }
    }

    /** The nodes in an order in which every node comes after the nodes wired into it; cyclic nodes left out. */
    public List<String> order() {
        return order;
    }

    /**
     * 0 for nodes nothing is wired into, else one more than the deepest placed node wired in; a node reached only
     * through a cycle goes one layer past the deepest node.
     */
    public Map<String, Integer> depths() {
        return depths;
    }

    /** Each cycle as the list of the nodes on it. */
    public List<List<String>> cycles() {
        return cycles;
    }
}
