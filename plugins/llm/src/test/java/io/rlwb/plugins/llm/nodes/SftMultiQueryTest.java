package io.rlwb.plugins.llm.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.store.Checkpoints;
import io.rlwb.engine.testkit.TestRunServices;
import io.rlwb.engine.validate.Diagnostic;
import io.rlwb.engine.validate.Validator;
import io.rlwb.plugins.llm.kv.DenseStore;
import io.rlwb.plugins.llm.kv.FullKernel;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.sft.LrSchedule;
import io.rlwb.plugins.llm.sft.RecallSft;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llm/sft} with {@code queries > 0}: multi-query recall training on the wired task and policy (the recipe
 * of ADR 0040), its validation, and its resumable state.
 */
class SftMultiQueryTest {
    /** 3 pairs of 2-letter keys and 2-digit values in 48 characters, value after key. */
    static final RecallTask.Config TASK = new RecallTask.Config(48, 3, 2, 2, 0.25, 3, RecallTask.Layout.ADJACENT);
    static final SftConfig SFT = new SftConfig(4, 8, 1e-3, 1, LrSchedule.CONSTANT, 0.1, 1.0, 2, 5);

    private static LanguagePolicy policy() {
        RecallTask t = new RecallTask(TASK);
        CharTokenizer tok = new CharTokenizer(t.alphabet(), t.separators());
        TransformerPolicy p = new TransformerPolicy(PolicyConfig.defaults().withContextLength(112), tok.vocabSize());
        return new LanguagePolicy("policy", p, tok, KernelRecipe.of("full",
                new KernelFit("full", 1, 1, 0, false, true), DenseStore.factory(), FullKernel::full));
    }

    @Test
    void aMultiQueryStepIsTheRecallSessionsStepOnTheWiredTaskAndPolicy() {
        LanguagePolicy wired = policy();
        SftNode node = new SftNode(wired, new RecallTask(TASK), SFT, 1, false, 6, 16, 2);
        TestRunServices run = new TestRunServices(1, 16);
        for (int i = 0; i < SFT.steps(); i++) node.iterate(run);

        // the same steps by hand: multi-query sequences of 6 queries on the task's training split, lengths 16..48
        LanguagePolicy byHand = policy();
        RecallSft.Session s = new RecallSft.Session(byHand.policy(), byHand.tokenizer(), TASK, 16, 2, 6, SFT);
        List<Double> losses = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        while (!s.done()) {
            losses.add(s.step().loss());
            rows.add(s.lastRows());
        }
        assertThat(run.metrics.get(SftNode.LOSS.key())).containsExactlyElementsOf(losses);
        // two steps at 16 characters with the whole batch, then mixed lengths, whose longer steps hold fewer
        assertThat(rows.subList(0, 2)).containsOnly(SFT.batchSize());
        assertThat(rows.subList(2, 4)).anyMatch(r -> r < SFT.batchSize());
        assertThat(run.envSteps()).isEqualTo((long) SFT.steps() * SFT.batchSize());
        assertThat(run.metrics.get(SftNode.ACCURACY.key())).hasSize(1);
        assertThat(wired.policy().namedParameters().get("tok.weight").value())
                .isEqualTo(byHand.policy().namedParameters().get("tok.weight").value());

        // one query per sequence (the default) trains on other sequences: a different first loss
        TestRunServices single = new TestRunServices(1, 16);
        new SftNode(policy(), new RecallTask(TASK), SFT, 1, false).iterate(single);
        assertThat(single.metrics.get(SftNode.LOSS.key()).get(0)).isNotEqualTo(losses.get(0));
    }

    @Test
    void aResumedMultiQueryNodeTakesTheStepsOfTheUninterruptedOne(@TempDir Path dir) throws Exception {
        LanguagePolicy a = policy();
        SftNode straight = new SftNode(a, new RecallTask(TASK), SFT, 1, false, 6, 16, 2);
        TestRunServices runA = new TestRunServices(1, 16);
        for (int i = 0; i < 2; i++) straight.iterate(runA);
        Checkpoints.Builder b = Checkpoints.builder();
        straight.saveState(b.node(new Checkpoints.NodeEntry("sft", "llm/sft", 1)));
        Checkpoints.Loaded ck = Checkpoints.read(b.write(dir, 2, 8));
        TransformerPolicy copy = a.policy().copy();
        for (int i = 0; i < 2; i++) straight.iterate(runA);

        LanguagePolicy c = policy();
        c.policy().copyWeightsFrom(copy);
        SftNode resumed = new SftNode(c, new RecallTask(TASK), SFT, 1, false, 6, 16, 2);
        resumed.restoreState(ck.node("sft"));
        TestRunServices runC = new TestRunServices(1, 16);
        for (int i = 0; i < 2; i++) resumed.iterate(runC);
        assertThat(runC.metrics.get(SftNode.LOSS.key()))
                .containsExactlyElementsOf(runA.metrics.get(SftNode.LOSS.key()).subList(2, 4));
    }

    @Test
    void multiQueryTrainingOnAnotherTaskOrMixedLengthsWithoutItAreRefusedByName() {
        AdditionTask addition = new AdditionTask(AdditionTask.Config.defaults());
        assertThatThrownBy(() -> new SftNode(policy(), addition, SFT, 1, false, 4, 0, 0))
                .hasMessageContaining("'queries'").hasMessageContaining("recall task");
        assertThatThrownBy(() -> new SftNode(policy(), new RecallTask(TASK), SFT, 1, false, 0, 16, 0))
                .hasMessageContaining("'min_context'").hasMessageContaining("'queries'");
        assertThatThrownBy(() -> new SftNode(policy(), new RecallTask(TASK), SFT, 1, false, 4, 10, 0))
                .hasMessageContaining("'min_context'").hasMessageContaining(">= 16");
        assertThatThrownBy(() -> new SftNode(policy(), new RecallTask(TASK), SFT, 1, false, 4, 0, 5))
                .hasMessageContaining("'short_steps'");
    }

    @Test
    void theValidatorNamesTheParameterBeforeAnythingIsBuilt() throws Exception {
        GraphDocument add = LlmNodesTest.sample("sft-addition.json");
        LlmNodesTest.node(add, "sft").params().put("queries", 4);
        assertThat(validate(add)).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("sft");
            assertThat(d.message()).contains("'queries'").contains("recall task");
        });

        GraphDocument kv = LlmNodesTest.sample("kv-full.json");
        LlmNodesTest.node(kv, "sft").params().put("queries", 12).put("min_context", 8);
        assertThat(validate(kv)).anySatisfy(d -> assertThat(d.message()).contains("'min_context'")
                .contains("[21, 256]"));

        LlmNodesTest.node(kv, "sft").params().put("queries", 0).put("min_context", 32);
        assertThat(validate(kv)).anySatisfy(d -> assertThat(d.message()).contains("'min_context'"));

        LlmNodesTest.node(kv, "sft").params().put("queries", 12).put("min_context", 0).put("short_steps", 100);
        assertThat(validate(kv)).anySatisfy(d -> assertThat(d.message()).contains("'short_steps'"));
        LlmNodesTest.node(kv, "sft").params().put("short_steps", 0);

        LlmNodesTest.node(kv, "sft").params().put("queries", 64).put("min_context", 0);
        assertThat(validate(kv)).anySatisfy(d -> {
            assertThat(d.port()).isEqualTo("task");
            assertThat(d.message()).contains("64 queries").contains("context length");
        });

        LlmNodesTest.node(kv, "sft").params().put("queries", 12).put("min_context", 21);
        assertThat(validate(kv)).noneMatch(Diagnostic::isError);
    }

    private static List<Diagnostic> validate(GraphDocument g) {
        return new Validator(NodeRegistry.of(new CoreNodes(), new LlmNodes())).validate(g).diagnostics();
    }
}
