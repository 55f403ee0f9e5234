package io.rlwb.plugins.llm.rl;

import io.rlwb.engine.telemetry.CreditSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The prefix tree of one group of completions to the same prompt (TEMPO, "Exploiting Tree Structure for Credit
 * Assignment in RL Training of LLMs"): node 0 is the empty completion, and each token of a completion moves from
 * the node of its prefix to the node of the prefix one token longer. The value {@code V} of a node is the mean
 * reward of the completions that pass through it, so no critic is learned.
 *
 * <p>TEMPO's per-token advantage adds to the completion's group-relative advantage the temporal-difference term
 * {@code V(child) - V(parent)} at <em>branching</em> tokens, those whose parent node has more than one child; at
 * every other token the term is 0 and the advantage is GRPO's.
 */
public final class PrefixTree {
    private final List<Integer> parent = new ArrayList<>();
    private final List<Integer> token = new ArrayList<>();
    private final List<Double> sum = new ArrayList<>();
    private final List<Integer> count = new ArrayList<>();
    private final List<Map<Integer, Integer>> children = new ArrayList<>();
    private final int[][] paths; // node ids along each completion: paths[i][k] is the node after token k

    /** Builds the tree of {@code completions} (token ids) with their scalar {@code rewards}. */
    public PrefixTree(List<int[]> completions, double[] rewards) {
        if (completions.size() != rewards.length || completions.isEmpty()) {
            throw new IllegalArgumentException("prefix tree: need one reward per completion, got "
                    + completions.size() + " completions and " + rewards.length + " rewards");
        }
        addNode(-1, -1);
        paths = new int[completions.size()][];
        for (int i = 0; i < completions.size(); i++) {
            int[] c = completions.get(i);
            paths[i] = new int[c.length];
            int node = 0;
            visit(node, rewards[i]);
            for (int k = 0; k < c.length; k++) {
                Integer next = children.get(node).get(c[k]);
                if (next == null) {
                    next = addNode(node, c[k]);
                    children.get(node).put(c[k], next);
                }
                node = next;
                visit(node, rewards[i]);
                paths[i][k] = node;
            }
        }
    }

    private int addNode(int p, int tok) {
        parent.add(p);
        token.add(tok);
        sum.add(0.0);
        count.add(0);
        children.add(new HashMap<>());
        return parent.size() - 1;
    }

    private void visit(int node, double reward) {
        sum.set(node, sum.get(node) + reward);
        count.set(node, count.get(node) + 1);
    }

    public int size() {
        return parent.size();
    }

    /** Mean reward of the completions through {@code node}. */
    public double value(int node) {
        return sum.get(node) / count.get(node);
    }

    public int count(int node) {
        return count.get(node);
    }

    /** Whether {@code node} has more than one child (the tokens after it branch). */
    public boolean branches(int node) {
        return children.get(node).size() > 1;
    }

    /**
     * TEMPO's extra term for token {@code k} of completion {@code i}: {@code V(child) - V(parent)} when the parent
     * branches, else 0.
     */
    public double tdTerm(int i, int k) {
        int child = paths[i][k];
        int par = parent.get(child);
        return branches(par) ? value(child) - value(par) : 0;
    }

    /**
     * Per-token TEMPO advantages: {@code groupAdvantages[i] + tdTerm(i, k)} for each token {@code k} of completion
     * {@code i}.
     */
    public double[][] tempoAdvantages(double[] groupAdvantages) {
        double[][] out = new double[paths.length][];
        for (int i = 0; i < paths.length; i++) {
            out[i] = new double[paths[i].length];
            for (int k = 0; k < paths[i].length; k++) out[i][k] = groupAdvantages[i] + tdTerm(i, k);
        }
        return out;
    }

    /** The tree for the credit inspector, tokens rendered by {@code text}; the root's text is empty. */
    public List<CreditSnapshot.TreeNode> snapshot(IntFunction<String> text) {
        List<CreditSnapshot.TreeNode> nodes = new ArrayList<>(size());
        for (int n = 0; n < size(); n++) {
            nodes.add(new CreditSnapshot.TreeNode(n, parent.get(n), n == 0 ? "" : text.apply(token.get(n)),
                    value(n), count.get(n)));
        }
        return nodes;
    }
}
