package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuantileHuberTest {
    @Test
    void tausAreTheQuantileMidpoints() {
        assertThat(QuantileHuber.taus(4)).containsExactly(new double[] {0.125, 0.375, 0.625, 0.875}, within(1e-15));
    }

    @Test
    void handComputedLossForOneQuantileEachSideOfTheTarget() {
        // N = 2: tau = 0.25, 0.75. y = 1. theta = (0.5, 3.0), kappa = 1.
        // u0 = 0.5 >= 0: |0.25 - 0| * 0.5 * 0.25 = 0.03125; u1 = -2 < 0: |0.75 - 1| * (2 - 0.5) = 0.375.
        double l = QuantileHuber.loss(new double[] {0.5, 3.0}, 2, new double[] {1.0}, 1, 1.0, 1.0, null);
        assertThat(l).isCloseTo(0.40625, within(1e-12));
    }

    @Test
    void gradientMatchesFiniteDifferencesInBothHuberRegimesAndWithSeveralTargetSamples() {
        double[] theta = {-1.3, 0.2, 0.9, 2.6, -0.4, 0.05, 1.7, 3.3};
        double[] y = {0.7, 1.4, -2.0, 0.6, 2.2, 0.35};
        double[] g = new double[theta.length];
        QuantileHuber.loss(theta, 4, y, 3, 1.0, 0.5, g);
        double[] num = Fd.gradient(theta, t -> 0.5 * QuantileHuber.loss(t, 4, y, 3, 1.0, 1.0, null));
        Fd.assertMatches("dQH/dtheta", g, num);
    }

    @Test
    void minimisingTheLossFindsTheQuantilesOfTheTargetSamples() {
        double[] samples = new double[101];
        for (int i = 0; i < samples.length; i++) samples[i] = i; // uniform 0..100
        double[] theta = new double[4];
        double[] g = new double[4];
        for (int it = 0; it < 20_000; it++) {
            QuantileHuber.loss(theta, 4, samples, samples.length, 1.0, 1.0, g);
            for (int i = 0; i < 4; i++) theta[i] -= 50 * g[i];
        }
        assertThat(theta).containsExactly(new double[] {12.5, 37.5, 62.5, 87.5}, within(1.0));
    }
}
