package io.rlwb.engine.morl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
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

    @Test
    void theAdaptiveCombinersAreLinearUnderTheirCurrentWeightsAndMoveOnUpdate() {
        DynamicCombiner d = new DynamicCombiner("0.5,0.5", 0.5, 0.5, 0.01, "node 'dyn', parameter 'weights'");
        assertThatThrownBy(() -> d.weights(2)).hasMessageContaining("before bind");
        d.bind(List.of("a", "b"));
        DynamicWeighting twin = new DynamicWeighting(new double[] {0.5, 0.5}, 0.5, 0.5, 0.01);
        for (int i = 0; i < 6; i++) {
            double[] means = {1.0 + 0.5 * i, 1.0};
            d.update(means);
            twin.update(means);
        }
        assertThat(d.weights(2)).containsExactly(twin.weights());
        double[] w = d.weights(2);
        assertThat(d.combine(new double[] {2, -4}, w)).isCloseTo(2 * w[0] - 4 * w[1], within(1e-12));
        assertThat(d.metrics()).containsOnlyKeys("weight_a", "weight_b");
        assertThat(d.metrics().get("weight_b")).isEqualTo(w[1]).isGreaterThan(0.5);
        assertThatThrownBy(() -> d.weights(3)).hasMessageContaining("node 'dyn'");
        DynamicCombiner wrong = new DynamicCombiner("1,2,3", 0.5, 0.5, 0.01, "node 'dyn', parameter 'weights'");
        assertThatThrownBy(() -> wrong.bind(List.of("a", "b"))).hasMessageContaining("node 'dyn', parameter 'weights'");

        // maximise 'c' subject to J(a) >= 0.5; lr 0.1 from 0.2
        LagrangianCombiner l = new LagrangianCombiner(names -> new LagrangianConstraints(names.indexOf("c"),
                new int[] {names.indexOf("a")}, new double[] {0.5}, new double[] {0.2}, 0.1), "node 'lag'");
        l.bind(List.of("a", "b", "c"));
        assertThat(l.weights(3)).containsExactly(0.2, 0.0, 1.0);
        l.update(new double[] {0.1, 9, 9}); // violated by 0.4
        assertThat(l.weights(3)[0]).isCloseTo(0.24, within(1e-12));
        assertThat(l.combine(new double[] {1, 5, 2}, l.weights(3))).isCloseTo(2.24, within(1e-12));
        assertThat(l.metrics()).containsOnlyKeys("lambda_a");
        assertThat(l.name()).isEqualTo("lagrangian");
    }

    /** Through a real checkpoint on disk: a resumed run must continue the weights, not restart them. */
    @Test
    void theAdaptiveCombinersWeightsSurviveACheckpoint(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        DynamicCombiner d = new DynamicCombiner("0.5,0.5", 0.5, 0.5, 0.01, "node 'dyn', parameter 'weights'");
        d.bind(List.of("a", "b"));
        LagrangianCombiner l = new LagrangianCombiner(names -> new LagrangianConstraints(0, new int[] {1},
                new double[] {0.5}, new double[] {0.2}, 0.1), "node 'lag'");
        l.bind(List.of("a", "b"));
        for (int i = 0; i < 5; i++) {
            d.update(new double[] {1.0 + 0.5 * i, 1.0});
            l.update(new double[] {1.0, 0.1 * i});
        }
        io.rlwb.engine.store.Checkpoints.Builder b = io.rlwb.engine.store.Checkpoints.builder();
        d.saveState(b.node(new io.rlwb.engine.store.Checkpoints.NodeEntry("dyn", "core/reward.dynamic", 1)));
        l.saveState(b.node(new io.rlwb.engine.store.Checkpoints.NodeEntry("lag", "core/reward.lagrangian", 1)));
        io.rlwb.engine.store.Checkpoints.Loaded ck = io.rlwb.engine.store.Checkpoints.read(b.write(tmp, 5, 5));

        DynamicCombiner d2 = new DynamicCombiner("0.5,0.5", 0.5, 0.5, 0.01, "node 'dyn', parameter 'weights'");
        assertThatThrownBy(() -> d2.restoreState(ck.node("dyn"))).hasMessageContaining("node 'dyn'");
        d2.bind(List.of("a", "b"));
        d2.restoreState(ck.node("dyn"));
        LagrangianCombiner l2 = new LagrangianCombiner(names -> new LagrangianConstraints(0, new int[] {1},
                new double[] {0.5}, new double[] {0.2}, 0.1), "node 'lag'");
        l2.bind(List.of("a", "b"));
        l2.restoreState(ck.node("lag"));
        assertThat(d2.weights(2)).containsExactly(d.weights(2));
        assertThat(l2.weights(2)).containsExactly(l.weights(2));
        // and they go on moving exactly as the uninterrupted ones
        d.update(new double[] {0.2, 3.0});
        d2.update(new double[] {0.2, 3.0});
        l.update(new double[] {1.0, 0.0});
        l2.update(new double[] {1.0, 0.0});
        assertThat(d2.weights(2)).containsExactly(d.weights(2));
        assertThat(l2.weights(2)).containsExactly(l.weights(2));
    }
}
