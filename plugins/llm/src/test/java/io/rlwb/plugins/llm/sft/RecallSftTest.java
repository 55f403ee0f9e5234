package io.rlwb.plugins.llm.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.text.CharTokenizer;
import io.rlwb.plugins.llm.text.SequenceBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class RecallSftTest {
    private final RecallSft.Config config = new RecallSft.Config(40, 3, 8, 256, 1, 2, 16,
            new SftConfig(3, 4, 3e-3, 1, LrSchedule.COSINE, 0.1, 1.0, 4, 1), 1);
    private final RecallTask task = config.trainTask();
    private final CharTokenizer tok = RecallSft.tokenizer(config);

    @Test
    void aTrainingSequenceAsksForEveryPairWithTheExamplesQueryLastAndOnlyValuesAsTargets() {
        Example e = task.sample(Split.TRAIN, new SplittableRandom(4));
        List<int[]> seqs = new ArrayList<>();
        List<boolean[]> targets = new ArrayList<>();
        int sep = tok.specialId(RecallTask.SEPARATOR);
        RecallSft.multiQuery(e, tok, sep, new SplittableRandom(5), seqs, targets);
        String text = tok.decode(seqs.get(0), false);
        // the example's own prompt and answer end the sequence
        assertThat(text).startsWith("<bos>" + e.prompt().substring(0, e.prompt().indexOf(RecallTask.SEPARATOR)));
        assertThat(text).endsWith(e.prompt().substring(e.prompt().lastIndexOf(RecallTask.SEPARATOR)) + e.answer()
                + "<eos>");
        assertThat(text.split(RecallTask.SEPARATOR, -1)).hasSize(3 + 1);
        StringBuilder marked = new StringBuilder();
        for (int i = 0; i < seqs.get(0).length; i++) {
            if (targets.get(0)[i]) marked.append(tok.decode(new int[] {seqs.get(0)[i]}, false));
        }
        // three values of three digits, then <eos>
        assertThat(marked.toString()).matches("[0-9]{9}<eos>").contains(e.answer() + "<eos>");

        SequenceBatch b = RecallSft.layout(seqs, targets, DataType.FLOAT);
        int[] in = b.inputs().toIntVector();
        int[] out = b.targets().toIntVector();
        for (int i = 0; i < out.length; i++) {
            if (out[i] != SequenceBatch.IGNORE) {
                assertThat(targets.get(0)[i + 1]).isTrue();
                assertThat(out[i]).isEqualTo(seqs.get(0)[i + 1]);
            }
            assertThat(in[i]).isEqualTo(seqs.get(0)[i]);
        }
        assertThat(b.completionMask().sumNumber().intValue()).isEqualTo(10);
    }

    @Test
    void trainingStepsInPlaceAndRefusesAPolicyTooShortForTheSequences() {
        TransformerPolicy policy = new TransformerPolicy(config.policyConfig(), tok.vocabSize());
        assertThat(policy.config().contextLength()).isEqualTo(256 + 1 + 3 + 1 + 3 + 2);
        TransformerPolicy before = policy.copy();
        double loss = RecallSft.train(policy, tok, config, null);
        assertThat(loss).isFinite().isPositive();
        assertThat(policy.namedParameters().get("tok.weight").value())
                .isNotEqualTo(before.namedParameters().get("tok.weight").value());
        TransformerPolicy tiny = new TransformerPolicy(PolicyConfig.defaults().withContextLength(32), tok.vocabSize());
        assertThatThrownBy(() -> new RecallSft.Session(tiny, tok, config)).hasMessageContaining("'contextLength' = 32");
    }

    @Test
    void mixedLengthsDrawEachStepsLengthFromTheDoublingLadderAndTrain() {
        assertThat(config.trainLengths()).containsExactly(40);
        assertThat(config.withMixedLengths(30).trainLengths()).containsExactly(30, 40);
        RecallSft.Config wide = config.withTraining(200, 3, 3e-3).withMixedLengths(25);
        assertThat(wide.trainLengths()).containsExactly(25, 50, 100, 200);
        assertThat(wide.withTraining(200, 3, 3e-3).trainLengths()).as("withTraining resets mixing")
                .containsExactly(200);
        assertThatThrownBy(() -> config.withMixedLengths(41)).hasMessageContaining("'minTrainContext'");

        TransformerPolicy policy = new TransformerPolicy(config.policyConfig(), tok.vocabSize());
        TransformerPolicy before = policy.copy();
        double loss = RecallSft.train(policy, tok, wide.withSteps(4), null);
        assertThat(loss).isFinite().isPositive();
        assertThat(policy.namedParameters().get("tok.weight").value())
                .isNotEqualTo(before.namedParameters().get("tok.weight").value());
    }

    @Test
    void theCurriculumEqualsChainingItsStagesOnOnePolicy() {
        List<RecallSft.Stage> stages = List.of(new RecallSft.Stage(24, 1, 2, 3e-3), new RecallSft.Stage(40, 2, 2, 1e-3));
        RecallSft.Result r = RecallSft.curriculum(config, stages, new int[] {80}, 2, null);
        assertThat(r.steps()).isEqualTo(4);
        assertThat(r.heldOutAccuracy()).containsOnlyKeys(80);

        TransformerPolicy chained = new TransformerPolicy(config.policyConfig(), tok.vocabSize());
        RecallSft.train(chained, tok, config.withTraining(24, 1, 3e-3).withSteps(2), null);
        double loss = RecallSft.train(chained, tok, config.withTraining(40, 2, 1e-3).withSteps(2), null);
        assertThat(r.finalLoss()).isEqualTo(loss);
        assertThat(r.policy().namedParameters().get("tok.weight").value())
                .isEqualTo(chained.namedParameters().get("tok.weight").value());
    }

    @Test
    void theRecipeStartsShortFormsTheCircuitAtOneLengthThenMixesLengthsUpToTheLongestEvaluatedContext() {
        List<RecallSft.Stage> recipe = RecallSft.recipe();
        assertThat(recipe.get(0).context()).isLessThan(64);
        assertThat(recipe.get(0).minContext()).isZero();
        assertThat(recipe).extracting(RecallSft.Stage::context).contains(1024);
        assertThat(recipe.get(recipe.size() - 1).minContext()).isPositive();
        // the ordered copying circuit forms at one short length before the last mixed-length stage carries it
        RecallSft.Stage fixed = recipe.get(recipe.size() - 2);
        assertThat(fixed.context()).isEqualTo(64);
        assertThat(fixed.minContext()).isZero();
        assertThat(recipe.get(recipe.size() - 1).context()).isEqualTo(1024);
        List<RecallSft.Stage> old = RecallSft.lengthCurriculum();
        assertThat(old.get(old.size() - 1).context()).isEqualTo(256);
        for (RecallSft.Stage s : old) assertThat(s.context()).isBetween(24, 256);
    }
}
