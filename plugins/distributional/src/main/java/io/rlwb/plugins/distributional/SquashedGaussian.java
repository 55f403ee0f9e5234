package io.rlwb.plugins.distributional;

/**
 * The tanh-squashed Gaussian of SAC, on plain arrays. A policy head gives, per row, d raw means and d raw
 * log-std values; {@code log_std = LOG_STD_MIN + 0.5 (LOG_STD_MAX - LOG_STD_MIN) (tanh(raw) + 1)} (CleanRL's
 * bounding). With noise eps ~ N(0, 1): {@code u = mu + sigma eps}, {@code a = tanh(u)},
 * {@code action = scale a + bias}, and
 * {@code log pi = sum_j [log N(u_j; mu_j, sigma_j) - log(scale (1 - a_j^2) + 1e-6)]}.
 * {@link #backward} gives the reparameterised gradient with respect to the head outputs.
 */
public final class SquashedGaussian {
    public static final double LOG_STD_MIN = -5;
    public static final double LOG_STD_MAX = 2;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final int d;
    private final double scale;
    private final double bias;

    /** @param dim action dimensions; low and high: the action box */
    public SquashedGaussian(int dim, double low, double high) {
        this.d = dim;
        this.scale = (high - low) / 2;
        this.bias = (high + low) / 2;
    }

    public int dim() { return d; }

    /** Half the action box's width: {@code action = scale tanh(u) + bias}. */
    double scale() { return scale; }

    /** The action box's centre. */
    double bias() { return bias; }

    /** One sampled batch and what its backward pass needs. */
    public static final class Sample {
        public final double[] action;
        public final double[] logp;
        final double[] eps;
        final double[] sigma;
        final double[] tanhU;
        final double[] rawStd;

        Sample(int b, int d) {
            action = new double[b * d];
            logp = new double[b];
            eps = new double[b * d];
            sigma = new double[b * d];
            tanhU = new double[b * d];
            rawStd = new double[b * d];
        }
    }

    /**
     * Squashes head outputs {@code out} ([B, 2d]: means then raw log-stds per row) with noise {@code eps}
     * ([B * d]; null for the deterministic action tanh(mu)).
     */
    public Sample sample(double[] out, double[] eps) {
        int b = out.length / (2 * d);
        Sample s = new Sample(b, d);
        for (int r = 0; r < b; r++) {
            double lp = 0;
            for (int j = 0; j < d; j++) {
                double mu = out[r * 2 * d + j];
                double raw = out[r * 2 * d + d + j];
                double logStd = LOG_STD_MIN + 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (Math.tanh(raw) + 1);
                double sigma = Math.exp(logStd);
                double e = eps == null ? 0 : eps[r * d + j];
                double a = Math.tanh(mu + sigma * e);
                int k = r * d + j;
                s.eps[k] = e;
                s.sigma[k] = sigma;
                s.tanhU[k] = a;
                s.rawStd[k] = raw;
                s.action[k] = scale * a + bias;
                lp += -0.5 * e * e - logStd - HALF_LOG_2PI - Math.log(scale * (1 - a * a) + 1e-6);
            }
            s.logp[r] = lp;
        }
        return s;
    }

    /**
     * d loss / d head outputs ([B, 2d]) from d loss / d action ([B * d]) and d loss / d log pi ([B]).
     */
    public double[] backward(Sample s, double[] dAction, double[] dLogp) {
        int b = s.logp.length;
        double[] dOut = new double[b * 2 * d];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < d; j++) {
                int k = r * d + j;
                double a = s.tanhU[k];
                double oneMinus = 1 - a * a;
                // d log pi / d u = -d/du log(scale (1 - tanh^2 u) + 1e-6) = 2 a scale (1 - a^2) / (scale (1 - a^2) + 1e-6)
                double dLogpDu = 2 * a * scale * oneMinus / (scale * oneMinus + 1e-6);
                double dU = (dAction == null ? 0 : dAction[k] * scale * oneMinus) + dLogp[r] * dLogpDu;
                double dLogStd = dU * s.sigma[k] * s.eps[k] - dLogp[r]; // d log pi / d log_std has the -1 of -log sigma
                double t = Math.tanh(s.rawStd[k]);
                dOut[r * 2 * d + j] = dU;
                dOut[r * 2 * d + d + j] = dLogStd * 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (1 - t * t);
            }
        }
        return dOut;
    }

    /**
     * log pi of given actions (for {@code Policy.evaluate}): inverts the squash with atanh (actions are pulled
     * inside the open box by 1e-6) and returns, per row, {log pi, d log pi / d mu_j..., d log pi / d raw_j...}.
     */
    public double[][] logProbOf(double[] out, double[] actions) {
        int b = out.length / (2 * d);
        double[][] res = new double[b][1 + 2 * d];
        for (int r = 0; r < b; r++) {
            double lp = 0;
            for (int j = 0; j < d; j++) {
                double mu = out[r * 2 * d + j];
                double raw = out[r * 2 * d + d + j];
                double logStd = LOG_STD_MIN + 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (Math.tanh(raw) + 1);
                double sigma = Math.exp(logStd);
                double a = Math.max(-1 + 1e-6, Math.min(1 - 1e-6, (actions[r * d + j] - bias) / scale));
                double u = 0.5 * Math.log((1 + a) / (1 - a));
                double z = (u - mu) / sigma;
                lp += -0.5 * z * z - logStd - HALF_LOG_2PI - Math.log(scale * (1 - a * a) + 1e-6);
                double t = Math.tanh(raw);
                res[r][1 + j] = z / sigma;
                res[r][1 + d + j] = (z * z - 1) * 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (1 - t * t);
            }
            res[r][0] = lp;
        }
        return res;
    }

    /** Entropy of the Gaussian before the squash, sum_j (log sigma_j + 0.5 log(2 pi e)), and its gradient. */
    public double[][] baseEntropy(double[] out) {
        int b = out.length / (2 * d);
        double[][] res = new double[b][1 + 2 * d];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < d; j++) {
                double raw = out[r * 2 * d + d + j];
                double logStd = LOG_STD_MIN + 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (Math.tanh(raw) + 1);
                res[r][0] += logStd + 0.5 + HALF_LOG_2PI;
                double t = Math.tanh(raw);
                res[r][1 + d + j] = 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (1 - t * t);
            }
        }
        return res;
    }
}
