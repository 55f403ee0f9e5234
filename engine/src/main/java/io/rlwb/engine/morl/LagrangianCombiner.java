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
public final class LagrangianCombiner extends BoundCombiner<LagrangianConstraints> {
    /** Builds the constraints from the objectives' names (the node's parameter parsing, which names the node). */
    @FunctionalInterface
    public interface Factory {
        LagrangianConstraints make(List<String> objectives);
    }

    private final Factory factory;

    /** @param where the node to name in messages */
    public LagrangianCombiner(Factory factory, String where) {
        super(where);
        this.factory = factory;
    }

    @Override
    public String name() {
        return "lagrangian";
    }

    @Override
    protected String label() {
        return "Lagrangian";
    }

    @Override
    protected LagrangianConstraints make(List<String> names) {
        return factory.make(names);
    }

    @Override
    public double[] weights(int k) {
        return bound(k).effectiveWeights(k);
    }

    @Override
    public void update(double[] batchMeans) {
        bound(batchMeans.length).update(batchMeans);
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (state == null) return m;
        double[] lam = state.multipliers();
        int[] idx = state.constrained();
        for (int i = 0; i < lam.length; i++) m.put("lambda_" + objectives.get(idx[i]), lam[i]);
        return m;
    }
}
