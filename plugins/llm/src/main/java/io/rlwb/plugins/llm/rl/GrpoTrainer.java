package io.rlwb.plugins.llm.rl;

import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.nn.DivergenceGuard;
import io.rlwb.engine.nn.GradClip;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import io.rlwb.engine.spi.Streams;
import io.rlwb.engine.telemetry.CreditSnapshot;
import io.rlwb.plugins.llm.policy.FrozenPolicy;
import io.rlwb.plugins.llm.policy.Generator;
import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.policy.SamplingConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.reward.RewardVector;
import io.rlwb.plugins.llm.sft.ExactMatch;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.task.Task;
import io.rlwb.plugins.llm.text.CharTokenizer;
import io.rlwb.plugins.llm.text.SequenceBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Group-relative policy optimisation of a {@link TransformerPolicy} on a verifiable {@link Task}, the loop of TRL's
 * {@code GRPOTrainer}: each step draws {@code promptsPerStep} training prompts, samples {@code groupSize}
 * completions of each with the current policy (KV-cached, seeded), scores them with the reward heads (combined by
 * an engine combiner; gold heads, when the vector has any, are scored beside them for {@code gold/<head>/mean} and
 * never optimised), turns the rewards into per-token advantages ({@link AdvantageEstimator}: GRPO's
 * group-relative one, or TEMPO's), records the generating policy's log-probabilities as {@code old}, and then takes
 * {@code iterations} Adam steps on {@link GrpoLoss} over that batch (TRL's {@code num_iterations}; with more than
 * one, the ratios leave 1 and the clip acts).
 *
 * <p>Metrics use TRL's names ({@link #step()}); each step also publishes a {@link CreditSnapshot} of the first
 * group (per-token advantages and ratios, and its prefix tree) for the credit inspector.
 *
 * <p>Step {@code i} draws its prompts and samples its completions from {@code Streams.at(seed, i)} (ADR 0020), so
 * its complete state ({@link Stateful}) is the step count, the tokens generated so far, Adam's moments and step
 * count, and the frozen reference's weights; the policy's weights belong to the policy.
 */
public final class GrpoTrainer implements Stateful {
    /**
     * @param promptsPerStep prompts per generation batch (default 16)
     * @param groupSize completions per prompt, G (default 8)
     * @param iterations optimisation steps per generation batch (TRL's num_iterations, default 1)
     * @param learningRate Adam learning rate, constant (default 3e-4)
     * @param clipNorm global gradient-norm bound (default 1; 0 = none)
     * @param temperature sampling temperature of the completions (default 1)
     * @param loss the surrogate's settings
     * @param evalSize held-out examples of the greedy exact-match evaluation (default 200)
     * @param seed prompt draws and sampling (default 1)
     */
    public record Config(int promptsPerStep, int groupSize, int iterations, double learningRate, double clipNorm,
            double temperature, GrpoLoss.Config loss, int evalSize, long seed) {
        public Config {
            if (promptsPerStep < 1) throw bad("promptsPerStep", "must be >= 1", promptsPerStep);
            if (groupSize < 2) throw bad("groupSize", "must be >= 2", groupSize);
            if (iterations < 1) throw bad("iterations", "must be >= 1", iterations);
            if (!(learningRate > 0)) throw bad("learningRate", "must be > 0", learningRate);
            if (!(clipNorm >= 0)) throw bad("clipNorm", "must be >= 0", clipNorm);
            if (!(temperature > 0)) throw bad("temperature", "must be > 0", temperature);
            if (evalSize < 1) throw bad("evalSize", "must be >= 1", evalSize);
        }

        public static Config defaults() {
            return new Config(16, 8, 1, 3e-4, 1.0, 1.0, GrpoLoss.Config.defaults(), 200, 1);
        }

        private static IllegalArgumentException bad(String name, String rule, Object got) {
            return new IllegalArgumentException("grpo parameter '" + name + "' " + rule + ", got " + got);
        }
    }

    /** One step's metrics (TRL's names, in insertion order) and the credit snapshot of its first group. */
    public record StepResult(int step, Map<String, Double> metrics, CreditSnapshot credit) {}

    private final TransformerPolicy policy;
    private final FrozenPolicy reference;
    private final CharTokenizer tokenizer;
    private final Task task;
    private final RewardVector rewards;
    private final AdvantageEstimator estimator;
    private final Config config;
    private final GrpoLoss loss;
    private final Adam adam;
    private final DivergenceGuard guard;
    private final String source;
    private int step;
    private long generatedTokens;

    /**
     * @param reference the frozen reference of the KL term; may be null when {@code loss.beta() == 0}
     * @param source id of the node publishing the credit snapshots
     */
    public GrpoTrainer(TransformerPolicy policy, FrozenPolicy reference, CharTokenizer tokenizer, Task task,
            RewardVector rewards, AdvantageEstimator estimator, Config config, String source) {
        if (config.loss().beta() > 0 && reference == null) {
            throw new IllegalArgumentException("grpo parameter 'beta' = " + config.loss().beta()
                    + " needs a reference policy wired");
        }
        int need = task.maxPromptTokens() + task.maxAnswerLength() + 2;
        if (need > policy.config().contextLength()) {
            throw new IllegalArgumentException("policy parameter 'contextLength' = " + policy.config().contextLength()
                    + " is shorter than the " + need + " tokens a " + task.name() + " example can take");
        }
        this.policy = policy;
        this.reference = reference;
        this.tokenizer = tokenizer;
        this.task = task;
        this.rewards = rewards;
        this.estimator = estimator;
        this.config = config;
        this.loss = new GrpoLoss(config.loss());
        this.adam = new Adam(policy.parameters(), config.learningRate(), false);
        this.guard = DivergenceGuard.of("policy", policy.parameters());
        this.source = source;
    }

    public int steps() {
        return step;
    }

    /** Completion tokens generated so far. */
    public long generatedTokens() {
        return generatedTokens;
    }

    /** Generation budget per completion: the longest answer plus {@code <eos>}. */
    public int maxNewTokens() {
        return task.maxAnswerLength() + 1;
    }

    /** One generation batch and {@code iterations} optimisation steps on it. */
    public StepResult step() {
        int p = config.promptsPerStep();
        int g = config.groupSize();
        SplittableRandom rng = Streams.at(config.seed(), step);
        List<Example> examples = new ArrayList<>(p);
        List<int[]> prompts = new ArrayList<>(p);
        for (int i = 0; i < p; i++) {
            Example e = task.sample(Split.TRAIN, rng);
            examples.add(e);
            prompts.add(tokenizer.encodePrompt(e.prompt()));
        }
        long t0 = System.nanoTime();
        SamplingConfig sampling = new SamplingConfig(config.temperature(), 0, 1.0, false);
        Generator.Result gen = new Generator(policy, KvCacheFactory.FULL).generateGroups(prompts, g, sampling,
                maxNewTokens(), rng);
        long t1 = System.nanoTime();
        int n = p * g;
        List<int[]> completions = gen.completions();
        boolean[] finished = gen.finished();
        int heads = rewards.heads().size();
        List<Example> rowExamples = new ArrayList<>(n);
        List<String> texts = new ArrayList<>(n);
        List<int[]> rowPrompts = new ArrayList<>(n);
        long tokens = 0;
        int clipped = 0;
        for (int i = 0; i < n; i++) {
            rowExamples.add(examples.get(i / g));
            texts.add(tokenizer.decodeCompletion(completions.get(i)));
            rowPrompts.add(prompts.get(i / g));
            tokens += completions.get(i).length;
            if (!finished[i]) clipped++;
        }
        double[][] scores = rewards.scoreAll(rowExamples, texts, finished);
        double[][] goldScores = rewards.goldScoreAll(rowExamples, texts, finished);
        double[] reward = new double[n];
        for (int i = 0; i < n; i++) reward[i] = rewards.combine(scores[i]);
        generatedTokens += tokens;
        double[][] tokenAdv = estimator.advantages(completions, reward, g);
        DataType dt = policy.config().dtype();
        SequenceBatch batch = SequenceBatch.of(rowPrompts, completions, dt);
        INDArray adv = layout(tokenAdv, batch, dt);
        INDArray old = policy.tokenLogProbs(Tape.inference(), batch).value();
        INDArray ref = reference == null ? null : reference.tokenLogProbs(batch);
        double lossSum = 0;
        double entropySum = 0;
        double gradNormSum = 0;
        GrpoLoss.Stats first = null;
        double[] clipSums = new double[3];
        double klSum = 0;
        for (int it = 0; it < config.iterations(); it++) {
            policy.zeroGrad();
            Tape tape = Tape.training();
            TransformerPolicy.TokenScores s = policy.score(tape, batch);
            GrpoLoss.Result r = loss.compute(s.logProbs(), old, ref, adv, batch.completionMask(), finished,
                    maxNewTokens(), 0);
            double lossValue = r.loss().value().getDouble(0);
            DivergenceGuard.check("GRPO loss", lossValue, "GRPO step " + (step + 1) + ", iteration " + (it + 1));
            tape.backward(r.loss());
            guard.gradients(); // before clipping, which would spread one NaN over every gradient
            gradNormSum += config.clipNorm() > 0
                    ? GradClip.clipGradNorm(policy.parameters(), config.clipNorm()) : Double.NaN;
            adam.step(0);
            guard.parameters();
            lossSum += lossValue;
            entropySum += s.entropy().value().sumNumber().doubleValue()
                    / Math.max(1, batch.completionMask().sumNumber().doubleValue());
            clipSums[0] += r.stats().clipLow();
            clipSums[1] += r.stats().clipHigh();
            clipSums[2] += r.stats().clipRegion();
            klSum += r.stats().kl();
            if (first == null) first = r.stats();
        }
        long t2 = System.nanoTime();
        step++;
        int k = config.iterations();
        GroupAdvantages.Result ga = GroupAdvantages.compute(reward, g, estimator.scale());
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", lossSum / k);
        m.put("reward", GroupAdvantages.mean(reward, 0, n));
        m.put("reward_std", GroupAdvantages.mean(ga.groupStd(), 0, ga.groupStd().length));
        double[] headMeans = new double[heads];
        for (int h = 0; h < heads; h++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) col[i] = scores[i][h];
            double mean = GroupAdvantages.mean(col, 0, n);
            headMeans[h] = mean;
            m.put("rewards/" + rewards.names().get(h) + "/mean", mean);
            m.put("rewards/" + rewards.names().get(h) + "/std", GroupAdvantages.std(col, 0, n, mean));
        }
        // an adaptive combiner (dynamic weights, Lagrange multipliers) moves once per generation batch
        for (Map.Entry<String, Double> e : rewards.update(headMeans).entrySet()) {
            m.put("combiner/" + e.getKey(), e.getValue());
        }
        for (int h = 0; h < rewards.gold().size(); h++) {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += goldScores[i][h] / n;
            m.put("gold/" + rewards.goldNames().get(h) + "/mean", mean);
        }
        m.put("frac_reward_zero_std", ga.fracZeroStd());
        m.put("kl", reference == null ? Double.NaN : klSum / k);
        m.put("entropy", entropySum / k);
        m.put("clip_ratio/low_mean", clipSums[0] / k);
        m.put("clip_ratio/high_mean", clipSums[1] / k);
        m.put("clip_ratio/region_mean", clipSums[2] / k);
        m.put("completions/mean_length", tokens / (double) n);
        m.put("completions/clipped_ratio", clipped / (double) n);
        m.put("grad_norm", gradNormSum / k);
        m.put("num_tokens", (double) generatedTokens);
        m.put("tokens_per_second/generation", tokens / ((t1 - t0) / 1e9));
        m.put("tokens_per_second/training", tokens * k / ((t2 - t1) / 1e9));
        return new StepResult(step, m, credit(completions, reward, tokenAdv, first.ratio(), batch));
    }

    @Override
    public void saveState(StateWriter out) {
        out.value("step", step);
        out.value("generated_tokens", generatedTokens);
        out.tensors("adam", adam);
        if (reference != null) out.tensors("reference", reference);
    }

    @Override
    public void restoreState(StateReader in) {
        long saved = in.longValue("step");
        if (saved < 0 || saved > Integer.MAX_VALUE) throw new IllegalArgumentException("grpo state: step " + saved);
        adam.load(in.tensors("adam"));
        if (reference != null) reference.load(in.tensors("reference"));
        step = (int) saved;
        generatedTokens = in.longValue("generated_tokens");
    }

    /** Greedy exact match on {@code config.evalSize()} held-out examples (the same ones at every call). */
    public ExactMatch.Result evaluate() {
        List<Example> heldOut = task.examples(Split.TEST, config.evalSize(), config.seed() ^ 0x7E57L);
        return ExactMatch.evaluate(policy, tokenizer, task, heldOut, KvCacheFactory.FULL);
    }

    /** Per-token advantages in the batch's {@code [B, T]} layout: token k of row b predicted at promptLength-1+k. */
    static INDArray layout(double[][] tokenAdv, SequenceBatch batch, DataType dt) {
        double[][] a = new double[batch.batch()][batch.length()];
        for (int b = 0; b < a.length; b++) {
            int off = batch.promptLengths()[b] - 1;
            for (int k = 0; k < tokenAdv[b].length; k++) a[b][off + k] = tokenAdv[b][k];
        }
        return Nd4j.createFromArray(a).castTo(dt);
    }

    private CreditSnapshot credit(List<int[]> completions, double[] reward, double[][] tokenAdv, INDArray ratio,
            SequenceBatch batch) {
        int g = config.groupSize();
        List<CreditSnapshot.Token> toks = new ArrayList<>();
        for (int i = 0; i < g; i++) {
            int off = batch.promptLengths()[i] - 1;
            int[] c = completions.get(i);
            for (int k = 0; k < c.length; k++) {
                toks.add(new CreditSnapshot.Token(k, tokenizer.decode(new int[] {c[k]}), tokenAdv[i][k],
                        ratio.getDouble(i, off + k), i));
            }
        }
        PrefixTree tree = new PrefixTree(completions.subList(0, g), java.util.Arrays.copyOf(reward, g));
        return new CreditSnapshot(CreditSnapshot.VERSION, source, step, List.of(), toks,
                tree.snapshot(id -> tokenizer.decode(new int[] {id})));
    }
}
