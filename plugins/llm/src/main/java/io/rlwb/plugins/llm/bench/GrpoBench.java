package io.rlwb.plugins.llm.bench;

import io.rlwb.engine.morl.LinearCombiner;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.reward.CorrectnessHead;
import io.rlwb.plugins.llm.reward.FormatHead;
import io.rlwb.plugins.llm.reward.RewardVector;
import io.rlwb.plugins.llm.rl.AdvantageEstimator;
import io.rlwb.plugins.llm.rl.GroupAdvantages;
import io.rlwb.plugins.llm.rl.GrpoLoss;
import io.rlwb.plugins.llm.rl.GrpoTrainer;
import io.rlwb.plugins.llm.sft.LrSchedule;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.sft.SftTrainer;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GRPO (or TEMPO) on one-digit addition from a deliberately short supervised start (docs/benchmarks.md, "GRPO on
 * addition"): per seed, {@code sftSteps} supervised steps, greedy held-out exact match ({@code
 * eval/accuracy_initial}), {@code grpoSteps} GRPO steps with reward 0.9 correctness + 0.1 format, and held-out
 * exact match again ({@code eval/accuracy}), with wall and thread CPU time and generation / training tokens per
 * second. Arguments: {@code [estimator grpo|tempo] [sftSteps] [grpoSteps] [seeds...]} (defaults grpo 60 250 1 2 3).
 */
public final class GrpoBench {
    /** Overridable for tuning: -Dgrpo.lr, -Dgrpo.iterations. */
    private static final double LR = Double.parseDouble(System.getProperty("grpo.lr", "5e-4"));
    private static final int ITERATIONS = Integer.getInteger("grpo.iterations", 2);
    /**
     * -Dgrpo.evalEvery=N (0 = off): held-out greedy exact match every N GRPO steps, printed as a {@code curve} line
     * with the completion tokens generated so far (accuracy against generated tokens; the evaluation's own greedy
     * tokens are not counted).
     */
    private static final int EVAL_EVERY = Integer.getInteger("grpo.evalEvery", 0);

    private GrpoBench() {}

    public static void main(String[] args) {
        String estimator = args.length > 0 ? args[0] : "grpo";
        int sftSteps = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int grpoSteps = args.length > 2 ? Integer.parseInt(args[2]) : 250;
        long[] seeds = args.length > 3 ? new long[args.length - 3] : new long[] {1, 2, 3};
        for (int i = 3; i < args.length; i++) seeds[i - 3] = Long.parseLong(args[i]);
        PrintStream out = System.out;
        for (long seed : seeds) {
            long w0 = System.nanoTime();
            long c0 = cpu();
            AdditionTask task = new AdditionTask(new AdditionTask.Config(1, 1, 0.2, 1));
            CharTokenizer tok = new CharTokenizer(task.alphabet(), task.separators());
            TransformerPolicy policy = new TransformerPolicy(PolicyConfig.defaults().withContextLength(16)
                    .withSeed(seed), tok.vocabSize());
            SftConfig sc = new SftConfig(sftSteps, 64, 3e-3, 10, LrSchedule.COSINE, 0.1, 1.0, 200, seed);
            new SftTrainer(policy, tok, task, sc).train(null);
            RewardVector rv = new RewardVector(List.of(new CorrectnessHead(task), new FormatHead()),
                    new LinearCombiner(), new double[] {0.9, 0.1});
            GroupAdvantages.Scale scale = GroupAdvantages.Scale.GROUP;
            AdvantageEstimator est = estimator.equals("tempo") ? AdvantageEstimator.tempo(scale)
                    : AdvantageEstimator.groupRelative(scale);
            GrpoTrainer.Config gc = new GrpoTrainer.Config(16, 8, ITERATIONS, LR, 1.0, 1.0,
                    new GrpoLoss.Config(GrpoLoss.LossType.DAPO, 0.2, 0.28, 0.0, GrpoLoss.RatioLevel.TOKEN, false),
                    200, seed);
            GrpoTrainer tr = new GrpoTrainer(policy, null, tok, task, rv, est, gc, "grpo");
            double before = tr.evaluate().accuracy();
            if (EVAL_EVERY > 0) {
                out.printf(Locale.ROOT, "curve %s seed %d step 0 tokens 0 accuracy %.4f%n", estimator, seed, before);
            }
            double genRate = 0;
            double trainRate = 0;
            long g0 = System.nanoTime();
            long gc0 = cpu();
            for (int s = 0; s < grpoSteps; s++) {
                Map<String, Double> m = tr.step().metrics();
                genRate += m.get("tokens_per_second/generation");
                trainRate += m.get("tokens_per_second/training");
                if ((s + 1) % 10 == 0) {
                    out.printf(Locale.ROOT, "  seed %d step %d reward %.3f frac_zero_std %.2f clip %.3f entropy %.3f%n",
                            seed, s + 1, m.get("reward"), m.get("frac_reward_zero_std"),
                            m.get("clip_ratio/region_mean"), m.get("entropy"));
                }
                if (EVAL_EVERY > 0 && (s + 1) % EVAL_EVERY == 0) {
                    out.printf(Locale.ROOT, "curve %s seed %d step %d tokens %d accuracy %.4f%n", estimator, seed,
                            s + 1, tr.generatedTokens(), tr.evaluate().accuracy());
                }
            }
            double gw = (System.nanoTime() - g0) / 1e9;
            double gcpu = (cpu() - gc0) / 1e9;
            double after = tr.evaluate().accuracy();
            out.printf(Locale.ROOT, "%s seed %d: eval/accuracy_initial %.3f eval/accuracy %.3f (%+.1f points); "
                    + "rl phase %.0f s wall, %.0f s thread CPU; whole run %.0f s wall, %.0f s CPU; %d tokens; "
                    + "generation %.0f tokens/s, training %.0f tokens/s (wall, mean over steps)%n", estimator, seed,
                    before, after, 100 * (after - before), gw, gcpu, (System.nanoTime() - w0) / 1e9,
                    (cpu() - c0) / 1e9, tr.generatedTokens(), genRate / grpoSteps, trainRate / grpoSteps);
        }
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
