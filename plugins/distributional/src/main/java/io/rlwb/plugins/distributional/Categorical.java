package io.rlwb.plugins.distributional;

/** Numerically stable softmax over slices of flat arrays, shared by the categorical critics. */
final class Categorical {
    private Categorical() {}

    /**
     * Writes softmax of {@code logits[off .. off + n)} into {@code out[outOff ..)}.
     *
     * @return log-sum-exp of the slice, so {@code log p_k = logits_k - lse}
     */
    static double softmax(double[] logits, int off, int n, double[] out, int outOff) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) max = Math.max(max, logits[off + k]);
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double e = Math.exp(logits[off + k] - max);
            out[outOff + k] = e;
            sum += e;
        }
        for (int k = 0; k < n; k++) out[outOff + k] /= sum;
        return max + Math.log(sum);
    }
}
