package io.rlwb.plugins.llm.bench;

import io.rlwb.plugins.llm.reward.BrevityHead;
import io.rlwb.plugins.llm.reward.CorrectnessHead;
import io.rlwb.plugins.llm.reward.FormatHead;
import io.rlwb.plugins.llm.reward.RewardHead;
import io.rlwb.plugins.llm.reward.model.CompletionSampler;
import io.rlwb.plugins.llm.reward.model.LabelledCompletion;
import io.rlwb.plugins.llm.reward.model.LearnedReward;
import io.rlwb.plugins.llm.reward.model.RewardEnsemble;
import io.rlwb.plugins.llm.reward.model.RewardModel;
import io.rlwb.plugins.llm.reward.model.RewardModelTrainer;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Proxy (learned) against gold (rule-based) rewards on held-out completions of addition (docs/benchmarks.md,
 * "Learned reward model and ensemble"): per label budget, {@code k} reward models from seeds 1..k on the same
 * labels, each member's held-out MSE and 0.5-threshold accuracy per label, then the ensemble under mean, worst
 * case and mean - 1 std. Arguments: {@code [k] [steps] [labels...]} (defaults 4 300 64 256).
 */
public final class RewardModelBench {
    private RewardModelBench() {}

    public static void main(String[] args) {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        List<Integer> budgets = new ArrayList<>();
        for (int i = 2; i < args.length; i++) budgets.add(Integer.parseInt(args[i]));
        if (budgets.isEmpty()) budgets = List.of(64, 256);
        AdditionTask task = new AdditionTask(new AdditionTask.Config(1, 2, 0.2, 3));
        CharTokenizer tok = new CharTokenizer(task.alphabet(), task.separators());
        List<RewardHead> heads = List.of(new CorrectnessHead(task), new FormatHead(), new BrevityHead(3));
        CompletionSampler sampler = new CompletionSampler(task, heads);
        List<LabelledCompletion> held = sampler.sample(Split.TEST, 1000, 2);
        System.out.println("labels model correctness_acc correctness_mse format_acc format_mse brevity_mse cpu_s");
        for (int budget : budgets) {
            List<LabelledCompletion> train = sampler.sample(Split.TRAIN, budget, 1);
            List<RewardModel> members = new ArrayList<>();
            for (int s = 1; s <= k; s++) {
                long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                RewardModel m = new RewardModel(new RewardModel.Config(sampler.labelNames(),
                        List.of(RewardModel.Loss.BCE, RewardModel.Loss.BCE, RewardModel.Loss.MSE), 32, 4, 2,
                        task.maxPromptTokens() + 2 * task.maxAnswerLength() + 4, RewardModel.Pooling.LAST, s,
                        DataType.FLOAT), tok);
                double loss = RewardModelTrainer.train(m, train, new RewardModelTrainer.Config(steps, 32, 3e-3, s));
                double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9;
                print(budget, "seed" + s, RewardModelTrainer.evaluate(m, held, loss), cpu);
                members.add(m);
            }
            for (RewardEnsemble.Combination c : RewardEnsemble.Combination.values()) {
                LearnedReward e = new RewardEnsemble(members, c, 1.0);
                print(budget, "ens-" + c.name().toLowerCase(), RewardModelTrainer.evaluate(e, held, Double.NaN), 0);
            }
        }
    }

    private static void print(int budget, String model, RewardModelTrainer.Report r, double cpu) {
        System.out.printf("%d %s %.3f %.4f %.3f %.4f %.4f %.1f%n", budget, model, r.accuracy()[0], r.mse()[0],
                r.accuracy()[1], r.mse()[1], r.mse()[2], cpu);
    }
}
