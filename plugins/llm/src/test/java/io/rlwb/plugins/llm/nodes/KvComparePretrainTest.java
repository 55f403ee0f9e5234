package io.rlwb.plugins.llm.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.plugins.llm.kv.DenseStore;
import io.rlwb.plugins.llm.kv.FullKernel;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.sft.RecallSft;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.text.CharTokenizer;
import org.junit.jupiter.api.Test;

class KvComparePretrainTest {
    @Test
    void preTrainingDrawsKeysAndValuesAsLongAsTheWiredTasks() {
        // The kv samples' task has 2-letter keys and 2-digit values; pre-training on RecallSft's default 3 and 3
        // would teach a format the comparison never asks.
        RecallTask task = new RecallTask(new RecallTask.Config(128, 4, 2, 2, 0.2, 1));
        CharTokenizer tok = RecallSft.tokenizer(RecallSft.Config.defaults());
        TransformerPolicy p = new TransformerPolicy(PolicyConfig.defaults().withContextLength(144), tok.vocabSize());
        LanguagePolicy policy = new LanguagePolicy("policy", p, tok, KernelRecipe.of("full",
                new KernelFit("full", 1, 1, 0, false, true), DenseStore.factory(), FullKernel::full));
        KvCompareNode node = new KvCompareNode("compare", policy, task, new int[] {128}, "full", new int[] {2}, 2,
                8, 1, 4, 48, 2, 8, 1e-3);
        RecallTask.Config drawn = node.pretrainTask();
        assertThat(drawn.keyLength()).isEqualTo(2);
        assertThat(drawn.valueLength()).isEqualTo(2);
        assertThat(drawn.pairs()).isEqualTo(2);
        assertThat(drawn.layout()).isEqualTo(RecallTask.Layout.COLON);
    }

    @Test
    void preTrainingWritesPairsInTheWiredTasksLayout() {
        RecallTask task = new RecallTask(new RecallTask.Config(128, 4, 2, 2, 0.2, 1, RecallTask.Layout.ADJACENT));
        CharTokenizer tok = RecallSft.tokenizer(RecallSft.Config.defaults());
        TransformerPolicy p = new TransformerPolicy(PolicyConfig.defaults().withContextLength(144), tok.vocabSize());
        LanguagePolicy policy = new LanguagePolicy("policy", p, tok, KernelRecipe.of("full",
                new KernelFit("full", 1, 1, 0, false, true), DenseStore.factory(), FullKernel::full));
        KvCompareNode node = new KvCompareNode("compare", policy, task, new int[] {128}, "full", new int[] {2}, 2,
                8, 1, 4, 48, 2, 8, 1e-3);
        assertThat(node.pretrainTask().layout()).isEqualTo(RecallTask.Layout.ADJACENT);
    }
}
