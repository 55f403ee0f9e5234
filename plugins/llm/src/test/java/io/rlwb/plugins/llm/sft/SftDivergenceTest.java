package io.rlwb.plugins.llm.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.nn.DivergenceException;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.text.CharTokenizer;
import org.junit.jupiter.api.Test;

/** Supervised training stops at the first non-finite loss, gradient or parameter, naming it and the step. */
class SftDivergenceTest {
    private final AdditionTask task = new AdditionTask(new AdditionTask.Config(1, 1, 0.2, 1));
    private final CharTokenizer tok = new CharTokenizer(task.alphabet(), task.separators());

    private TransformerPolicy policy() {
        return new TransformerPolicy(PolicyConfig.defaults().withContextLength(16), tok.vocabSize());
    }

    @Test
    void aNanParameterStopsTheFirstStepAtItsLoss() {
        TransformerPolicy p = policy();
        p.parameters().get(0).value().assign(Float.NaN);
        SftTrainer t = new SftTrainer(p, tok, task, new SftConfig(10, 8, 3e-3, 0, LrSchedule.CONSTANT, 0.1, 1.0, 8, 1));
        assertThatThrownBy(t::step).isInstanceOf(DivergenceException.class)
                .hasMessage("SFT loss is NaN (SFT step 1)");
        assertThat(t.steps()).isZero();
    }

    @Test
    void aHugeLearningRateStopsTrainingNamingWhatWentNonFiniteFirst() {
        SftTrainer t = new SftTrainer(policy(), tok, task,
                new SftConfig(20, 8, 1e30, 0, LrSchedule.CONSTANT, 0.1, 0.0, 8, 1));
        assertThatThrownBy(() -> t.train(null)).isInstanceOf(DivergenceException.class)
                .hasMessageMatching("(SFT loss|gradient of policy\\.\\S+|parameter policy\\.\\S+) is "
                        + "(NaN|[+-]infinity) \\((SFT step|before update|update) \\d+\\)");
    }
}
