package io.rlwb.plugins.distributional;

import org.apache.commons.math3.special.Erf;

/**
 * The HL-Gauss histogram loss (Imani and White 2018; Farebrother et al. 2024, "Stop Regressing"): a scalar
 * target y becomes a distribution over K bins of equal width on [vMin, vMax] by integrating a Gaussian
 * N(y, sigma^2) over each bin, renormalised over the support; the critic's softmax over the bins is fitted to it
 * by cross-entropy, and its value is the probability-weighted mean of the bin centres.
 *
 * <p>Mass of bin k: {@code Phi((e_{k+1} - y) / sigma) - Phi((e_k - y) / sigma)}, divided by
 * {@code Phi((vMax - y) / sigma) - Phi((vMin - y) / sigma)}. Targets outside the support are clipped into it
 * first, so the normaliser never vanishes.
 */
public final class HlGauss {
    private final int bins;
    private final double vMin;
    private final double vMax;
    private final double sigma;
    private final double[] edges;
    private final double[] centres;

    /**
     * @param bins number of bins K (at least 2)
     * @param vMin lower end of the support
     * @param vMax upper end of the support (greater than vMin)
     * @param sigmaRatio sigma as a multiple of the bin width (the paper's default 0.75)
     */
    public HlGauss(int bins, double vMin, double vMax, double sigmaRatio) {
        if (bins < 2) throw new IllegalArgumentException("HL-Gauss needs at least 2 bins, got " + bins);
        if (!(vMax > vMin)) throw new IllegalArgumentException("v_max (" + vMax + ") must exceed v_min (" + vMin + ")");
        if (!(sigmaRatio > 0)) throw new IllegalArgumentException("sigma ratio must be positive, got " + sigmaRatio);
        this.bins = bins;
        this.vMin = vMin;
        this.vMax = vMax;
        double width = (vMax - vMin) / bins;
        this.sigma = sigmaRatio * width;
        edges = new double[bins + 1];
        centres = new double[bins];
        for (int k = 0; k <= bins; k++) edges[k] = vMin + k * width;
        for (int k = 0; k < bins; k++) centres[k] = 0.5 * (edges[k] + edges[k + 1]);
    }

    public int bins() { return bins; }

    public double sigma() { return sigma; }

    /** The K + 1 bin edges (a copy). */
    public double[] edges() { return edges.clone(); }

    /** The K bin centres (a copy). */
    public double[] centres() { return centres.clone(); }

    /** Writes the target distribution of scalar {@code y} into {@code out[offset .. offset + K)}. */
    public void target(double y, double[] out, int offset) {
        double yc = Math.max(vMin, Math.min(vMax, y));
        double s = sigma * Math.sqrt(2);
        double prev = Erf.erf((edges[0] - yc) / s);
        double first = prev;
        for (int k = 0; k < bins; k++) {
            double next = Erf.erf((edges[k + 1] - yc) / s);
            out[offset + k] = 0.5 * (next - prev);
            prev = next;
        }
        double z = 0.5 * (prev - first);
        for (int k = 0; k < bins; k++) out[offset + k] /= z;
    }

    /** The target distribution of {@code y} as a new array. */
    public double[] target(double y) {
        double[] t = new double[bins];
        target(y, t, 0);
        return t;
    }

    /** Expected value of the softmax of {@code logits[offset .. offset + K)}. */
    public double value(double[] logits, int offset) {
        double[] p = new double[bins];
        Categorical.softmax(logits, offset, bins, p, 0);
        double v = 0;
        for (int k = 0; k < bins; k++) v += p[k] * centres[k];
        return v;
    }

    /**
     * Mean cross-entropy over a batch between the targets of {@code y} and the softmax of {@code logits}
     * ({@code [B * K]} row-major), and its gradient with respect to the logits, scaled by {@code coef}, into
     * {@code dLogits}: {@code coef * (softmax - target) / B}.
     */
    public double loss(double[] logits, double[] y, double coef, double[] dLogits) {
        int b = y.length;
        double[] t = new double[bins];
        double[] p = new double[bins];
        double total = 0;
        for (int i = 0; i < b; i++) {
            target(y[i], t, 0);
            int off = i * bins;
            double lse = Categorical.softmax(logits, off, bins, p, 0);
            for (int k = 0; k < bins; k++) {
                total -= t[k] * (logits[off + k] - lse);
                if (dLogits != null) dLogits[off + k] = coef * (p[k] - t[k]) / b;
            }
        }
        return total / b;
    }
}
