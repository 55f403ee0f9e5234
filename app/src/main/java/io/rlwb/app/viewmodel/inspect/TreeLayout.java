package io.rlwb.app.viewmodel.inspect;

import io.rlwb.engine.telemetry.CreditSnapshot.TreeNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a prefix tree left to right: a node's column is its depth, leaves take consecutive rows in the order
 * of the tree, and an inner node sits at the middle of its children's rows. Pure arithmetic.
 */
public final class TreeLayout {
    private TreeLayout() {}

    /**
     * A placed node.
     *
     * @param node the tree node
     * @param depth column (0 at the root)
     * @param row row, fractional for inner nodes
     * @param parentIndex index of the parent in the returned list, -1 for roots
     */
    public record Placed(TreeNode node, int depth, double row, int parentIndex) {}

    /** The nodes of {@code tree} placed; unknown parents are treated as roots. */
    public static List<Placed> layout(List<TreeNode> tree) {
        Map<Integer, List<TreeNode>> children = new HashMap<>();
        Map<Integer, TreeNode> byId = new HashMap<>();
        for (TreeNode n : tree) byId.put(n.id(), n);
        List<TreeNode> roots = new ArrayList<>();
        for (TreeNode n : tree) {
            if (n.parent() < 0 || !byId.containsKey(n.parent())) roots.add(n);
            else children.computeIfAbsent(n.parent(), k -> new ArrayList<>()).add(n);
        }
        List<Placed> out = new ArrayList<>();
        double[] nextRow = {0};
        for (TreeNode r : roots) place(r, 0, -1, children, out, nextRow);
        return out;
    }

    private static double place(TreeNode n, int depth, int parent, Map<Integer, List<TreeNode>> children,
                                List<Placed> out, double[] nextRow) {
        int me = out.size();
        out.add(null);
        List<TreeNode> kids = children.getOrDefault(n.id(), List.of());
        double row;
        if (kids.isEmpty()) {
            row = nextRow[0]++;
        } else {
            double first = Double.NaN;
            double last = 0;
            for (TreeNode k : kids) {
                double r = place(k, depth + 1, me, children, out, nextRow);
                if (Double.isNaN(first)) first = r;
                last = r;
            }
            row = (first + last) / 2;
        }
        out.set(me, new Placed(n, depth, row, parent));
        return row;
    }
}
