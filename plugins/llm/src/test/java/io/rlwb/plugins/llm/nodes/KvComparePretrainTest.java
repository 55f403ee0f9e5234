package io.rlwb.plugins.llm.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.plugins.llm.kv.DenseStore;
import io.rlwb.plugins.llm.kv.FullKernel;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.sft.LrSchedule;
import io.rlwb.plugins.llm.sft.RecallSft;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.text.CharTokenizer;
import org.junit.jupiter.api.Test;

class KvComparePretrainTest {
    @Test
    void preTrainingDrawsKeysAndValuesAsLongAsTheWiredTasks() {
        // The kv samples' task has 2-letter keys and 2-digit values; pre-training on RecallSft's default 3 and 3
        // would teach a format the comparison never asks.
        RecallTask.Config drawn = compareOn(new RecallTask.Config(128, 4, 2, 2, 0.2, 1)).pretrainTask();
        assertThat(drawn.keyLength()).isEqualTo(2);
        assertThat(drawn.valueLength()).isEqualTo(2);
        assertThat(drawn.pairs()).isEqualTo(2);
        assertThat(drawn.layout()).isEqualTo(RecallTask.Layout.COLON);
    }

    @Test
    void preTrainingWritesPairsInTheWiredTasksLayout() {
        RecallTask.Config adjacent = new RecallTask.Config(128, 4, 2, 2, 0.2, 1, RecallTask.Layout.ADJACENT);
        assertThat(compareOn(adjacent).pretrainTask().layout()).isEqualTo(RecallTask.Layout.ADJACENT);
    }

    @Test
    void preTrainingKeepsTheWiredTasksHeldOutKeysOutOfTraining() {
        // the held-out keys are fixed by the task's seed and held-out fraction: pre-training on another fraction
        // would draw training contexts around keys the comparison holds out
        RecallTask.Config task = new RecallTask.Config(128, 4, 2, 2, 0.35, 9, RecallTask.Layout.ADJACENT);
        RecallTask.Config drawn = compareOn(task).pretrainTask();
        assertThat(drawn.heldOutFraction()).isEqualTo(0.35);
        assertThat(drawn.seed()).isEqualTo(9);
    }

    @Test
    void preTrainingCanStartAtTheShortestContextThatHoldsItsPairs() {
        // the recipe of the kv samples (ADR 0040): short first, then mixed lengths up to pretrain_context
        RecallTask.Config task = new RecallTask.Config(128, 4, 2, 2, 0.2, 1, RecallTask.Layout.ADJACENT);
        RecallTask.Config drawn = compareOn(task, new KvCompareNode.Pretrain(4, 48, 2, 8, 1e-3,
                LrSchedule.CONSTANT, 4, 11, 2)).pretrainTask();
        assertThat(drawn.contextLength()).isEqualTo(11); // 2 pairs of 2 + 2 characters, spaces around each
        assertThat(compareOn(task).pretrainTask().contextLength()).isEqualTo(48);
    }

    /** A kv-compare node over a fresh default policy and {@code task}, pre-training 4 steps of 8 sequences. */
    private static KvCompareNode compareOn(RecallTask.Config task) {
        return compareOn(task, new KvCompareNode.Pretrain(4, 48, 2, 8, 1e-3, LrSchedule.COSINE, 0, 0, 0));
    }

    private static KvCompareNode compareOn(RecallTask.Config task, KvCompareNode.Pretrain pre) {
        CharTokenizer tok = RecallSft.tokenizer(RecallSft.Config.defaults());
        TransformerPolicy p = new TransformerPolicy(PolicyConfig.defaults().withContextLength(144), tok.vocabSize());
        LanguagePolicy policy = new LanguagePolicy("policy", p, tok, KernelRecipe.of("full",
                new KernelFit("full", 1, 1, 0, false, true), DenseStore.factory(), FullKernel::full));
        return new KvCompareNode("compare", policy, new RecallTask(task), new int[] {128}, "full", new int[] {2}, 2,
                8, 1, pre);
    }
}
