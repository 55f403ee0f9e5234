package io.rlwb.engine.morl;

/** Linear scalarisation {@code u_w(v) = w . v}. Reaches only the convex hull of a front. */
public final class LinearCombiner implements RewardCombiner {
    @Override
    public String name() {
        return "linear";
    }

    @Override
    public double combine(double[] values, double[] weights) {
        return FrontMetrics.dot(values, weights);
    }

    @Override
    public void gradient(double[] values, double[] weights, double[] out) {
        System.arraycopy(weights, 0, out, 0, weights.length);
    }
}
