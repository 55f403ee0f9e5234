package io.rlwb.plugins.llm.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.rlwb.engine.telemetry.CreditSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hand-made group: completions 5 6 7 (reward 1), 5 6 8 (0), 5 9 (1), 4 3 (0). Values: root 1/2, "5" 2/3, "56" 1/2,
 * "567" 1, "568" 0, "59" 1, "4" 0, "43" 0. The root, "5" and "56" branch; "4" does not, so the token 3 after it gets
 * no extra term.
 */
class PrefixTreeTest {
    private static final List<int[]> GROUP = List.of(new int[] {5, 6, 7}, new int[] {5, 6, 8}, new int[] {5, 9},
            new int[] {4, 3});
    private static final double[] REWARDS = {1, 0, 1, 0};

    @Test
    void tdTermsAtBranchingTokensAndZeroElsewhere() {
        PrefixTree tree = new PrefixTree(GROUP, REWARDS);
        assertThat(tree.size()).isEqualTo(8);
        double[][] td = {{1.0 / 6, -1.0 / 6, 0.5}, {1.0 / 6, -1.0 / 6, -0.5}, {1.0 / 6, 1.0 / 3}, {-0.5, 0}};
        for (int i = 0; i < td.length; i++) {
            for (int k = 0; k < td[i].length; k++) {
                assertThat(tree.tdTerm(i, k)).as("completion %d token %d", i, k).isCloseTo(td[i][k], offset(1e-12));
            }
        }
        double[] adv = GroupAdvantages.compute(REWARDS, 4, GroupAdvantages.Scale.GROUP).advantages();
        double[][] tempo = tree.tempoAdvantages(adv);
        assertThat(tempo[3][1]).isEqualTo(adv[3]); // non-branching: TEMPO is GRPO
        assertThat(tempo[0][2]).isCloseTo(adv[0] + 0.5, offset(1e-12));
    }

    @Test
    void snapshotCarriesValuesCountsAndParents() {
        List<CreditSnapshot.TreeNode> nodes = new PrefixTree(GROUP, REWARDS).snapshot(t -> "t" + t);
        assertThat(nodes.get(0).parent()).isEqualTo(-1);
        assertThat(nodes.get(0).count()).isEqualTo(4);
        assertThat(nodes.get(0).value()).isEqualTo(0.5);
        assertThat(nodes.get(1).text()).isEqualTo("t5");
        assertThat(nodes.get(1).value()).isCloseTo(2.0 / 3, offset(1e-12));
        assertThat(nodes.get(1).count()).isEqualTo(3);
    }

    @Test
    void groupAdvantagesScaleModes() {
        double[] r = {1, 0, 1, 0, 2, 2, 2, 2};
        GroupAdvantages.Result g = GroupAdvantages.compute(r, 4, GroupAdvantages.Scale.GROUP);
        double std = Math.sqrt(1.0 / 3); // Bessel: 4 * 0.25 / 3
        assertThat(g.advantages()[0]).isCloseTo(0.5 / (std + 1e-4), offset(1e-12));
        assertThat(g.advantages()[5]).isZero();
        assertThat(g.fracZeroStd()).isEqualTo(0.5);
        GroupAdvantages.Result none = GroupAdvantages.compute(r, 4, GroupAdvantages.Scale.NONE);
        assertThat(none.advantages()[1]).isEqualTo(-0.5);
        // batch: mean 1.25, squared deviations 0.0625 * 2 + 1.5625 * 2 + 0.5625 * 4 = 5.5, std = sqrt(5.5 / 7)
        GroupAdvantages.Result batch = GroupAdvantages.compute(r, 4, GroupAdvantages.Scale.BATCH);
        assertThat(batch.advantages()[0]).isCloseTo(0.5 / (Math.sqrt(5.5 / 7) + 1e-4), offset(1e-12));
    }
}
