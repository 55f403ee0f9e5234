package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HlGaussTest {
    /** Mass of N(y, sigma^2) on [a, b] by Simpson's rule on the density: independent of any erf code. */
    private static double gaussianMass(double y, double sigma, double a, double b) {
        int n = 2000;
        double h = (b - a) / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double x = a + i * h;
            double d = Math.exp(-0.5 * Math.pow((x - y) / sigma, 2)) / (sigma * Math.sqrt(2 * Math.PI));
            s += d * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return s * h / 3;
    }

    @Test
    void targetMatchesTheClosedFormOfGaussianMassPerBinRenormalisedOverTheSupport() {
        HlGauss hl = new HlGauss(10, -5, 5, 0.75);
        assertThat(hl.sigma()).isCloseTo(0.75, within(1e-12));
        double[] edges = hl.edges();
        for (double y : new double[] {0.0, 0.3, -4.6, 4.99, 2.5}) {
            double[] t = hl.target(y);
            double z = gaussianMass(y, hl.sigma(), -5, 5);
            double sum = 0;
            for (int k = 0; k < 10; k++) {
                assertThat(t[k]).as("y=%s bin %d", y, k)
                        .isCloseTo(gaussianMass(y, hl.sigma(), edges[k], edges[k + 1]) / z, within(1e-9));
                sum += t[k];
            }
            assertThat(sum).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void hand_computed_target_for_y_on_a_bin_centre() {
        // 4 bins on [0, 4], width 1, sigma 0.75; y = 1.5 is the centre of bin 1.
        HlGauss hl = new HlGauss(4, 0, 4, 0.75);
        double[] t = hl.target(1.5);
        // Phi(x) at the edges (0 - 1.5)/0.75 = -2, (1 - 1.5)/0.75 = -2/3, 2/3, 2, (4 - 1.5)/0.75 = 10/3.
        double phiM2 = 0.022750131948179, phiM23 = 0.252492537546923, phi23 = 0.747507462453077,
                phi2 = 0.977249868051821, phi103 = 0.9995709396668031, z = phi103 - phiM2;
        assertThat(t[0]).isCloseTo((phiM23 - phiM2) / z, within(1e-9));
        assertThat(t[1]).isCloseTo((phi23 - phiM23) / z, within(1e-9));
        assertThat(t[2]).isCloseTo((phi2 - phi23) / z, within(1e-9));
        assertThat(t[3]).isCloseTo((phi103 - phi2) / z, within(1e-9));
    }

    @Test
    void targetsOutsideTheSupportAreClippedToItsEdge() {
        HlGauss hl = new HlGauss(8, 0, 8, 0.75);
        assertThat(hl.target(-50)).containsExactly(hl.target(0), within(1e-15));
        assertThat(hl.target(1e6)).containsExactly(hl.target(8), within(1e-15));
    }

    @Test
    void theValueOfTheTargetIsCloseToAnInteriorScalar() {
        HlGauss hl = new HlGauss(51, 0, 60, 0.75);
        double[] t = hl.target(23.4);
        double[] logits = new double[51];
        for (int k = 0; k < 51; k++) logits[k] = Math.log(Math.max(t[k], 1e-300));
        assertThat(hl.value(logits, 0)).isCloseTo(23.4, within(1e-4));
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferences() {
        HlGauss hl = new HlGauss(7, -3, 4, 0.75);
        SplittableRandom rng = new SplittableRandom(3);
        int b = 5;
        double[] logits = new double[b * 7];
        for (int i = 0; i < logits.length; i++) logits[i] = rng.nextDouble(-2, 2);
        double[] y = {-3.5, -1.2, 0.0, 2.7, 3.9};
        double[] grad = new double[logits.length];
        hl.loss(logits, y, 0.7, grad);
        double[] num = Fd.gradient(logits, x -> 0.7 * hl.loss(x, y, 1.0, null));
        Fd.assertMatches("dCE/dlogits", grad, num);
    }
}
