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
    void theAdjacentLayoutsSequencesAskWithoutAColonAndTheConfigBuildsItsPolicy() {
        RecallSft.Config adj = config.withLayout(RecallTask.Layout.ADJACENT).withInit(false, 0.1);
        assertThat(adj.trainTask().config().layout()).isEqualTo(RecallTask.Layout.ADJACENT);
        assertThat(adj.task(64).config().layout()).isEqualTo(RecallTask.Layout.ADJACENT);
        Example e = adj.trainTask().sample(Split.TRAIN, new SplittableRandom(4));
        List<int[]> seqs = new ArrayList<>();
        List<boolean[]> targets = new ArrayList<>();
        RecallSft.multiQuery(e, tok, tok.specialId(RecallTask.SEPARATOR), new SplittableRandom(5), seqs, targets);
        String text = tok.decode(seqs.get(0), false);
        assertThat(text).doesNotContain(":").matches("<bos>[a-z0-9 ]{40}(<sep>[a-z]{3}[0-9]{3}<eos>){3}");
        StringBuilder marked = new StringBuilder();
        for (int i = 0; i < seqs.get(0).length; i++) {
            if (targets.get(0)[i]) marked.append(tok.decode(new int[] {seqs.get(0)[i]}, false));
        }
        // every answer and the <eos> after it are targets
        assertThat(marked.toString()).matches("([0-9]{3}<eos>){3}");
        // also when queries are drawn with replacement (the example's own pair may be asked more than once)
        for (int seed = 0; seed < 20; seed++) {
            List<int[]> many = new ArrayList<>();
            RecallSft.multiQuery(e, tok, tok.specialId(RecallTask.SEPARATOR), 7, new SplittableRandom(seed), many,
                    new ArrayList<>());
            assertThat(tok.decode(many.get(0), false)).matches("<bos>[a-z0-9 ]{40}(<sep>[a-z]{3}[0-9]{3}<eos>){7}");
        }
        assertThat(text).endsWith("<sep>" + RecallTask.Layout.ADJACENT.queriedKey(e.prompt()) + e.answer() + "<eos>");
        PolicyConfig pc = adj.policyConfig();
        assertThat(pc.tiedHead()).isFalse();
        assertThat(pc.initStd()).isEqualTo(0.1);
        // the query has no colon, so the policy is one token shorter than the colon layout's
        assertThat(pc.contextLength()).isEqualTo(config.policyConfig().contextLength() - 1);
        RecallSft.Config seven = adj.withSeed(7);
        assertThat(seven.sft().seed()).isEqualTo(7);
        assertThat(seven.policyConfig().seed()).isEqualTo(7);
        assertThat(seven.withSteps(9).policyConfig()).isEqualTo(seven.policyConfig());
    }

    @Test
    void aRotaryPolicyIsLengthenedWithItsWeightsAndALearnedOneIsLeftAlone() {
        TransformerPolicy p = new TransformerPolicy(config.policyConfig().withContextLength(40), tok.vocabSize());
        p.namedParameters().values().forEach(q -> q.value().addi(0.01));
        TransformerPolicy longer = RecallSft.withContext(p, 60);
        assertThat(longer.config()).isEqualTo(p.config().withContextLength(60));
        org.nd4j.linalg.api.ndarray.INDArray ids = org.nd4j.linalg.factory.Nd4j.createFromArray(
                new int[][] {{1, 7, 9, 11, 4, 8}});
        assertThat(longer.logits(io.rlwb.engine.nn.autodiff.Tape.inference(), ids).value())
                .isEqualTo(p.logits(io.rlwb.engine.nn.autodiff.Tape.inference(), ids).value());
        assertThat(RecallSft.withContext(p, 30)).isSameAs(p);
        TransformerPolicy learned = new TransformerPolicy(new PolicyConfig(1, 2, 16, 40,
                io.rlwb.engine.nn.layers.DecoderModel.Positions.LEARNED, true, 2, 0, 1, DataType.FLOAT),
                tok.vocabSize());
        assertThat(RecallSft.withContext(learned, 60)).isSameAs(learned);
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

    @Test
    void keyAndValueLengthsReachTheTrainingAndEvaluationTasksAndTheSequences() {
        RecallSft.Config short1 = config.withPairs(4).withKeyValueLengths(1, 2);
        assertThat(config.trainTask().config().keyLength()).isEqualTo(3);
        assertThat(short1.trainTask().config().keyLength()).isEqualTo(1);
        assertThat(short1.trainTask().config().valueLength()).isEqualTo(2);
        assertThat(short1.task(80).config().keyLength()).isEqualTo(1);
        assertThat(short1.task(80).config().valueLength()).isEqualTo(2);
        assertThat(short1.withTraining(64, 2, 1e-3).withSteps(5).withPairs(4).withMixedLengths(32)
                .withShape(2, 2, 16).trainTask(32).config().keyLength()).as("kept by every with-method").isEqualTo(1);
        // the policy is sized for the evaluation prompt: context, <sep>, key, ':' and the answer
        assertThat(short1.policyConfig().contextLength()).isEqualTo(256 + 1 + 1 + 1 + 2 + 2);

        Example e = short1.trainTask().sample(Split.TRAIN, new SplittableRandom(4));
        assertThat(e.prompt()).matches("(?s).*<sep>[a-z]:");
        assertThat(e.answer()).matches("[0-9]{2}");
        List<int[]> seqs = new ArrayList<>();
        List<boolean[]> targets = new ArrayList<>();
        RecallSft.multiQuery(e, tok, tok.specialId(RecallTask.SEPARATOR), new SplittableRandom(5), seqs, targets);
        StringBuilder marked = new StringBuilder();
        for (int i = 0; i < seqs.get(0).length; i++) {
            if (targets.get(0)[i]) marked.append(tok.decode(new int[] {seqs.get(0)[i]}, false));
        }
        assertThat(marked.toString()).matches("[0-9]{6}<eos>");
        assertThat(tok.decode(seqs.get(0), false)).matches("(?s).*(<sep>[a-z]:[0-9]{2}){3}<eos>");

        assertThatThrownBy(() -> config.withKeyValueLengths(0, 2)).hasMessageContaining("'keyLength'");
        assertThatThrownBy(() -> config.withKeyValueLengths(2, 10)).hasMessageContaining("'valueLength'");
    }

    @Test
    void aStagesKeyLengthTrainsThatStageOnKeysOfThatLength() {
        RecallSft.Config c = config.withKeyValueLengths(2, 2);
        List<RecallSft.Stage> stages = List.of(new RecallSft.Stage(24, 2, 2, 3e-3, 0, 1),
                new RecallSft.Stage(40, 2, 2, 1e-3));
        RecallSft.Result r = RecallSft.curriculum(c, stages, new int[] {80}, 2, null);

        TransformerPolicy chained = new TransformerPolicy(c.policyConfig(), tok.vocabSize());
        RecallSft.train(chained, tok, c.withKeyValueLengths(1, 2).withTraining(24, 2, 3e-3).withSteps(2), null);
        double loss = RecallSft.train(chained, tok, c.withTraining(40, 2, 1e-3).withSteps(2), null);
        assertThat(r.finalLoss()).isEqualTo(loss);
        assertThat(r.policy().namedParameters().get("tok.weight").value())
                .isEqualTo(chained.namedParameters().get("tok.weight").value());

        TransformerPolicy twoLetters = new TransformerPolicy(c.policyConfig(), tok.vocabSize());
        RecallSft.train(twoLetters, tok, c.withTraining(24, 2, 3e-3).withSteps(2), null);
        RecallSft.train(twoLetters, tok, c.withTraining(40, 2, 1e-3).withSteps(2), null);
        assertThat(r.policy().namedParameters().get("tok.weight").value()).as("the first stage used 1-letter keys")
                .isNotEqualTo(twoLetters.namedParameters().get("tok.weight").value());
        assertThatThrownBy(() -> new RecallSft.Stage(64, 2, 1, 1e-3, 0, 7)).hasMessageContaining("'keyLength'");
    }

    @Test
    void queriesDrawnWithReplacementAskForPairsOfTheContextWithTheExamplesQueryLast() {
        Example e = task.sample(Split.TRAIN, new SplittableRandom(4));
        int sep = tok.specialId(RecallTask.SEPARATOR);
        String context = e.prompt().substring(0, e.prompt().lastIndexOf(RecallTask.SEPARATOR));
        java.util.Map<String, String> pairs = new java.util.HashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-z]+):([0-9]+)").matcher(context);
        while (m.find()) pairs.put(m.group(1), m.group(2));
        assertThat(pairs).hasSize(3);
        java.util.Set<String> asked = new java.util.HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            List<int[]> seqs = new ArrayList<>();
            List<boolean[]> targets = new ArrayList<>();
            RecallSft.multiQuery(e, tok, sep, 7, new SplittableRandom(seed), seqs, targets);
            String text = tok.decode(seqs.get(0), false);
            String[] parts = text.substring(0, text.length() - "<eos>".length()).split(RecallTask.SEPARATOR);
            assertThat(parts).hasSize(1 + 7);
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split(":");
                assertThat(pairs).containsEntry(kv[0], kv[1]);
                asked.add(kv[0]);
            }
            assertThat(text).endsWith(e.prompt().substring(e.prompt().lastIndexOf(RecallTask.SEPARATOR)) + e.answer()
                    + "<eos>");
            int marked = 0;
            for (boolean t : targets.get(0)) marked += t ? 1 : 0;
            assertThat(marked).isEqualTo(7 * 3 + 1);
        }
        assertThat(asked).as("every pair gets asked for over the draws").containsExactlyInAnyOrderElementsOf(
                pairs.keySet());

        List<int[]> a = new ArrayList<>();
        List<int[]> b = new ArrayList<>();
        RecallSft.multiQuery(e, tok, sep, 7, new SplittableRandom(9), a, new ArrayList<>());
        RecallSft.multiQuery(e, tok, sep, 7, new SplittableRandom(9), b, new ArrayList<>());
        assertThat(a.get(0)).isEqualTo(b.get(0));
        assertThatThrownBy(() -> config.withQueries(-1)).hasMessageContaining("'queries'");
    }

    @Test
    void theMultiPairRecipeMatchesOneLetterKeysWithoutExclusionAndEvaluatesItsLastStagesSetting() {
        List<RecallSft.Stage> stages = RecallSft.multiPairRecipe();
        RecallSft.Config eval = RecallSft.multiPairEvaluation();
        RecallSft.Stage last = stages.get(stages.size() - 1);
        for (RecallSft.Stage st : stages) {
            assertThat(st.keyLength()).isEqualTo(1);
            assertThat(st.pairs()).isGreaterThan(1);
            // every stage's training task exists (6 pairs at most with 1-letter keys)
            RecallTask t = eval.withTraining(st.context(), st.pairs(), st.lr())
                    .withKeyValueLengths(st.keyLength(), st.valueLength()).trainTask();
            assertThat(t.sample(Split.TRAIN, new SplittableRandom(1)).answer()).hasSize(st.valueLength());
        }
        assertThat(last.queries()).as("queries drawn with replacement, more than the pairs").isGreaterThan(
                last.pairs());
        assertThat(eval.pairs()).isEqualTo(last.pairs());
        assertThat(eval.keyLength()).isEqualTo(last.keyLength());
        assertThat(eval.valueLength()).isEqualTo(last.valueLength());
        assertThat(eval.task(1024).config().keyLength()).isEqualTo(1);
        assertThat(eval.policyConfig().contextLength()).as("the one-pair recipe's policy holds its prompts")
                .isLessThanOrEqualTo(RecallSft.Config.defaults().withPairs(1).policyConfig().contextLength());
    }

    @Test
    void aCurriculumContinuesAGivenPolicyAsChainingDoes() {
        RecallSft.Config c = config.withPairs(4).withKeyValueLengths(1, 1);
        List<RecallSft.Stage> stages = List.of(new RecallSft.Stage(24, 3, 2, 3e-3, 0, 1, 1, 5));
        TransformerPolicy start = new TransformerPolicy(c.policyConfig(), tok.vocabSize());
        TransformerPolicy chained = start.copy();
        TransformerPolicy once = start.copy();
        RecallSft.Result r = RecallSft.curriculum(start, tok, c, stages, new int[] {40}, 2, null, (i, p) -> {});
        assertThat(r.policy()).isSameAs(start);
        double loss = RecallSft.train(chained, tok, c.withTraining(24, 3, 3e-3).withSteps(2).withQueries(5), null);
        assertThat(r.finalLoss()).isEqualTo(loss);
        assertThat(start.namedParameters().get("tok.weight").value())
                .isEqualTo(chained.namedParameters().get("tok.weight").value());
        RecallSft.train(once, tok, c.withTraining(24, 3, 3e-3).withSteps(2), null);
        assertThat(start.namedParameters().get("tok.weight").value()).as("the stage's queries reach the session")
                .isNotEqualTo(once.namedParameters().get("tok.weight").value());
    }

    @Test
    void aStagesScheduleReachesTheSessionAndTheCommandLineNamesIt() {
        RecallSft.Config c = config.withPairs(3).withKeyValueLengths(1, 1);
        SftConfig longer = new SftConfig(6, 4, 3e-3, 1, LrSchedule.COSINE, 0.1, 1.0, 4, 1);
        c = new RecallSft.Config(c.trainContext(), c.trainPairs(), c.pairs(), c.maxContext(), c.layers(), c.heads(),
                c.width(), longer, c.taskSeed(), 0, 1, 1, 0);
        assertThat(c.withSchedule(LrSchedule.CONSTANT).sft().schedule()).isEqualTo(LrSchedule.CONSTANT);
        assertThat(c.withSchedule(LrSchedule.CONSTANT).sft().learningRate()).isEqualTo(3e-3);
        List<RecallSft.Stage> stages = List.of(new RecallSft.Stage(24, 3, 6, 3e-3, 0, 1, 1, 0, LrSchedule.CONSTANT));
        TransformerPolicy start = new TransformerPolicy(c.policyConfig(), tok.vocabSize());
        TransformerPolicy constant = start.copy();
        TransformerPolicy cosine = start.copy();
        RecallSft.curriculum(start, tok, c, stages, new int[] {40}, 2, null, (i, p) -> {});
        java.util.List<Double> rates = new ArrayList<>();
        RecallSft.train(constant, tok, c.withTraining(24, 3, 3e-3).withSteps(6).withSchedule(LrSchedule.CONSTANT),
                s -> rates.add(s.learningRate()));
        assertThat(rates.get(rates.size() - 1)).as("no decay after the warm-up").isEqualTo(3e-3,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(start.namedParameters().get("tok.weight").value())
                .isEqualTo(constant.namedParameters().get("tok.weight").value());
        RecallSft.train(cosine, tok, c.withTraining(24, 3, 3e-3).withSteps(6), null);
        assertThat(start.namedParameters().get("tok.weight").value()).as("the stage's schedule reaches the session")
                .isNotEqualTo(cosine.namedParameters().get("tok.weight").value());
        assertThat(RecallSft.schedule("Constant")).isEqualTo(LrSchedule.CONSTANT);
        assertThat(RecallSft.schedule("cosine")).isEqualTo(LrSchedule.COSINE);
        assertThatThrownBy(() -> RecallSft.schedule("step")).hasMessageContaining("'schedule'");
    }
}
