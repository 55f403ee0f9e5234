package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.SnapshotSpec;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.engine.telemetry.CreditSnapshot;
import io.rlwb.plugins.llm.reward.RewardHead;
import io.rlwb.plugins.llm.reward.RewardVector;
import io.rlwb.plugins.llm.rl.AdvantageEstimator;
import io.rlwb.plugins.llm.rl.GrpoTrainer;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.sft.SftTrainer;
import io.rlwb.plugins.llm.task.Task;

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
 *
 * <p>State (ADR 0025): the supervised start's ({@link SftStart}), whether the RL phase has begun, and the
 * {@link GrpoTrainer}'s (step, tokens, Adam, the frozen reference); the policy's weights are the policy node's.
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
    private final SftStart supervised;
    private final Setup setup;
    private final int rlSteps;
    private GrpoTrainer rl;
    /** Estimated native bytes one GRPO step leaves behind. */
    private final long rlGarbage;

    /**
     * @param sftConfig the supervised start, or null for none
     * @param rlSteps GRPO steps the budget leaves after the supervised start
     */
    GrpoNode(LanguagePolicy policy, Task task, SftConfig sftConfig, Setup setup, int rlSteps) {
        this.policy = policy;
        this.task = task;
        this.supervised = new SftStart(policy, task, sftConfig);
        this.setup = setup;
        this.rlSteps = rlSteps;
        // the old-log-prob pass, the reference pass and 'iterations' training passes over prompts x group rows,
        // and the scoring passes of learned reward heads (and gold heads) over the same rows
        long rows = (long) setup.config().promptsPerStep() * setup.config().groupSize();
        this.rlGarbage = supervised.garbage(rows, setup.config().iterations() + 2)
                + scoringGarbage(setup.rewards(), rows);
    }

    /**
     * Estimated native bytes one step's reward scoring leaves behind: each head's and each gold head's
     * {@link RewardHead#scoringBytes} over {@code rows} completions (0 for rule-based heads; a reward model's or an
     * ensemble's forward passes otherwise, measured at 4.3 GB resident for an ensemble run before they were counted).
     */
    static long scoringGarbage(RewardVector rewards, long rows) {
        long sum = 0;
        for (RewardHead h : rewards.heads()) sum += h.scoringBytes(rows);
        for (RewardHead h : rewards.gold()) sum += h.scoringBytes(rows);
        return sum;
    }

    @Override
    public void iterate(RunServices run) {
        if (supervised.step(run)) return;
        GrpoTrainer.Config c = setup.config();
        if (rl == null) {
            rl = newTrainer();
            run.metric(Evals.INITIAL.key(), rl.evaluate().accuracy());
        }
        run.addEnvSteps((long) c.promptsPerStep() * c.groupSize());
        if (rl.steps() >= rlSteps) {
            return; // a budget that is not a multiple of the batch: the schedule is done
        }
        GrpoTrainer.StepResult r = rl.step();
        supervised.collect(rlGarbage);
        SftStart.publish(run, PREFIX, r.metrics());
        run.metric(PREFIX + "clip_ratio", r.metrics().get("clip_ratio/region_mean"));
        run.telemetry(CreditSnapshot.KIND, r.credit());
        if (rl.steps() == rlSteps) {
            double accuracy = rl.evaluate().accuracy();
            run.metric(Evals.FINAL.key(), accuracy);
            run.metric(PREFIX + "accuracy", accuracy);
        }
    }

    /** The RL trainer, its reference a frozen copy of the policy as it is now (the end of the supervised start). */
    private GrpoTrainer newTrainer() {
        GrpoTrainer.Config c = setup.config();
        return new GrpoTrainer(policy.policy(), c.loss().beta() > 0 ? policy.policy().frozenCopy() : null,
                policy.tokenizer(), task, setup.rewards(), setup.estimator(), c, setup.source());
    }

    @Override
    public void saveState(StateWriter out) {
        supervised.saveState(out);
        out.value("rl_started", rl == null ? 0 : 1);
        if (rl != null) rl.saveState(out.under("rl"));
    }

    /** Restores the supervised start and, when the RL phase had begun, the RL trainer with its saved reference. */
    @Override
    public void restoreState(StateReader in) {
        supervised.restoreState(in);
        if (in.longValue("rl_started") != 0) {
            rl = newTrainer();
            rl.restoreState(in.under("rl"));
        }
    }
}
