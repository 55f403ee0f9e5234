package io.rlwb.plugins.morl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact fronts: checked against Deep Sea Treasure's published fronts, then used for Resource Gathering. */
class ParetoValueIterationTest {

    private static List<double[]> sorted(List<double[]> front) {
        List<double[]> s = new ArrayList<>(front);
        s.sort(Comparator.<double[]>comparingDouble(p -> p[p.length - 1]).thenComparingDouble(p -> p[p.length - 2]));
        return s;
    }

    private static void assertSameFront(List<double[]> actual, List<double[]> expected) {
        List<double[]> a = sorted(actual), e = sorted(expected);
        assertThat(a).as("front size").hasSize(e.size());
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < e.get(i).length; j++) {
                assertThat(a.get(i)[j]).as("point %d objective %d", i, j).isCloseTo(e.get(i)[j], within(1e-9));
            }
        }
    }

    @Test
    void deepSeaTreasureFrontsMatchThePublishedOnesForBothMapsAndTwoDiscounts() {
        for (DeepSeaTreasure.MapKind kind : DeepSeaTreasure.MapKind.values()) {
            for (double gamma : new double[] {1.0, 0.99}) {
                List<double[]> dp = ParetoValueIteration.front(new DeepSeaTreasure(kind, 100).model(), gamma, 100);
                assertSameFront(dp, DeepSeaTreasure.trueFront(kind, gamma));
            }
        }
    }

    @Test
    void aShortStepLimitRemovesTheTreasuresItCannotReach() {
        List<double[]> dp = ParetoValueIteration.front(new DeepSeaTreasure(DeepSeaTreasure.MapKind.CONCAVE, 10).model(),
                1.0, 10);
        // Treasures 1-6 lie 1, 3, 5, 7, 8, 9 steps away; 7-10 need 13 or more.
        assertSameFront(dp, DeepSeaTreasure.trueFront(DeepSeaTreasure.MapKind.CONCAVE, 1.0).subList(0, 6));
    }

    @Test
    void resourceGatheringUndiscountedFrontIsTheEnemyFreeRouteToBothResources() {
        assertSameFront(ParetoValueIteration.front(ResourceGathering.model(), 1.0, 100), List.of(new double[] {0, 1, 1}));
    }

    /**
     * With discounting the 18-step enemy-free route to both resources no longer dominates the short single-resource
     * routes: the gem alone (10 steps) and the gold alone (12 steps, enemy-free) join it. Routes through an enemy stay
     * dominated ((-0.1 gamma^6, 0.9 gamma^13, 0.9 gamma^13) for the reference's third point).
     */
    @Test
    void resourceGatheringFrontAtGamma099HasThreeEnemyFreePoints() {
        double g = 0.99;
        assertSameFront(ParetoValueIteration.front(ResourceGathering.model(), g, 100), List.of(
                new double[] {0, 0, Math.pow(g, 9)},
                new double[] {0, Math.pow(g, 11), 0},
                new double[] {0, Math.pow(g, 17), Math.pow(g, 17)}));
    }

    /** Within 10 steps only the gem (10 steps, safe) and the gold through one enemy (10 steps) fit. */
    @Test
    void resourceGatheringWithTenStepsTradesRiskForGold() {
        assertSameFront(ParetoValueIteration.front(ResourceGathering.model(), 1.0, 10), List.of(
                new double[] {0, 0, 1},
                new double[] {-0.1, 0.9, 0}));
    }

    /** At a steep discount the risky short route to both resources beats the long safe one in gold and gem. */
    @Test
    void resourceGatheringAtGamma09KeepsTheRiskyRouteToBothResources() {
        double g = 0.9;
        List<double[]> front = ParetoValueIteration.front(ResourceGathering.model(), g, 100);
        double[] throughOneEnemy = {-0.1 * Math.pow(g, 6), 0.9 * Math.pow(g, 13), 0.9 * Math.pow(g, 13)};
        assertThat(front).anySatisfy(p -> {
            for (int j = 0; j < 3; j++) assertThat(p[j]).isCloseTo(throughOneEnemy[j], within(1e-9));
        });
    }
}
