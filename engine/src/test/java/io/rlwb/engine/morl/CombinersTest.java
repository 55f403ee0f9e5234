package io.rlwb.engine.morl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CombinersTest {
    @Test
    void lagrangianMultipliersRiseOnViolationFallOnSlackAndNeverGoNegative() {
        // maximise objective 0 subject to J1 >= 0.5 and J2 >= -1; lr 0.1, start at 0.2 and 0.
        LagrangianConstraints lc = new LagrangianConstraints(0, new int[] {1, 2}, new double[] {0.5, -1},
                new double[] {0.2, 0.0}, 0.1);
        lc.update(new double[] {3.0, 0.1, 0.0});   // J1 violates by 0.4, J2 has slack 1
        assertThat(lc.multipliers()[0]).isCloseTo(0.2 + 0.1 * 0.4, within(1e-12));
        assertThat(lc.multipliers()[1]).isZero();     // max(0, 0 - 0.1)
        assertThat(lc.combine(new float[] {2f, 1f, -3f}, 0)).isCloseTo(2 + 0.24 * 1 + 0 * -3, within(1e-6));
        lc.update(new double[] {3.0, 2.9, -2.0});   // J1 slack 2.4, J2 violates by 1
        assertThat(lc.multipliers()[0]).isCloseTo(0.0, within(1e-12)); // max(0, 0.24 - 0.24)
        assertThat(lc.multipliers()[1]).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void chebyshevPicksTheWorstWeightedDistanceAndItsSubgradient() {
        ChebyshevCombiner c = new ChebyshevCombiner(new double[] {10, 0});
        double[] w = {0.5, 0.5};
        // distances 0.5*|4-10| = 3, 0.5*|-8-0| = 4 -> u = -4, gradient on objective 1: -0.5*sign(-8) = +0.5
        assertThat(c.combine(new double[] {4, -8}, w)).isEqualTo(-4.0);
        double[] g = new double[2];
        c.gradient(new double[] {4, -8}, w, g);
        assertThat(g).containsExactly(0.0, 0.5);
        LinearCombiner l = new LinearCombiner();
        assertThat(l.combine(new double[] {4, -8}, w)).isEqualTo(-2.0);
    }

    @Test
    void dynamicWeightingMovesWeightTowardTheObjectiveThatStalls() {
        DynamicWeighting dw = new DynamicWeighting(new double[] {0.5, 0.5}, 0.5, 0.5, 0.01);
        dw.update(new double[] {1.0, 1.0});
        for (int i = 0; i < 10; i++) dw.update(new double[] {1.0 + 0.5 * (i + 1), 1.0}); // objective 0 improves
        double[] w = dw.weights();
        assertThat(w[0] + w[1]).isCloseTo(1.0, within(1e-12));
        assertThat(w[1]).isGreaterThan(0.6);
    }
}
