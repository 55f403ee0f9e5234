package io.rlwb.engine.morl;

/**
 * Chebyshev (Tchebycheff) scalarisation {@code u_w(v) = -max_i w_i |v_i - z_i|} with a utopia point {@code z}.
 * Unlike linear scalarisation, every Pareto-optimal point maximises it for some weights, concave parts included.
 * Its subgradient is {@code -w_k sign(v_k - z_k) e_k} at the objective {@code k} attaining the max (the first
 * one at ties).
 */
public final class ChebyshevCombiner implements RewardCombiner {
    private final double[] utopia;

    public ChebyshevCombiner(double[] utopia) {
        this.utopia = utopia.clone();
    }

    public double[] utopia() {
        return utopia.clone();
    }

    @Override
    public String name() {
        return "chebyshev";
    }

    @Override
    public double combine(double[] values, double[] weights) {
        return -weighted(values, weights)[1];
    }

    @Override
    public void gradient(double[] values, double[] weights, double[] out) {
        java.util.Arrays.fill(out, 0, values.length, 0.0);
        int k = (int) weighted(values, weights)[0];
        out[k] = -weights[k] * Math.signum(values[k] - utopia[k]);
    }

    /** {argmax index, max value} of {@code w_i |v_i - z_i|}. */
    private double[] weighted(double[] v, double[] w) {
        if (v.length != utopia.length) {
            throw new IllegalArgumentException("values have " + v.length + " objectives, the utopia point " + utopia.length);
        }
        int arg = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i++) {
            double d = w[i] * Math.abs(v[i] - utopia[i]);
            if (d > best) {
                best = d;
                arg = i;
            }
        }
        return new double[] {arg, best};
    }
}
