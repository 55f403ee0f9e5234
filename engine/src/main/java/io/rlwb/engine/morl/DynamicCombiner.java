package io.rlwb.engine.morl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link DynamicWeighting} as an {@link AdaptiveCombiner}: linear scalarisation whose weights move after every
 * batch toward the objectives that improve least. The initial weights are parsed when the objectives are bound, so
 * a wrong count is an error naming the node's parameter.
 */
public final class DynamicCombiner implements AdaptiveCombiner {
    private final String initialWeights;
    private final double eta;
    private final double beta;
    private final double minWeight;
    private final String where;
    private List<String> objectives;
    private DynamicWeighting dw;

    /**
     * @param initialWeights comma-separated initial weights, blank for equal ones
     * @param where the node and parameter to name in messages ({@code node 'x', parameter 'weights'})
     */
    public DynamicCombiner(String initialWeights, double eta, double beta, double minWeight, String where) {
        this.initialWeights = initialWeights;
        this.eta = eta;
        this.beta = beta;
        this.minWeight = minWeight;
        this.where = where;
    }

    @Override
    public String name() {
        return "dynamic";
    }

    @Override
    public void bind(List<String> names) {
        int k = names.size();
        double[] w0 = Weights.parse(initialWeights, k, Weights.uniform(k), where);
        this.objectives = List.copyOf(names);
        this.dw = new DynamicWeighting(w0, eta, beta, minWeight);
    }

    @Override
    public double[] weights(int k) {
        bound(k);
        return dw.weights();
    }

    @Override
    public void update(double[] batchMeans) {
        bound(batchMeans.length);
        dw.update(batchMeans);
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (dw == null) return m;
        double[] w = dw.weights();
        for (int j = 0; j < w.length; j++) m.put("weight_" + objectives.get(j), w[j]);
        return m;
    }

    private void bound(int k) {
        if (dw == null) throw new IllegalStateException(where + ": dynamic combiner used before bind(objectives)");
        if (k != objectives.size()) {
            throw new IllegalArgumentException(where + ": bound to " + objectives.size() + " objectives "
                    + objectives + ", asked for " + k);
        }
    }

    /** Whether it is bound, and then the state of its weights (a trainer binds it while the graph is built). */
    @Override
    public void saveState(io.rlwb.engine.spi.StateWriter out) {
        out.value("bound", dw == null ? 0L : 1L);
        if (dw != null) dw.saveState(out.under("state"));
    }

    @Override
    public void restoreState(io.rlwb.engine.spi.StateReader in) {
        if (in.longValue("bound") == 0) return;
        if (dw == null) {
            throw new IllegalStateException(where + ": the checkpoint holds a bound dynamic combiner, but no trainer "
                    + "bound this one to its objectives");
        }
        dw.restoreState(in.under("state"));
    }
}
