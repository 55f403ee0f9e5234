package io.rlwb.engine.morl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrontMetricsTest {
    @Test
    void crowdingDistanceOfAHandMadeFrontGivesExtremesInfinityAndInteriorTheNeighbourSpan() {
        // Sorted on objective 0: (0,4) (1,3) (3,1) (4,0); span 4 on both objectives.
        List<double[]> f = List.of(new double[] {3, 1}, new double[] {0, 4}, new double[] {1, 3}, new double[] {4, 0});
        double[] d = Pareto.crowdingDistance(f);
        assertThat(d[1]).isInfinite();
        assertThat(d[3]).isInfinite();
        // (1,3): neighbours (0,4) and (3,1): (3-0)/4 + (4-1)/4 = 1.5; (3,1): neighbours (1,3), (4,0): 3/4 + 3/4.
        assertThat(d[2]).isCloseTo(1.5, within(1e-12));
        assertThat(d[0]).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void crowdingDistanceRanksTheLonelyPointFirst() {
        List<double[]> f = List.of(new double[] {0, 10}, new double[] {1, 9}, new double[] {2, 8},
                new double[] {8, 2}, new double[] {10, 0});
        double[] d = Pareto.crowdingDistance(f);
        // (2,8) borders the big gap to (8,2): (8-1)/10 + (9-2)/10 = 1.4; (1,9): 0.2 + 0.2; (8,2): 0.8 + 0.8.
        assertThat(d[2]).isCloseTo(1.4, within(1e-12));
        assertThat(d[1]).isCloseTo(0.4, within(1e-12));
        assertThat(d[3]).isCloseTo(1.6, within(1e-12));
    }

    @Test
    void expectedUtilitySparsityAndIgdOnAHandMadeFront() {
        List<double[]> f = List.of(new double[] {0, 1}, new double[] {1, 0});
        List<double[]> w = Weights.evenlySpread(2, 3); // (0,1) (0.5,0.5) (1,0)
        assertThat(FrontMetrics.expectedUtility(f, w)).isCloseTo((1 + 0.5 + 1) / 3.0, within(1e-12));
        assertThat(FrontMetrics.sparsity(f)).isCloseTo(2.0, within(1e-12));
        assertThat(FrontMetrics.sparsity(List.of(new double[] {1, 1}))).isZero();
        assertThat(FrontMetrics.sparsity(List.of())).isNull();
        List<double[]> truth = List.of(new double[] {0, 1}, new double[] {1, 0}, new double[] {1, 1});
        assertThat(FrontMetrics.igd(f, truth)).isCloseTo(1.0 / 3.0, within(1e-12));
        assertThat(FrontMetrics.igd(truth, truth)).isZero();
    }

    @Test
    void fiftyEvenlySpreadWeightsLieOnTheSimplexInTwoAndThreeObjectives() {
        for (int d = 2; d <= 3; d++) {
            List<double[]> w = Weights.evenlySpread(d, 50);
            assertThat(w).hasSize(50);
            for (double[] v : w) {
                assertThat(java.util.Arrays.stream(v).sum()).isCloseTo(1.0, within(1e-12));
                assertThat(java.util.Arrays.stream(v).min().getAsDouble()).isGreaterThanOrEqualTo(0.0);
            }
            assertThat(w.stream().map(java.util.Arrays::toString).distinct().count()).isEqualTo(50);
        }
    }

    @Test
    void aWeightListOfTheWrongLengthNamesThePlace() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Weights.parse("1,2,3", 2, null, "node 'c', parameter 'weights'"))
                .hasMessageContaining("node 'c', parameter 'weights'").hasMessageContaining("expected 2");
    }
}
