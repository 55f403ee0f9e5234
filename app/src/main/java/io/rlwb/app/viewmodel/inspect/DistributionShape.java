package io.rlwb.app.viewmodel.inspect;

import io.rlwb.engine.telemetry.ValueDistributionSnapshot.Probe;

/**
 * A probe's predicted return distribution as a density polyline over returns, whatever the critic kind, so the
 * ridge plot can stack snapshots of any critic: categorical bins become a step density (probability over bin
 * width), quantiles a step density from their spacing ({@code (tau_{i+1} - tau_i) / (q_{i+1} - q_i)}), a
 * Gaussian its curve over four sigma, and a scalar a narrow spike at its value. Pure arithmetic.
 *
 * @param xs returns, increasing
 * @param ys density at each return (not normalised to a height)
 */
public record DistributionShape(double[] xs, double[] ys) {
    /** Samples of a Gaussian curve. */
    static final int GAUSS_POINTS = 81;

    /** The density of {@code p}; {@code spikeWidth} is the base width of a scalar's spike, in return units. */
    public static DistributionShape of(Probe p, double spikeWidth) {
        switch (p.kind()) {
            case "categorical" -> {
                double[] e = p.binEdges();
                double[] pr = p.probs();
                double[] xs = new double[2 * pr.length];
                double[] ys = new double[2 * pr.length];
                for (int k = 0; k < pr.length; k++) {
                    double d = pr[k] / Math.max(1e-12, e[k + 1] - e[k]);
                    xs[2 * k] = e[k];
                    xs[2 * k + 1] = e[k + 1];
                    ys[2 * k] = d;
                    ys[2 * k + 1] = d;
                }
                return new DistributionShape(xs, ys);
            }
            case "quantile" -> {
                double[] q = p.quantiles().clone();
                java.util.Arrays.sort(q);
                double[] t = p.taus();
                int m = q.length;
                if (m < 2) return spike(p.mean(), spikeWidth);
                double[] xs = new double[2 * (m - 1)];
                double[] ys = new double[2 * (m - 1)];
                for (int i = 0; i + 1 < m; i++) {
                    double dt = t.length == m ? Math.abs(t[i + 1] - t[i]) : 1.0 / m;
                    double d = dt / Math.max(1e-9 * (1 + Math.abs(q[i])), q[i + 1] - q[i]);
                    xs[2 * i] = q[i];
                    xs[2 * i + 1] = q[i + 1];
                    ys[2 * i] = d;
                    ys[2 * i + 1] = d;
                }
                return new DistributionShape(xs, ys);
            }
            case "gaussian" -> {
                double s = p.sigma() == null || !(p.sigma() > 0) ? spikeWidth / 4 : p.sigma();
                double[] xs = new double[GAUSS_POINTS];
                double[] ys = new double[GAUSS_POINTS];
                for (int i = 0; i < GAUSS_POINTS; i++) {
                    double z = -4 + 8.0 * i / (GAUSS_POINTS - 1);
                    xs[i] = p.mean() + z * s;
                    ys[i] = Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI));
                }
                return new DistributionShape(xs, ys);
            }
            default -> {
                return spike(p.mean(), spikeWidth);
            }
        }
    }

    private static DistributionShape spike(double at, double width) {
        double w = Math.max(1e-9, width) / 2;
        return new DistributionShape(new double[] {at - w, at, at + w}, new double[] {0, 1 / w, 0});
    }

    /** The largest density. */
    public double maxY() {
        double m = 0;
        for (double y : ys) m = Math.max(m, y);
        return m;
    }

    /** Smallest and largest return covered by {@code p} (edges, quantiles, four sigma, the empirical return). */
    public static double[] extent(Probe p) {
        double lo = p.mean();
        double hi = p.mean();
        double[] all = "categorical".equals(p.kind()) ? p.binEdges() : "quantile".equals(p.kind()) ? p.quantiles() : null;
        if (all != null) for (double v : all) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if ("gaussian".equals(p.kind()) && p.sigma() != null) {
            lo = Math.min(lo, p.mean() - 4 * p.sigma());
            hi = Math.max(hi, p.mean() + 4 * p.sigma());
        }
        if (p.empiricalReturn() != null) {
            lo = Math.min(lo, p.empiricalReturn());
            hi = Math.max(hi, p.empiricalReturn());
        }
        return new double[] {lo, hi};
    }
}
