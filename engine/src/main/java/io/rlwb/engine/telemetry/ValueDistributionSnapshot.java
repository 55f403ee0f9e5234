package io.rlwb.engine.telemetry;

import java.util.List;

/**
 * A critic's predicted return distribution at a few fixed probe states (telemetry kind {@value #KIND}). Every
 * critic kind fits one {@link Probe} shape: categorical critics (HL-Gauss, C51) fill {@code binEdges} and
 * {@code probs}; quantile critics fill {@code taus} and {@code quantiles}; Gaussian critics (DSAC-T) fill
 * {@code mean} and {@code sigma}; a scalar critic fills only {@code mean}.
 *
 * @param version schema version of this record ({@value #VERSION})
 * @param critic id of the critic node that produced it
 * @param probes one entry per probe state
 */
public record ValueDistributionSnapshot(int version, String critic, List<Probe> probes) {
    public static final String KIND = "distribution";
    public static final int VERSION = 1;

    public ValueDistributionSnapshot {
        probes = List.copyOf(probes);
    }

    public ValueDistributionSnapshot(String critic, List<Probe> probes) {
        this(VERSION, critic, probes);
    }

    /**
     * One probe state.
     *
     * @param label short name of the probe (e.g. {@code s0}, {@code upright})
     * @param obs the observation probed
     * @param kind {@code categorical}, {@code quantile}, {@code gaussian} or {@code scalar}
     * @param binEdges categorical: K + 1 bin edges (C51 atoms are given as K edges around K atoms)
     * @param probs categorical: K probabilities
     * @param taus quantile: the quantile levels
     * @param quantiles quantile: the predicted return at each level
     * @param mean the expected value (every kind)
     * @param sigma gaussian: standard deviation; null otherwise
     * @param empiricalReturn the discounted return actually observed from this state, or null when unknown
     */
    public record Probe(String label, double[] obs, String kind, double[] binEdges, double[] probs, double[] taus,
            double[] quantiles, double mean, Double sigma, Double empiricalReturn) {

        public static Probe categorical(String label, double[] obs, double[] binEdges, double[] probs,
                Double empiricalReturn) {
            if (binEdges.length != probs.length + 1) {
                throw new IllegalArgumentException("need K + 1 edges for K probabilities, got " + binEdges.length
                        + " edges and " + probs.length + " probabilities");
            }
            double mean = 0;
            for (int k = 0; k < probs.length; k++) mean += probs[k] * 0.5 * (binEdges[k] + binEdges[k + 1]);
            return new Probe(label, obs, "categorical", binEdges, probs, null, null, mean, null, empiricalReturn);
        }

        public static Probe quantile(String label, double[] obs, double[] taus, double[] quantiles,
                Double empiricalReturn) {
            if (taus.length != quantiles.length) throw new IllegalArgumentException("taus and quantiles differ in length");
            double mean = 0;
            for (double q : quantiles) mean += q / quantiles.length;
            return new Probe(label, obs, "quantile", null, null, taus, quantiles, mean, null, empiricalReturn);
        }

        public static Probe gaussian(String label, double[] obs, double mean, double sigma, Double empiricalReturn) {
            return new Probe(label, obs, "gaussian", null, null, null, null, mean, sigma, empiricalReturn);
        }

        public static Probe scalar(String label, double[] obs, double value, Double empiricalReturn) {
            return new Probe(label, obs, "scalar", null, null, null, null, value, null, empiricalReturn);
        }
    }
}
