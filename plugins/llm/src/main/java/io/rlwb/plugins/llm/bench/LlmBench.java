package io.rlwb.plugins.llm.bench;

import io.rlwb.plugins.llm.kv.KvComparison;
import io.rlwb.plugins.llm.policy.Generator;
import io.rlwb.plugins.llm.policy.PolicyCheckpoint;
import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.Sampler;
import io.rlwb.plugins.llm.policy.SamplingConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.sft.LrSchedule;
import io.rlwb.plugins.llm.sft.RecallSft;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.sft.SftTrainer;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Speed of the language policy (docs/benchmarks.md, "Language policy: SFT and greedy decoding"): supervised
 * training steps per second on two-digit addition, and greedy decoding tokens per second with the full KV cache
 * and without a cache. Arguments: {@code [sftSteps] [decodeNewTokens]} (defaults 100 and 112); or
 * {@code --kv-compare WEIGHTS [PROMPTS] [CONTEXTS]}, the kernel comparison on the recall task ({@link #kvCompare}).
 */
public final class LlmBench {
    private LlmBench() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--kv-compare")) {
            kvCompare(java.util.Arrays.copyOfRange(args, 1, args.length), System.out);
            return;
        }
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

    /**
     * {@code --kv-compare WEIGHTS [PROMPTS] [CONTEXTS] [PAIRS [KEYLENGTH VALUELENGTH]] [KERNELS]} (docs/benchmarks.md,
     * "KV-cache kernels on the recall task"): loads the recall policy from {@code WEIGHTS} ({@link PolicyCheckpoint};
     * trained with {@link RecallSft}'s defaults and saved there first when the folder has none), then prints every
     * kernel of {@link KvComparison#KERNELS} at budgets 1/2, 1/4, 1/8 on {@code PROMPTS} held-out prompts (default
     * 50) at each context (default 256,512,1024) of the recall task with {@code PAIRS} pairs (default 8) of keys of
     * {@code KEYLENGTH} letters and values of {@code VALUELENGTH} digits (default 3 and 3), and the decode step time
     * with the full cache against recomputation. {@code KERNELS}, comma-separated names of
     * {@link KvComparison#KERNELS}, measures only those (default all); it is the argument after PAIRS, or after the
     * lengths when they are given. {@code --layout=adjacent} anywhere writes the prompts value-after-key
     * ({@link RecallTask.Layout}; default colon), for a policy trained on that layout.
     */
    static void kvCompare(String[] all, PrintStream out) {
        RecallTask.Layout layout = RecallTask.Layout.COLON;
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (String a : all) {
            if (a.startsWith("--layout=")) {
                layout = RecallTask.Layout.parse(a.substring("--layout=".length()));
            } else {
                rest.add(a);
            }
        }
        String[] args = rest.toArray(String[]::new);
        if (args.length < 1) throw new IllegalArgumentException("--kv-compare needs a weights folder");
        Path dir = Path.of(args[0]);
        int prompts = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int[] contexts = args.length > 2 ? java.util.Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt)
                .toArray() : new int[] {256, 512, 1024};
        RecallSft.Config rc = RecallSft.Config.defaults().withLayout(layout);
        if (args.length > 3) rc = rc.withPairs(Integer.parseInt(args[3]));
        boolean lengths = args.length > 5 && args[4].chars().allMatch(Character::isDigit);
        if (lengths) rc = rc.withKeyValueLengths(Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        int kernelArg = lengths ? 6 : 4;
        java.util.List<String> kernels = args.length > kernelArg ? java.util.List.of(args[kernelArg].split(","))
                : KvComparison.KERNELS;
        if (!Files.exists(dir.resolve(PolicyCheckpoint.MANIFEST))) {
            out.println("training the recall policy (RecallSft defaults) into " + dir);
            RecallSft.Result r = RecallSft.train(rc, contexts, 100, null);
            PolicyCheckpoint.save(dir, r.policy(), r.tokenizer(), r.steps());
        }
        PolicyCheckpoint.Loaded loaded = PolicyCheckpoint.load(dir);
        TransformerPolicy policy = RecallSft.withContext(loaded.policy(), rc.policyConfig().contextLength());
        out.printf(Locale.ROOT, "policy %s, %d held-out prompts per context, batch 1, KIVI residual %s tokens%n",
                describe(policy.config()), prompts, java.util.Arrays.stream(contexts)
                        .mapToObj(c -> c + ": " + kiviResidual(c)).toList());
        out.println("| context | kernel | budget | KiB held | KiB full | compression | KiB read/token | top-1 agreement "
                + "| KL | recall accuracy | tokens/s wall | tokens/s CPU |");
        out.println("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        KvComparison.grid(policy.model(), loaded.tokenizer(), rc::task, contexts, kernels,
                new int[] {2, 4, 8}, prompts, 11, LlmBench::kiviResidual, pt -> out.printf(Locale.ROOT,
                        "| %d | %s | %s | %.1f | %.1f | %.2f | %.1f | %.3f | %.4f | %.3f | %.0f | %.0f |%n",
                        pt.context(), pt.kernel(), pt.budget(), pt.bytes() / 1024, pt.bytesFull() / 1024,
                        pt.compressionRatio(), pt.bytesReadPerToken() / 1024, pt.top1Agreement(), pt.kl(),
                        pt.taskAccuracy(), pt.tokensPerSecond(), pt.tokensPerCpuSecond()), null);
        out.println();
        out.println("| context | full cache ms/step wall | CPU | no cache ms/step wall | CPU | speed-up wall | CPU |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int ctx : contexts) {
            int[] prefix = KvComparison.Prompt.of(loaded.tokenizer(),
                    rc.task(ctx).examples(io.rlwb.plugins.llm.task.Split.TEST, 1, 3).get(0),
                    loaded.tokenizer().specialId(RecallTask.SEPARATOR)).context();
            double[] t = KvComparison.decodeStepNanos(policy.model(), prefix, 16, 4);
            out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f | %.1fx | %.1fx |%n", ctx, t[0] / 1e6,
                    t[1] / 1e6, t[2] / 1e6, t[3] / 1e6, t[2] / t[0], t[3] / t[1]);
        }
    }

    /**
     * KIVI's full-precision residual at a context: a 32nd of it, at least 8 tokens (8, 16, 32 at 256, 512, 1024).
     * The KIVI paper keeps 128 tokens on long-context benchmarks of several thousand tokens, about 3%; a fixed
     * 32-token residual would be 12-25% of a 256-token context (values: the residual; keys: up to 31 more, as keys
     * wait for whole groups). The group stays KIVI's 32 tokens. Chosen by this rule, not on the evaluation prompts;
     * below one group (8, 16) the keys are quantised a group at a time ({@code KiviStore.Config#keyBlock}).
     */
    static int kiviResidual(int context) {
        return Math.max(8, context / 32);
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
