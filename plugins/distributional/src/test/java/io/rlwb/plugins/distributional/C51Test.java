package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class C51Test {
    /**
     * Brute force, written differently from C51.project: every shifted atom spreads its mass over all atoms by
     * the triangular kernel max(0, 1 - |Tz_j - z_i| / dz) (Bellemare et al.'s equation 7).
     */
    private static double[] bruteForce(double[] z, double[] p, double r, double gamma, double done) {
        double vMin = z[0];
        double vMax = z[z.length - 1];
        double dz = z[1] - z[0];
        double[] m = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < z.length; j++) {
                double tz = Math.max(vMin, Math.min(vMax, r + gamma * (1 - done) * z[j]));
                m[i] += p[j] * Math.max(0, 1 - Math.abs(tz - z[i]) / dz);
            }
        }
        return m;
    }

    @Test
    void projectionMatchesTheBruteForceReferenceIncludingAtomsLandingExactlyOnTheSupportAndItsEdges() {
        C51 c = new C51(11, -10, 10);
        double[] z = c.support();
        SplittableRandom rng = new SplittableRandom(8);
        double[][] cases = {{0.0, 1.0, 0}, {1.0, 0.9, 0}, {-3.3, 0.99, 0}, {2.0, 0.99, 1}, {50, 0.9, 0}, {-50, 0.5, 0},
                {0.7, 0.0, 0}, {4.0, 1.0, 0}};
        for (double[] cs : cases) {
            double[] p = new double[11];
            double sum = 0;
            for (int j = 0; j < 11; j++) sum += p[j] = rng.nextDouble();
            for (int j = 0; j < 11; j++) p[j] /= sum;
            double[] m = c.project(p, 0, cs[0], cs[1], cs[2]);
            assertThat(m).as("r=%s gamma=%s done=%s", cs[0], cs[1], cs[2])
                    .containsExactly(bruteForce(z, p, cs[0], cs[1], cs[2]), within(1e-12));
            double total = 0;
            for (double v : m) total += v;
            assertThat(total).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void aTerminalStepPutsAllMassAroundTheReward() {
        C51 c = new C51(5, 0, 4); // atoms 0, 1, 2, 3, 4
        double[] m = c.project(new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, 0, 2.25, 0.99, 1.0);
        assertThat(m).containsExactly(new double[] {0, 0, 0.75, 0.25, 0}, within(1e-12));
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferences() {
        C51 c = new C51(6, -1, 1);
        SplittableRandom rng = new SplittableRandom(1);
        double[] logits = new double[12];
        for (int i = 0; i < 12; i++) logits[i] = rng.nextDouble(-2, 2);
        double[] m = c.project(new double[] {0.1, 0.3, 0.2, 0.2, 0.1, 0.1}, 0, 0.3, 0.9, 0);
        double[] g = new double[12];
        c.crossEntropy(logits, 6, m, 0.5, g);
        double[] num = Fd.gradient(logits, x -> 0.5 * c.crossEntropy(x, 6, m, 1.0, null));
        Fd.assertMatches("d CE / d logits (second row only)", g, num);
    }
}
