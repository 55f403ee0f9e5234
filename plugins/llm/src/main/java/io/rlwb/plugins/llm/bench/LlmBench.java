package io.rlwb.plugins.llm.bench;

import io.rlwb.plugins.llm.policy.Generator;
import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.Sampler;
import io.rlwb.plugins.llm.policy.SamplingConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.sft.LrSchedule;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.sft.SftTrainer;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Speed of the language policy (docs/benchmarks.md, "Language policy: SFT and greedy decoding"): supervised
 * training steps per second on two-digit addition, and greedy decoding tokens per second with the full KV cache
 * and without a cache. Arguments: {@code [sftSteps] [decodeNewTokens]} (defaults 100 and 112).
 */
public final class LlmBench {
    private LlmBench() {}

    public static void main(String[] args) {
        int sftSteps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int newTokens = args.length > 1 ? Integer.parseInt(args[1]) : 112;
        PrintStream out = System.out;

        AdditionTask task = new AdditionTask(AdditionTask.Config.defaults());
        CharTokenizer tok = new CharTokenizer(task.alphabet(), task.separators());
        PolicyConfig pc = PolicyConfig.defaults();
        TransformerPolicy policy = new TransformerPolicy(pc, tok.vocabSize());
        SftConfig sc = new SftConfig(10 * sftSteps, 64, 3e-3, 20, LrSchedule.COSINE, 0.1, 1.0, 200, 1);
        SftTrainer tr = new SftTrainer(policy, tok, task, sc);
        for (int i = 0; i < Math.max(5, sftSteps / 5); i++) tr.step();
        long t0 = System.nanoTime();
        long c0 = cpu();
        for (int i = 0; i < sftSteps; i++) tr.step();
        double s = (System.nanoTime() - t0) / 1e9;
        double cs = (cpu() - c0) / 1e9;
        out.printf(Locale.ROOT, "sft addition: policy %s, batch 64, %d steps: %.1f steps/s wall (%.1f ms/step), "
                + "%.1f steps/s thread CPU (%.1f ms/step)%n", describe(pc), sftSteps, sftSteps / s,
                1000 * s / sftSteps, sftSteps / cs, 1000 * cs / sftSteps);

        for (int batch : new int[] {1, 16}) {
            PolicyConfig dc = pc.withContextLength(16 + newTokens);
            TransformerPolicy dp = new TransformerPolicy(dc, tok.vocabSize());
            INDArray prompts = prompts(batch, 16, tok.vocabSize());
            for (boolean cached : new boolean[] {true, false}) {
                Generator g = cached ? new Generator(dp, KvCacheFactory.FULL) : Generator.recomputing(dp);
                g.generateBatch(prompts, new Sampler(SamplingConfig.greedyDecoding(), 1), 8, false); // warm-up
                long t1 = System.nanoTime();
                long c1 = cpu();
                Generator.Batch b = g.generateBatch(prompts, new Sampler(SamplingConfig.greedyDecoding(), 1),
                        newTokens, false);
                double ds = (System.nanoTime() - t1) / 1e9;
                double dcpu = (cpu() - c1) / 1e9;
                int steps = 0;
                for (int[] row : b.tokens()) steps = Math.max(steps, row.length);
                out.printf(Locale.ROOT, "greedy decode %-10s batch %2d, prompt 16, %3d steps: %8.1f tokens/s wall "
                        + "(%.2f ms/step), %8.1f tokens/s thread CPU (%.2f ms/step)%n", cached ? "full cache"
                        : "no cache", batch, steps, batch * steps / ds, 1000 * ds / steps, batch * steps / dcpu,
                        1000 * dcpu / steps);
            }
        }
    }

    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static String describe(PolicyConfig c) {
        return c.layers() + " layers, width " + c.width() + ", " + c.heads() + " heads, " + c.positions();
    }

    /** Random prompts of ordinary tokens (no <eos>, so untrained greedy decoding rarely stops early). */
    private static INDArray prompts(int batch, int len, int vocab) {
        SplittableRandom r = new SplittableRandom(3);
        int[][] ids = new int[batch][len];
        for (int[] row : ids) {
            row[0] = CharTokenizer.BOS;
            for (int i = 1; i < len; i++) row[i] = 5 + r.nextInt(vocab - 5);
        }
        return Nd4j.createFromArray(ids);
    }
}
