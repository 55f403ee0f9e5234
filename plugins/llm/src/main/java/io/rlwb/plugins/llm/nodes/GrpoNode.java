package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.SnapshotSpec;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.engine.telemetry.CreditSnapshot;
import io.rlwb.plugins.llm.reward.RewardVector;
import io.rlwb.plugins.llm.rl.AdvantageEstimator;
import io.rlwb.plugins.llm.rl.GrpoTrainer;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.sft.SftTrainer;
import io.rlwb.plugins.llm.task.Task;
import java.util.Map;

/**
 * The {@code llm/grpo} trainer: an optional supervised start ({@code sft_steps} {@link SftTrainer} steps, one per
 * iteration, each counting its examples as environment steps), then held-out greedy exact match
 * ({@code eval/accuracy_initial}), then one {@link GrpoTrainer} generation batch per iteration (counting
 * {@code prompts x group} completions as environment steps) until the budget is spent, and exact match again
 * ({@code eval/accuracy}). Every GRPO step records TRL's metric names under {@code grpo/} and publishes the first group's
 * {@link CreditSnapshot} (per-token advantages and ratios, the prefix tree) for the credit inspector.
 *
 * <p>The RL trainer (and the frozen reference of the KL term) is made when the supervised start ends, so the
 * reference is the supervised policy, as in TRL where the reference is the model GRPO starts from.
 */
final class GrpoNode implements Trainer {
    /** TRL's metric names, under this prefix (docs/contracts.md: grpo/reward, grpo/kl...). */
    static final String PREFIX = "grpo/";
    static final MetricSpec REWARD = MetricSpec.of(PREFIX + "reward", MetricSpec.Role.KEY,
            "Mean combined reward of the step's completions");
    static final MetricSpec[] METRICS = {
        MetricSpec.of(PREFIX + "loss", MetricSpec.Role.DETAIL, "GRPO surrogate loss (mean over the step's iterations)"),
        REWARD,
        MetricSpec.of(PREFIX + "reward_std", MetricSpec.Role.DETAIL, "Mean within-group standard deviation of the reward"),
        MetricSpec.of(PREFIX + "rewards/<head>/mean", MetricSpec.Role.DETAIL, "Mean score of one reward head"),
        MetricSpec.of(PREFIX + "rewards/<head>/std", MetricSpec.Role.DETAIL, "Standard deviation of one reward head's score"),
        MetricSpec.of(PREFIX + "combiner/<state>", MetricSpec.Role.DETAIL, "An adaptive combiner's state after "
                + "the batch: weight_<head> (core/reward.dynamic) or lambda_<head> (core/reward.lagrangian)"),
        MetricSpec.of(PREFIX + "gold/<head>/mean", MetricSpec.Role.DETAIL,
                "Mean score of one gold head (wired on 'gold': logged beside the optimised reward, never optimised)"),
        MetricSpec.of(PREFIX + "frac_reward_zero_std", MetricSpec.Role.DETAIL,
                "Fraction of groups whose completions all got the same reward (no learning signal)"),
        MetricSpec.of(PREFIX + "kl", MetricSpec.Role.DETAIL, "k3 estimate of KL(policy || reference); NaN when beta = 0"),
        MetricSpec.of(PREFIX + "entropy", MetricSpec.Role.DETAIL, "Mean per-token entropy of the policy on the completions"),
        MetricSpec.of(PREFIX + "clip_ratio/low_mean", MetricSpec.Role.DETAIL, "Share of tokens clipped below 1 - eps_low"),
        MetricSpec.of(PREFIX + "clip_ratio/high_mean", MetricSpec.Role.DETAIL, "Share of tokens clipped above 1 + eps_high"),
        MetricSpec.of(PREFIX + "clip_ratio/region_mean", MetricSpec.Role.DETAIL, "Share of tokens in either clipped region"),
        MetricSpec.of(PREFIX + "clip_ratio", MetricSpec.Role.KEY, "The same as grpo/clip_ratio/region_mean"),
        MetricSpec.of(PREFIX + "completions/mean_length", MetricSpec.Role.DETAIL, "Mean completion length (tokens)"),
        MetricSpec.of(PREFIX + "completions/clipped_ratio", MetricSpec.Role.DETAIL,
                "Share of completions the length limit cut before <eos>"),
        MetricSpec.of(PREFIX + "grad_norm", MetricSpec.Role.DETAIL, "Global gradient norm before clipping"),
        MetricSpec.of(PREFIX + "num_tokens", MetricSpec.Role.DETAIL, "Completion tokens generated so far"),
        MetricSpec.of(PREFIX + "tokens_per_second/generation", MetricSpec.Role.DETAIL, "Generation throughput (wall)"),
        MetricSpec.of(PREFIX + "tokens_per_second/training", MetricSpec.Role.DETAIL, "Training throughput (wall)"),
        SftNode.LOSS,
        Evals.INITIAL,
        Evals.FINAL,
        MetricSpec.of(PREFIX + "accuracy", MetricSpec.Role.DETAIL, "The same as eval/accuracy"),
    };
    static final SnapshotSpec CREDIT = SnapshotSpec.of(CreditSnapshot.KIND, CreditSnapshot.class,
            "Per-token advantages and importance ratios of the first group of every GRPO step, and its prefix tree");

    /** Everything the RL trainer needs but the reference, which is frozen when the supervised start ends. */
    record Setup(RewardVector rewards, AdvantageEstimator estimator, GrpoTrainer.Config config, String source) {}

    private final LanguagePolicy policy;
    private final Task task;
    private final SftTrainer sft;
    private final SftConfig sftConfig;
    private final Setup setup;
    private final int rlSteps;
    private GrpoTrainer rl;
    /** Estimated native bytes one supervised / GRPO step leaves behind, and the sum since the last collection. */
    private final long sftGarbage;
    private final long rlGarbage;
    private long nativeGarbage;

    /**
     * @param sftConfig the supervised start, or null for none
     * @param rlSteps GRPO steps the budget leaves after the supervised start
     */
    GrpoNode(LanguagePolicy policy, Task task, SftConfig sftConfig, Setup setup, int rlSteps) {
        this.policy = policy;
        this.task = task;
        this.sftConfig = sftConfig;
        this.sft = sftConfig == null ? null : new SftTrainer(policy.policy(), policy.tokenizer(), task, sftConfig);
        this.setup = setup;
        this.rlSteps = rlSteps;
        long t = task.maxPromptTokens() + task.maxAnswerLength() + 2L;
        long perRow = (long) policy.policy().config().heads() * policy.policy().config().layers() * t * t
                * Float.BYTES * SftNode.ATTENTION_ARRAYS_PER_LAYER;
        this.sftGarbage = sftConfig == null ? 0 : sftConfig.batchSize() * perRow;
        // the old-log-prob pass, the reference pass and 'iterations' training passes over prompts x group rows
        this.rlGarbage = (long) setup.config().promptsPerStep() * setup.config().groupSize() * perRow
                * (setup.config().iterations() + 2);
    }

    /**
     * As {@link SftNode}: ND4J frees native memory only when the Java objects are collected, and the heap hardly
     * grows, so collect once the estimated native garbage since the last collection passes
     * {@link SftNode#GC_AFTER_BYTES} (measured: 8.4 GB resident for grpo-addition without it).
     */
    private void collect(long bytes) {
        nativeGarbage += bytes;
        if (nativeGarbage >= SftNode.GC_AFTER_BYTES) {
            nativeGarbage = 0;
            System.gc();
        }
    }

    @Override
    public void iterate(RunServices run) {
        if (sft != null && sft.steps() < sftConfig.steps()) {
            SftTrainer.StepStats s = sft.step();
            run.addEnvSteps(sftConfig.batchSize());
            run.metric(SftNode.LOSS.key(), s.loss());
            collect(sftGarbage);
            return;
        }
        GrpoTrainer.Config c = setup.config();
        if (rl == null) {
            rl = new GrpoTrainer(policy.policy(), c.loss().beta() > 0 ? policy.policy().frozenCopy() : null,
                    policy.tokenizer(), task, setup.rewards(), setup.estimator(), c, setup.source());
            run.metric(Evals.INITIAL.key(), rl.evaluate().accuracy());
        }
        run.addEnvSteps((long) c.promptsPerStep() * c.groupSize());
        if (rl.steps() >= rlSteps) {
            return; // a budget that is not a multiple of the batch: the schedule is done
        }
        GrpoTrainer.StepResult r = rl.step();
        collect(rlGarbage);
        for (Map.Entry<String, Double> m : r.metrics().entrySet()) run.metric(PREFIX + m.getKey(), m.getValue());
        run.metric(PREFIX + "clip_ratio", r.metrics().get("clip_ratio/region_mean"));
        run.telemetry(CreditSnapshot.KIND, r.credit());
        if (rl.steps() == rlSteps) {
            double accuracy = rl.evaluate().accuracy();
            run.metric(Evals.FINAL.key(), accuracy);
            run.metric(PREFIX + "accuracy", accuracy);
        }
    }
}
