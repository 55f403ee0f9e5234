package io.rlwb.plugins.llm.reward.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.plugins.llm.task.Example;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RewardEnsembleTest {
    /** A member that returns fixed scores, one row per completion. */
    private record Fixed(List<String> names, double[][] rows) implements LearnedReward {
        @Override
        public double[][] scores(List<Example> examples, List<String> completions, List<Boolean> finished) {
            return rows;
        }
    }

    private static final Offset<Double> EPS = Offset.offset(1e-12);

    @Test
    void combinationsOfHandValues() {
        double[] r = {1, 2, 3, 6};
        // mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5
        assertThat(RewardEnsemble.combine(r, RewardEnsemble.Combination.MEAN, 0)).isCloseTo(3, EPS);
        assertThat(RewardEnsemble.combine(r, RewardEnsemble.Combination.WORST_CASE, 0)).isCloseTo(1, EPS);
        assertThat(RewardEnsemble.combine(r, RewardEnsemble.Combination.UNCERTAINTY_WEIGHTED, 0.5))
                .isCloseTo(3 - 0.5 * Math.sqrt(3.5), EPS);
        assertThat(RewardEnsemble.combine(r, RewardEnsemble.Combination.UNCERTAINTY_WEIGHTED, 0)).isCloseTo(3, EPS);
        double[] same = {0.4, 0.4, 0.4};
        for (RewardEnsemble.Combination c : RewardEnsemble.Combination.values()) {
            assertThat(RewardEnsemble.combine(same, c, 2)).isCloseTo(0.4, EPS);
        }
    }

    @Test
    void combinesEachLabelOfEachCompletionAcrossMembers() {
        List<String> names = List.of("x", "y");
        List<Fixed> members = List.of(new Fixed(names, new double[][] {{1, -1}, {0, 4}}),
                new Fixed(names, new double[][] {{3, -3}, {0, 2}}));
        List<Example> ex = List.of(new Example("1+1=", "2"), new Example("2+2=", "4"));
        List<String> c = List.of("2", "4");
        List<Boolean> f = List.of(true, true);
        assertThat(new RewardEnsemble(members, RewardEnsemble.Combination.MEAN, 0).scores(ex, c, f))
                .isDeepEqualTo(new double[][] {{2, -2}, {0, 3}});
        assertThat(new RewardEnsemble(members, RewardEnsemble.Combination.WORST_CASE, 0).scores(ex, c, f))
                .isDeepEqualTo(new double[][] {{1, -3}, {0, 2}});
        double[][] u = new RewardEnsemble(members, RewardEnsemble.Combination.UNCERTAINTY_WEIGHTED, 2)
                .scores(ex, c, f);
        assertThat(u[0][0]).isCloseTo(0, EPS);
        assertThat(u[0][1]).isCloseTo(-4, EPS);
        assertThat(u[1][0]).isCloseTo(0, EPS);
        assertThat(u[1][1]).isCloseTo(1, EPS);
        RewardEnsemble e = new RewardEnsemble(members, RewardEnsemble.Combination.MEAN, 0);
        assertThat(e.heads().get(1).name()).isEqualTo("rm/y");
        assertThat(e.heads().get(1).score(ex.get(0), "2", true)).isCloseTo(-2, EPS);
    }

    @Test
    void rejectsMismatchedMembersAndBadKappa() {
        List<Fixed> mixed = List.of(new Fixed(List.of("x"), new double[0][]), new Fixed(List.of("z"), new double[0][]));
        assertThatThrownBy(() -> new RewardEnsemble(mixed, RewardEnsemble.Combination.MEAN, 0))
                .hasMessageContaining("different labels");
        assertThatThrownBy(() -> new RewardEnsemble(mixed.subList(0, 1), RewardEnsemble.Combination.MEAN, -1))
                .hasMessageContaining("kappa");
        assertThatThrownBy(() -> new RewardEnsemble(List.of(), RewardEnsemble.Combination.MEAN, 0))
                .hasMessageContaining("at least one");
    }
}
