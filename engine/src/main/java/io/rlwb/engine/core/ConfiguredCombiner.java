package io.rlwb.engine.core;

import io.rlwb.engine.morl.RewardCombiner;
import io.rlwb.engine.morl.Weights;

/**
 * What a combiner node hands out on its {@code combiner} port: the scalarisation and the node's own preference
 * weights. Population trainers call the {@link RewardCombiner} methods with weights of their own.
 */
final class ConfiguredCombiner implements io.rlwb.engine.morl.WeightedCombiner {
    private final RewardCombiner combiner;
    private final String weightsText;
    private final String where;

    ConfiguredCombiner(RewardCombiner combiner, String weightsText, String where) {
        this.combiner = combiner;
        this.weightsText = weightsText;
        this.where = where;
    }

    @Override
    public double[] weights(int k) {
        return Weights.parse(weightsText, k, Weights.uniform(k), where);
    }

    @Override
    public String name() {
        return combiner.name();
    }

    @Override
    public double combine(double[] values, double[] weights) {
        return combiner.combine(values, weights);
    }

    @Override
    public void gradient(double[] values, double[] weights, double[] out) {
        combiner.gradient(values, weights, out);
    }
}
