package io.rlwb.engine.morl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link DynamicWeighting} as an {@link AdaptiveCombiner}: linear scalarisation whose weights move after every
 * batch toward the objectives that improve least. The initial weights are parsed when the objectives are bound, so
 * a wrong count is an error naming the node's parameter.
 */
public final class DynamicCombiner extends BoundCombiner<DynamicWeighting> {
    private final String initialWeights;
    private final double eta;
    private final double beta;
    private final double minWeight;

    /**
     * @param initialWeights comma-separated initial weights, blank for equal ones
     * @param where the node and parameter to name in messages ({@code node 'x', parameter 'weights'})
     */
    public DynamicCombiner(String initialWeights, double eta, double beta, double minWeight, String where) {
        super(where);
        this.initialWeights = initialWeights;
        this.eta = eta;
        this.beta = beta;
        this.minWeight = minWeight;
    }

    @Override
    public String name() {
        return "dynamic";
    }

    @Override
    protected String label() {
        return "dynamic";
    }

    @Override
    protected DynamicWeighting make(List<String> names) {
        int k = names.size();
        return new DynamicWeighting(Weights.parse(initialWeights, k, Weights.uniform(k), where), eta, beta, minWeight);
    }

    @Override
    public double[] weights(int k) {
        return bound(k).weights();
    }

    @Override
    public void update(double[] batchMeans) {
        bound(batchMeans.length).update(batchMeans);
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (state == null) return m;
        double[] w = state.weights();
        for (int j = 0; j < w.length; j++) m.put("weight_" + objectives.get(j), w[j]);
        return m;
    }
}
