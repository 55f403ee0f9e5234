package io.rlwb.plugins.llm.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.text.CharTokenizer;
import org.junit.jupiter.api.Test;

class SftAdditionTest {
    /**
     * One-digit addition, 20% of the 100 ordered pairs held out (22 pairs for seed 1): the default policy (2 layers,
     * width 64, rotary) trained for 300 steps of 64 examples reaches 20 of 22 held-out pairs exactly (measured;
     * docs/algorithms/transformer-policy.md), so the bound leaves one pair of slack.
     */
    @Test
    void supervisedTrainingLearnsOneDigitAdditionOnHeldOutPairs() {
        AdditionTask task = new AdditionTask(new AdditionTask.Config(1, 1, 0.2, 1));
        CharTokenizer tok = new CharTokenizer(task.alphabet(), task.separators());
        TransformerPolicy policy = new TransformerPolicy(PolicyConfig.defaults().withContextLength(16),
                tok.vocabSize());
        SftConfig cfg = new SftConfig(300, 64, 3e-3, 30, LrSchedule.COSINE, 0.1, 1.0, 200, 1);
        SftTrainer trainer = new SftTrainer(policy, tok, task, cfg);
        ExactMatch.Result before = trainer.evaluate(KvCacheFactory.FULL);
        SftTrainer.Result r = trainer.train(null);
        System.out.printf("sft one-digit addition: %d steps, loss %.4f, held-out exact match %.3f of %d (before %.3f)%n",
                r.steps(), r.finalLoss(), r.heldOut().accuracy(), r.heldOut().completions().size(), before.accuracy());
        assertThat(before.accuracy()).isLessThan(0.1);
        assertThat(r.heldOut().completions()).hasSizeGreaterThan(15);
        assertThat(r.finalLoss()).isLessThan(0.1);
        assertThat(r.heldOut().accuracy()).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void scheduleWarmsUpThenDecaysToTheFloor() {
        assertThat(LrSchedule.COSINE.multiplier(0, 100, 10, 0.1)).isEqualTo(0.1);
        assertThat(LrSchedule.COSINE.multiplier(9, 100, 10, 0.1)).isEqualTo(1.0);
        assertThat(LrSchedule.COSINE.multiplier(10, 100, 10, 0.1)).isEqualTo(1.0);
        assertThat(LrSchedule.COSINE.multiplier(99, 100, 10, 0.1)).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(LrSchedule.LINEAR.multiplier(54, 100, 10, 0.0)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(LrSchedule.CONSTANT.multiplier(80, 100, 10, 0.1)).isEqualTo(1.0);
    }

    @Test
    void aContextTooShortForTheTaskIsRejected() {
        AdditionTask task = new AdditionTask(AdditionTask.Config.defaults());
        CharTokenizer tok = new CharTokenizer(task.alphabet(), task.separators());
        TransformerPolicy policy = new TransformerPolicy(PolicyConfig.defaults().withContextLength(8), tok.vocabSize());
        assertThatThrownBy(() -> new SftTrainer(policy, tok, task, SftConfig.defaults()))
                .hasMessageContaining("'contextLength'");
        assertThatThrownBy(() -> new SftConfig(0, 64, 3e-3, 30, LrSchedule.COSINE, 0.1, 1.0, 200, 1))
                .hasMessageContaining("'steps'");
    }
}
