package io.rlwb.plugins.llm.reward.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.nn.autodiff.GradCheck;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.plugins.llm.reward.BrevityHead;
import io.rlwb.plugins.llm.reward.CorrectnessHead;
import io.rlwb.plugins.llm.reward.FormatHead;
import io.rlwb.plugins.llm.reward.RewardHead;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class RewardModelTest {
    private static final AdditionTask TASK = new AdditionTask(new AdditionTask.Config(1, 2, 0.2, 3));
    private static final CharTokenizer TOK = new CharTokenizer(TASK.alphabet(), TASK.separators());

    private static RewardModel model(RewardModel.Pooling pooling, List<RewardModel.Loss> losses, long seed,
            DataType dt) {
        List<String> names = List.of("a", "b", "c").subList(0, losses.size());
        return new RewardModel(new RewardModel.Config(names, losses, 8, 2, 1, 16, pooling, seed, dt), TOK);
    }

    @Test
    void lossMatchesFiniteDifferencesForBothPoolingsAndBothLosses() {
        List<LabelledCompletion> items = List.of(
                new LabelledCompletion(new Example("1+2=", "3"), "3", true, new double[] {1, 0.5, 0.3}),
                new LabelledCompletion(new Example("12+9=", "21"), "2", false, new double[] {0, 0.25, -0.7}),
                new LabelledCompletion(new Example("5+5=", "10"), "100", true, new double[] {0, 1, 2}));
        for (RewardModel.Pooling pooling : RewardModel.Pooling.values()) {
            RewardModel m = model(pooling, List.of(RewardModel.Loss.BCE, RewardModel.Loss.BCE, RewardModel.Loss.MSE),
                    4, DataType.DOUBLE);
            RewardModel.Encoded enc = RewardModelTrainer.encode(m, items);
            double[][] t = RewardModelTrainer.labels(items);
            GradCheck.checkParameters("reward model loss " + pooling, m.parameters(), tape -> m.loss(tape, enc, t));
        }
    }

    @Test
    void bceAndMseLossesHaveTheirTextbookValues() {
        RewardModel m = model(RewardModel.Pooling.LAST, List.of(RewardModel.Loss.BCE, RewardModel.Loss.MSE), 2,
                DataType.DOUBLE);
        List<LabelledCompletion> items = List.of(
                new LabelledCompletion(new Example("1+2=", "3"), "3", true, new double[] {0.8, 0.5}),
                new LabelledCompletion(new Example("9+9=", "18"), "1", false, new double[] {0.1, -1}));
        RewardModel.Encoded enc = RewardModelTrainer.encode(m, items);
        double[][] y = m.forward(Tape.inference(), enc).value().toDoubleMatrix();
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            double[] l = items.get(i).labels();
            double s = 1 / (1 + Math.exp(-y[i][0]));
            expected += (-l[0] * Math.log(s) - (1 - l[0]) * Math.log(1 - s)) / 2;
            expected += (y[i][1] - l[1]) * (y[i][1] - l[1]) / 2;
        }
        double loss = m.loss(Tape.inference(), enc, RewardModelTrainer.labels(items)).value().getDouble(0);
        assertThat(loss).isCloseTo(expected, Offset.offset(1e-12));
        double[][] s = RewardModelTrainer.score(m, items);
        assertThat(s[0][0]).isCloseTo(1 / (1 + Math.exp(-y[0][0])), Offset.offset(1e-12));
        assertThat(s[1][1]).isCloseTo(y[1][1], Offset.offset(1e-12));
    }

    @Test
    void poolingReadsOnlyTheRealTokensAndTheEosFlagMatters() {
        RewardModel m = model(RewardModel.Pooling.MEAN, List.of(RewardModel.Loss.MSE), 5, DataType.DOUBLE);
        Example e = new Example("1+2=", "3");
        double alone = m.scores(List.of(e), List.of("3"), List.of(true))[0][0];
        // batched with a longer sequence, the short one is padded: its score must not change
        double padded = m.scores(List.of(e, new Example("12+34=", "46")), List.of("3", "46999"),
                List.of(true, true))[0][0];
        assertThat(padded).isCloseTo(alone, Offset.offset(1e-12));
        double unfinished = m.scores(List.of(e), List.of("3"), List.of(false))[0][0];
        assertThat(unfinished).isNotCloseTo(alone, Offset.offset(1e-9));
    }

    @Test
    void learnsTheCorrectnessLabelAboveChanceFromFewLabels() {
        List<RewardHead> heads = List.of(new CorrectnessHead(TASK), new FormatHead(), new BrevityHead(3));
        CompletionSampler sampler = new CompletionSampler(TASK, heads);
        List<LabelledCompletion> train = sampler.sample(Split.TRAIN, 256, 1);
        List<LabelledCompletion> held = sampler.sample(Split.TEST, 200, 2);
        RewardModel m = new RewardModel(new RewardModel.Config(sampler.labelNames(),
                List.of(RewardModel.Loss.BCE, RewardModel.Loss.BCE, RewardModel.Loss.MSE), 32, 4, 2,
                TASK.maxPromptTokens() + 2 * TASK.maxAnswerLength() + 4, RewardModel.Pooling.LAST, 7,
                DataType.FLOAT), TOK);
        RewardModelTrainer.Report before = RewardModelTrainer.evaluate(m, held, Double.NaN);
        double loss = RewardModelTrainer.train(m, train, new RewardModelTrainer.Config(450, 32, 3e-3, 11));
        RewardModelTrainer.Report after = RewardModelTrainer.evaluate(m, held, loss);
        double base = 0;
        for (LabelledCompletion l : held) base += l.labels()[0] / held.size();
        double chance = Math.max(base, 1 - base); // always answering the majority class
        System.out.println("reward model test: held-out correctness accuracy " + after.accuracy()[0] + ", majority "
                + chance);
        assertThat(after.accuracy()[0]).as("held-out correctness accuracy vs majority %s", chance)
                .isGreaterThan(chance + 0.05);
        assertThat(after.mse()[0]).isLessThan(before.mse()[0]);
    }

    @Test
    void saveAndLoadRoundTripTheScores(@TempDir Path dir) throws Exception {
        RewardModel a = model(RewardModel.Pooling.LAST, List.of(RewardModel.Loss.MSE, RewardModel.Loss.BCE), 1,
                DataType.FLOAT);
        RewardModel b = model(RewardModel.Pooling.LAST, List.of(RewardModel.Loss.MSE, RewardModel.Loss.BCE), 2,
                DataType.FLOAT);
        List<Example> ex = List.of(new Example("3+4=", "7"));
        Path f = dir.resolve("rm.npz");
        a.save(f, 42);
        assertThat(b.scores(ex, List.of("7"), List.of(true))[0][0])
                .isNotEqualTo(a.scores(ex, List.of("7"), List.of(true))[0][0]);
        assertThat(b.load(f)).isEqualTo(42);
        assertThat(b.scores(ex, List.of("7"), List.of(true))).isDeepEqualTo(a.scores(ex, List.of("7"), List.of(true)));
        RewardModel wide = new RewardModel(new RewardModel.Config(List.of("a", "b"),
                List.of(RewardModel.Loss.MSE, RewardModel.Loss.BCE), 16, 2, 1, 16, RewardModel.Pooling.LAST, 1,
                DataType.FLOAT), TOK);
        assertThatThrownBy(() -> wide.load(f)).hasMessageContaining("rm.npz").hasMessageContaining("tok.weight");
    }

    @Test
    void bceLabelsOutsideTheUnitIntervalAreRejectedNamingTheHead() {
        RewardModel m = model(RewardModel.Pooling.LAST, List.of(RewardModel.Loss.BCE), 1, DataType.DOUBLE);
        List<LabelledCompletion> items = List.of(
                new LabelledCompletion(new Example("1+2=", "3"), "3", true, new double[] {2}));
        assertThatThrownBy(() -> m.loss(Tape.training(), RewardModelTrainer.encode(m, items),
                RewardModelTrainer.labels(items))).hasMessageContaining("'a'").hasMessageContaining("[0, 1]");
    }
}
