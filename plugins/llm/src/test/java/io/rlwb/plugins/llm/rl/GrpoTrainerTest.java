package io.rlwb.plugins.llm.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.rlwb.engine.morl.LinearCombiner;
import io.rlwb.engine.telemetry.CreditSnapshot;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.reward.CorrectnessHead;
import io.rlwb.plugins.llm.reward.FormatHead;
import io.rlwb.plugins.llm.reward.RewardHead;
import io.rlwb.plugins.llm.reward.RewardVector;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpoTrainerTest {
    private static final AdditionTask TASK = new AdditionTask(new AdditionTask.Config(1, 1, 0.2, 1));
    private static final CharTokenizer TOK = new CharTokenizer(TASK.alphabet(), TASK.separators());

    private static GrpoTrainer trainer(AdvantageEstimator est, int iterations, double beta) {
        return trainer(est, iterations, beta, 0.2);
    }

    private static GrpoTrainer trainer(AdvantageEstimator est, int iterations, double beta, double eps) {
        TransformerPolicy policy = new TransformerPolicy(new PolicyConfig(1, 2, 16, 16,
                io.rlwb.engine.nn.layers.DecoderModel.Positions.ROTARY, true, 2, 0, 3,
                org.nd4j.linalg.api.buffer.DataType.FLOAT), TOK.vocabSize());
        RewardVector rv = new RewardVector(List.of(new CorrectnessHead(TASK), new FormatHead()), new LinearCombiner(),
                new double[] {0.9, 0.1});
        GrpoTrainer.Config c = new GrpoTrainer.Config(3, 4, iterations, 1e-3, 1.0, 1.0,
                new GrpoLoss.Config(GrpoLoss.LossType.GRPO, eps, eps, beta, GrpoLoss.RatioLevel.TOKEN, false), 10, 5);
        return new GrpoTrainer(policy, beta > 0 ? policy.frozenCopy() : null, TOK, TASK, rv, est, c, "grpo-1");
    }

    @Test
    void stepReportsTrlMetricsAndACreditSnapshotOfTheFirstGroup() {
        GrpoTrainer t = trainer(AdvantageEstimator.groupRelative(GroupAdvantages.Scale.GROUP), 1, 0.05);
        GrpoTrainer.StepResult r = t.step();
        Map<String, Double> m = r.metrics();
        assertThat(m).containsKeys("reward", "reward_std", "rewards/correctness/mean", "rewards/format/mean",
                "frac_reward_zero_std", "kl", "entropy", "clip_ratio/low_mean", "clip_ratio/high_mean",
                "clip_ratio/region_mean", "completions/mean_length", "completions/clipped_ratio", "num_tokens");
        // one optimisation step on freshly generated completions: ratios are exactly 1, nothing is clipped, and the
        // policy equals the reference, so k3 = 0
        assertThat(m.get("clip_ratio/region_mean")).isZero();
        assertThat(m.get("kl")).isCloseTo(0, offset(1e-6));
        assertThat(m.get("completions/mean_length")).isBetween(1.0, 3.0);
        assertThat(m.get("reward")).isCloseTo(0.9 * m.get("rewards/correctness/mean")
                + 0.1 * m.get("rewards/format/mean"), offset(1e-9));
        CreditSnapshot c = r.credit();
        assertThat(c.source()).isEqualTo("grpo-1");
        assertThat(c.episode()).isEqualTo(1);
        assertThat(c.tree().get(0).count()).isEqualTo(4);
        assertThat(c.tokens()).extracting(CreditSnapshot.Token::completion).containsOnly(0, 1, 2, 3);
        assertThat(c.tokens()).allSatisfy(tok -> assertThat(tok.ratio()).isCloseTo(1.0, offset(1e-5)));
        // GRPO: every token of a completion carries the completion's advantage
        for (int i = 0; i < 4; i++) {
            final int ci = i;
            assertThat(c.tokens().stream().filter(x -> x.completion() == ci).mapToDouble(CreditSnapshot.Token::advantage)
                    .distinct().count()).isEqualTo(1);
        }
        // a second step: the policy moved, so the KL to the reference is now positive
        assertThat(t.step().metrics().get("kl")).isGreaterThan(0);
    }

    @Test
    void goldHeadsAreLoggedBesideTheRewardAndDoNotEnterIt() {
        TransformerPolicy policy = new TransformerPolicy(new PolicyConfig(1, 2, 16, 16,
                io.rlwb.engine.nn.layers.DecoderModel.Positions.ROTARY, true, 2, 0, 3,
                org.nd4j.linalg.api.buffer.DataType.FLOAT), TOK.vocabSize());
        RewardVector rv = new RewardVector(List.of(new FormatHead()), new LinearCombiner(), new double[] {1})
                .withGold(List.of(new CorrectnessHead(TASK), new FormatHead(), new RewardHead() {
                    @Override public String name() { return "constant"; }

                    @Override public double score(io.rlwb.plugins.llm.task.Example e, String c, boolean f) {
                        return 0.3; // no mean of 12 zero-one scores
                    }
                }));
        GrpoTrainer t = new GrpoTrainer(policy, null, TOK, TASK, rv,
                AdvantageEstimator.groupRelative(GroupAdvantages.Scale.GROUP), new GrpoTrainer.Config(3, 4, 1, 1e-3,
                1.0, 1.0, GrpoLoss.Config.defaults(), 10, 5), "grpo-1");
        Map<String, Double> m = t.step().metrics();
        assertThat(m).containsKeys("gold/correctness/mean", "gold/format/mean").doesNotContainKey(
                "rewards/correctness/mean");
        assertThat(m.get("reward")).isEqualTo(m.get("rewards/format/mean"));
        assertThat(m.get("gold/format/mean")).isEqualTo(m.get("rewards/format/mean"));
        assertThat(m.get("gold/correctness/mean")).isBetween(0.0, 1.0);
        assertThat(m.get("gold/constant/mean")).isCloseTo(0.3, offset(1e-12));
    }

    @Test
    void severalIterationsPerBatchMoveTheRatios() {
        // a narrow clip band (0.02), so that ratios moving off 1 show in the clip statistics
        GrpoTrainer t = trainer(AdvantageEstimator.groupRelative(GroupAdvantages.Scale.GROUP), 4, 0, 0.02);
        double moved = 0;
        int withSignal = 0;
        // steps whose groups all scored alike have zero advantages and move nothing: count up to three with signal
        for (int i = 0; i < 10 && withSignal < 3; i++) {
            Map<String, Double> m = t.step().metrics();
            if (m.get("frac_reward_zero_std") < 1) {
                withSignal++;
                moved += m.get("clip_ratio/region_mean");
            }
        }
        // the snapshot's ratios are from the first iteration (1); clip statistics average all four, and after three
        // Adam steps at lr 1e-3 on 12 completions some tokens leave the band
        assertThat(withSignal).isPositive();
        assertThat(moved).isGreaterThan(0);
    }

    @Test
    void tempoAddsTermsOnlyAtBranchingTokens() {
        GrpoTrainer t = trainer(AdvantageEstimator.tempo(GroupAdvantages.Scale.GROUP), 1, 0);
        CreditSnapshot c = t.step().credit();
        List<CreditSnapshot.TreeNode> tree = c.tree();
        int branching = 0;
        for (CreditSnapshot.TreeNode n : tree) {
            long kids = tree.stream().filter(x -> x.parent() == n.id()).count();
            if (kids > 1) branching++;
        }
        assertThat(branching).isGreaterThan(0); // sampled completions of an untrained policy differ
        // walk each completion down the tree: advantage - (V(child) - V(parent) at branching parents, else 0) must be
        // the same at every token of the completion (its group-relative advantage)
        for (int i = 0; i < 4; i++) {
            final int ci = i;
            List<CreditSnapshot.Token> toks = c.tokens().stream().filter(x -> x.completion() == ci).toList();
            int node = 0;
            double base = Double.NaN;
            for (CreditSnapshot.Token tok : toks) {
                final int parent = node;
                List<CreditSnapshot.TreeNode> kids = tree.stream().filter(x -> x.parent() == parent).toList();
                CreditSnapshot.TreeNode child = kids.stream().filter(x -> x.text().equals(tok.text())).findFirst()
                        .orElseThrow();
                double td = kids.size() > 1 ? child.value() - tree.get(parent).value() : 0;
                double b = tok.advantage() - td;
                if (Double.isNaN(base)) base = b;
                assertThat(b).as("completion %d token %d", ci, tok.index()).isCloseTo(base, offset(1e-9));
                node = child.id();
            }
        }
    }

    @Test
    void betaWithoutReferenceIsRefused() {
        TransformerPolicy policy = new TransformerPolicy(PolicyConfig.defaults().withContextLength(16),
                TOK.vocabSize());
        RewardVector rv = new RewardVector(List.of(new CorrectnessHead(TASK)), new LinearCombiner(), new double[] {1});
        GrpoTrainer.Config c = new GrpoTrainer.Config(2, 2, 1, 1e-3, 1, 1,
                new GrpoLoss.Config(GrpoLoss.LossType.GRPO, 0.2, 0.2, 0.1, GrpoLoss.RatioLevel.TOKEN, false), 4, 1);
        assertThatThrownBy(() -> new GrpoTrainer(policy, null, TOK, TASK, rv,
                AdvantageEstimator.groupRelative(GroupAdvantages.Scale.GROUP), c, "g"))
                .hasMessageContaining("'beta'");
        assertThatThrownBy(() -> new GrpoTrainer.Config(2, 1, 1, 1e-3, 1, 1, GrpoLoss.Config.defaults(), 4, 1))
                .hasMessageContaining("'groupSize'");
    }
}
