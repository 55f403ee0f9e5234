package io.rlwb.plugins.morl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogBarrierTest {
    @Test
    void theCoefficientsAreTheBarriersGradientByFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int trial = 0; trial < 50; trial++) {
            int k = 2 + rng.nextInt(3);
            int j = rng.nextInt(k);
            double t = 0.2 + rng.nextDouble() * 3;
            double[] c = new double[k];
            double[] ret = new double[k];
            for (int i = 0; i < k; i++) {
                c[i] = rng.nextDouble(-20, 20);
                ret[i] = c[i] + 0.1 + rng.nextDouble() * 10; // strictly feasible
            }
            double[] g = LogBarrier.coefficients(ret, j, c, t);
            for (int i = 0; i < k; i++) {
                double h = 1e-6;
                double[] up = ret.clone(), down = ret.clone();
                up[i] += h;
                down[i] -= h;
                double numeric = (LogBarrier.value(up, j, c, t) - LogBarrier.value(down, j, c, t)) / (2 * h);
                assertThat(g[i]).as("trial %d, objective %d", trial, i).isCloseTo(numeric, within(1e-5 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    @Test
    void outsideTheFeasibleSetTheDirectionAscendsOnlyTheViolatedConstraints() {
        double[] c = {Double.NEGATIVE_INFINITY, -10, 0.5};
        double[] g = LogBarrier.coefficients(new double[] {3, -12, 1}, 0, c, 1.0);
        assertThat(g).containsExactly(0, 1, 0);
        assertThat(LogBarrier.value(new double[] {3, -12, 1}, 0, c, 1.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void thresholdsFillTheGapTowardTheNeighbourOrExtendPastTheEnd() {
        List<double[]> front = List.of(new double[] {1, -1}, new double[] {16, -9}, new double[] {124, -19});
        // (1,-1) maximising treasure: neighbour (16,-9): time >= -1 + 0.8 * (-8) = -7.4
        assertThat(CmorlTrainer.thresholds(front.get(0), 0, front, 0.8, 0.5, 0.1)[1]).isCloseTo(-7.4, within(1e-12));
        // (124,-19) maximising treasure: no neighbour: time >= -19 - 0.5 * 19 - 0.1
        assertThat(CmorlTrainer.thresholds(front.get(2), 0, front, 0.8, 0.5, 0.1)[1]).isCloseTo(-28.6, within(1e-12));
        // (124,-19) maximising time: neighbour (16,-9): treasure >= 124 + 0.8 * (16 - 124)
        assertThat(CmorlTrainer.thresholds(front.get(2), 1, front, 0.8, 0.5, 0.1)[0]).isCloseTo(37.6, within(1e-9));
    }
}
