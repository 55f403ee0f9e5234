package io.rlwb.engine.morl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link LagrangianConstraints} as an {@link AdaptiveCombiner}: {@code r = r_main + sum_i lambda_i r_i} is the
 * linear scalarisation with weight 1 on the main objective, {@code lambda_i} on each constrained one and 0 on the
 * rest; every {@link #update} takes one ascent step per multiplier on its constraint's violation. The objective
 * names in the parameters are resolved when the objectives are bound.
 */
public final class LagrangianCombiner implements AdaptiveCombiner {
    /** Builds the constraints from the objectives' names (the node's parameter parsing, which names the node). */
    @FunctionalInterface
    public interface Factory {
        LagrangianConstraints make(List<String> objectives);
    }

    private final Factory factory;
    private final String where;
    private List<String> objectives;
    private LagrangianConstraints lc;

    /** @param where the node to name in messages */
    public LagrangianCombiner(Factory factory, String where) {
        this.factory = factory;
        this.where = where;
    }

    @Override
    public String name() {
        return "lagrangian";
    }

    @Override
    public void bind(List<String> names) {
        this.lc = factory.make(names);
        this.objectives = List.copyOf(names);
    }

    @Override
    public double[] weights(int k) {
        bound(k);
        return lc.effectiveWeights(k);
    }

    @Override
    public void update(double[] batchMeans) {
        bound(batchMeans.length);
        lc.update(batchMeans);
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (lc == null) return m;
        double[] lam = lc.multipliers();
        int[] idx = lc.constrained();
        for (int i = 0; i < lam.length; i++) m.put("lambda_" + objectives.get(idx[i]), lam[i]);
        return m;
    }

    private void bound(int k) {
        if (lc == null) throw new IllegalStateException(where + ": Lagrangian combiner used before bind(objectives)");
        if (k != objectives.size()) {
            throw new IllegalArgumentException(where + ": bound to " + objectives.size() + " objectives "
                    + objectives + ", asked for " + k);
        }
    }

    /** Whether it is bound, and then the state of its weights (a trainer binds it while the graph is built). */
    @Override
    public void saveState(io.rlwb.engine.spi.StateWriter out) {
        out.value("bound", lc == null ? 0L : 1L);
        if (lc != null) lc.saveState(out.under("state"));
    }

    @Override
    public void restoreState(io.rlwb.engine.spi.StateReader in) {
        if (in.longValue("bound") == 0) return;
        if (lc == null) {
            throw new IllegalStateException(where + ": the checkpoint holds a bound Lagrangian combiner, but no trainer "
                    + "bound this one to its objectives");
        }
        lc.restoreState(in.under("state"));
    }
}
