package io.rlwb.plugins.llm.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.morl.ChebyshevCombiner;
import io.rlwb.engine.morl.LinearCombiner;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.task.Example;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewardHeadsTest {
    private static final Example E = new Example("17+25=", "42");

    @Test
    void aBatchIsScoredPerHeadAndGoldHeadsAreScoredButNeverCombined() {
        AdditionTask task = new AdditionTask(AdditionTask.Config.defaults());
        RewardVector rv = new RewardVector(List.of(new FormatHead(), new BrevityHead(2)), new LinearCombiner(),
                new double[] {0.5, 0.5}).withGold(List.of(new CorrectnessHead(task)));
        assertThat(rv.goldNames()).containsExactly("correctness");
        Example e = new Example("3+4=", "7");
        List<Example> ex = List.of(e, e, e);
        List<String> c = List.of("7", "107", "07");
        boolean[] fin = {true, true, false};
        double[][] s = rv.scoreAll(ex, c, fin);
        for (int i = 0; i < 3; i++) assertThat(s[i]).containsExactly(rv.scores(e, c.get(i), fin[i]));
        assertThat(s[0]).containsExactly(1, 1);
        assertThat(s[1]).containsExactly(1, 0.5);
        assertThat(s[2]).containsExactly(0, 0);
        assertThat(rv.goldScoreAll(ex, c, fin)).isDeepEqualTo(new double[][] {{1}, {0}, {0}});
        assertThat(rv.combine(s[1])).isEqualTo(0.75);
        assertThatThrownBy(() -> rv.scoreAll(ex, c, new boolean[2])).hasMessageContaining("2 finished");
    }

    @Test
    void correctnessNeedsTheExactAnswerAndAnEnd() {
        CorrectnessHead h = new CorrectnessHead(new AdditionTask(AdditionTask.Config.defaults()));
        assertThat(h.score(E, "42", true)).isEqualTo(1);
        assertThat(h.score(E, "42", false)).isZero();
        assertThat(h.score(E, "43", true)).isZero();
        assertThat(h.score(E, "042", true)).isZero();
        assertThat(h.score(E, "", true)).isZero();
    }

    @Test
    void formatRewardsWellFormedNumbersRightOrWrong() {
        FormatHead h = new FormatHead();
        assertThat(h.score(E, "43", true)).isEqualTo(1);
        assertThat(h.score(E, "0", true)).isEqualTo(1);
        assertThat(h.score(E, "042", true)).isZero();
        assertThat(h.score(E, "4+2", true)).isZero();
        assertThat(h.score(E, "", true)).isZero();
        assertThat(h.score(E, "42", false)).isZero();
        assertThatThrownBy(() -> new FormatHead("(")).hasMessageContaining("pattern");
    }

    @Test
    void brevityFallsLinearlyPastTheBudget() {
        BrevityHead h = new BrevityHead(4);
        assertThat(h.score(E, "42", true)).isEqualTo(1);
        assertThat(h.score(E, "4242", true)).isEqualTo(1);
        assertThat(h.score(E, "424242", true)).isEqualTo(0.5);
        assertThat(h.score(E, "424242424", true)).isZero();
        assertThat(h.score(E, "42", false)).isZero();
        assertThatThrownBy(() -> new BrevityHead(0)).hasMessageContaining("budget");
    }

    @Test
    void safetyCountsForbiddenPatterns() {
        SafetyHead h = new SafetyHead(List.of("666", "^9"));
        assertThat(h.score(E, "42", true)).isEqualTo(1);
        assertThat(h.score(E, "16663", true)).isEqualTo(0.5);
        assertThat(h.score(E, "9666", false)).isZero();
        assertThatThrownBy(() -> new SafetyHead(List.of("ok", "[")))
                .hasMessageContaining("'forbidden' entry 1");
    }

    @Test
    void headsFormAVectorThatTheEngineCombinersReduce() {
        RewardVector v = new RewardVector(List.of(new CorrectnessHead(new AdditionTask(AdditionTask.Config.defaults())),
                new FormatHead(), new BrevityHead(2)), new LinearCombiner(), new double[] {0.6, 0.3, 0.1});
        double[] s = v.scores(E, "4299", true); // wrong, well formed, 2 over the budget of 2
        assertThat(s).containsExactly(0, 1, 0);
        assertThat(v.combine(s)).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(v.names()).containsExactly("correctness", "format", "brevity");
        RewardVector cheb = new RewardVector(v.heads(), new ChebyshevCombiner(new double[] {1, 1, 1}),
                new double[] {1, 1, 1});
        assertThat(cheb.combine(new double[] {1, 1, 1})).isGreaterThan(cheb.combine(s));
        assertThatThrownBy(() -> new RewardVector(v.heads(), new LinearCombiner(), new double[] {1}))
                .hasMessageContaining("weights");
    }
}
