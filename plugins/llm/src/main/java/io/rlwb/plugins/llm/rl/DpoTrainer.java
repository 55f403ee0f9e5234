package io.rlwb.plugins.llm.rl;

import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.nn.DivergenceGuard;
import io.rlwb.engine.nn.GradClip;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import io.rlwb.plugins.llm.policy.FrozenPolicy;
import io.rlwb.plugins.llm.policy.Generator;
import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.policy.SamplingConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.sft.LrSchedule;
import io.rlwb.plugins.llm.reward.RewardVector;
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

/**
 * Direct preference optimisation of a {@link TransformerPolicy} against a {@link FrozenPolicy} reference, the loop of
 * TRL's {@code DPOTrainer}: each step draws {@code pairsPerStep} pairs from the training pairs, scores chosen and
 * rejected completions under the policy (on the tape) and the reference, and takes one Adam step on {@link DpoLoss}.
 *
 * <p>Pairs come from a pairs file ({@link PreferencePair#read}) or from {@link #samplePairs}: sample several
 * completions of each prompt, rank them with the reward heads, and pair the best with the worst.
 *
 * <p>Its complete state ({@link Stateful}) is the step count, Adam's moments and step count, the frozen reference's
 * weights, the step the current pairs were set at ({@link #replacePairs}; 0 for the constructor's) and the position
 * of the minibatch stream (one generator from {@code config.seed()} and that step, restored by drawing again the
 * indices drawn since). The pairs are the caller's to keep: a restored trainer is given the pairs in use when the
 * state was saved.
 */
public final class DpoTrainer implements Stateful {
    /**
     * @param pairsPerStep pairs per optimisation step (default 32)
     * @param learningRate Adam's peak learning rate (default 3e-4)
     * @param clipNorm global gradient-norm bound (default 1; 0 = none)
     * @param loss the loss's settings
     * @param seed minibatch draws
     * @param schedule the learning rate over the run (TRL's {@code lr_scheduler_type}; no warm-up): constant, or
     *     linear / cosine decay from {@code learningRate} to 0 at step {@code steps}
     * @param steps the run's length in steps, which a decaying schedule needs (ignored by constant)
     */
    public record Config(int pairsPerStep, double learningRate, double clipNorm, DpoLoss.Config loss, long seed,
            LrSchedule schedule, int steps) {
        /** A constant learning rate. */
        public Config(int pairsPerStep, double learningRate, double clipNorm, DpoLoss.Config loss, long seed) {
            this(pairsPerStep, learningRate, clipNorm, loss, seed, LrSchedule.CONSTANT, 1);
        }

        public Config {
            if (steps < 1) {
                throw new IllegalArgumentException("dpo parameter 'steps' must be >= 1, got " + steps);
            }
            if (pairsPerStep < 1) {
                throw new IllegalArgumentException("dpo parameter 'pairsPerStep' must be >= 1, got " + pairsPerStep);
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("dpo parameter 'learningRate' must be > 0, got " + learningRate);
            }
            if (!(clipNorm >= 0)) {
                throw new IllegalArgumentException("dpo parameter 'clipNorm' must be >= 0, got " + clipNorm);
            }
        }
    }

    private final TransformerPolicy policy;
    private final FrozenPolicy reference;
    private final CharTokenizer tokenizer;
    private List<PreferencePair> pairs;
    /** The step at which {@link #pairs} were set (0, or the last {@link #replacePairs}); seeds the minibatch draws. */
    private int pairsSince;
    private final Config config;
    private final DpoLoss loss;
    private final Adam adam;
    private SplittableRandom rng;
    private final DivergenceGuard guard;
    private int step;

    public DpoTrainer(TransformerPolicy policy, FrozenPolicy reference, CharTokenizer tokenizer,
            List<PreferencePair> pairs, Config config) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("dpo: no training pairs");
        }
        this.policy = policy;
        this.reference = reference;
        this.tokenizer = tokenizer;
        this.pairs = List.copyOf(pairs);
        this.config = config;
        this.loss = new DpoLoss(config.loss());
        this.adam = new Adam(policy.parameters(), config.learningRate(), config.schedule() != LrSchedule.CONSTANT);
        this.rng = draws(0);
        this.guard = DivergenceGuard.of("policy", policy.parameters());
    }

    public int steps() {
        return step;
    }

    /**
     * Trains on {@code next} from the next step on (iterative / online DPO: pairs re-sampled from the current policy
     * every round); Adam's moments, the step count, the schedule and the reference carry on. The minibatch draws
     * restart from a stream seeded by the seed and the current step, so that {@link #restoreState} can replay them
     * from the saved step and these pairs alone.
     */
    public void replacePairs(List<PreferencePair> next) {
        if (next.isEmpty()) {
            throw new IllegalArgumentException("dpo: no training pairs");
        }
        pairs = List.copyOf(next);
        pairsSince = step;
        rng = draws(step);
    }

    /** The minibatch draw stream for pairs set at step {@code since} (the seed alone for the first pairs). */
    private SplittableRandom draws(int since) {
        return new SplittableRandom(config.seed() + 0x9E3779B97F4A7C15L * since);
    }

    /**
     * Preference pairs from sampling: {@code samples} completions of each of {@code prompts} instances of
     * {@code split}, drawn from {@code sampler} at {@code temperature}; the completion with the highest combined
     * reward is chosen, the one with the lowest rejected; prompts whose samples all score the same give no pair.
     */
    public static List<PreferencePair> samplePairs(TransformerPolicy sampler, CharTokenizer tokenizer, Task task,
            RewardVector rewards, Split split, int prompts, int samples, double temperature, long seed) {
        return samplePairs(sampler, tokenizer, task, rewards, split, prompts, samples, temperature, 1, seed);
    }

    /**
     * As above, with up to {@code pairsPerPrompt} pairs from each prompt's group: the group's distinct completions
     * are ranked by combined reward; a candidate couples a text with the group's best reward (chosen) with a distinct
     * text of strictly lower reward (rejected); candidates are taken by largest reward gap first (ties: the couple
     * sampled more often, then order of sampling). {@code pairsPerPrompt = 1} is best against worst. Several pairs
     * per prompt multiply the distinct pairs a small prompt set yields: each distinct wrong answer the sampler makes
     * is pushed down against a best one, not only the worst (two second-best texts are never paired, so the chosen
     * side is always what the reward heads rate best).
     */
    public static List<PreferencePair> samplePairs(TransformerPolicy sampler, CharTokenizer tokenizer, Task task,
            RewardVector rewards, Split split, int prompts, int samples, double temperature, int pairsPerPrompt,
            long seed) {
        if (samples < 2) {
            throw new IllegalArgumentException("dpo parameter 'samplesPerPrompt' must be >= 2, got " + samples);
        }
        if (pairsPerPrompt < 1) {
            throw new IllegalArgumentException("dpo parameter 'pairsPerPrompt' must be >= 1, got " + pairsPerPrompt);
        }
        List<Example> ex = task.examples(split, prompts, seed);
        List<int[]> enc = new ArrayList<>();
        for (Example e : ex) enc.add(tokenizer.encodePrompt(e.prompt()));
        Generator.Result r = new Generator(sampler, KvCacheFactory.FULL).generateGroups(enc, samples,
                new SamplingConfig(temperature, 0, 1.0, false), task.maxAnswerLength() + 1,
                new SplittableRandom(seed + 1));
        List<PreferencePair> out = new ArrayList<>();
        for (int i = 0; i < ex.size(); i++) {
            // distinct texts in order of first sampling, with reward and count
            Map<String, double[]> distinct = new LinkedHashMap<>();
            for (int g = 0; g < samples; g++) {
                int k = i * samples + g;
                String text = tokenizer.decodeCompletion(r.completions().get(k));
                double v = rewards.combine(rewards.scores(ex.get(i), text, r.finished()[k]));
                double[] d = distinct.computeIfAbsent(text, t -> new double[] {v, 0, distinct.size()});
                d[0] = Math.max(d[0], v); // a text scores the same finished or not, except for truncation
                d[1]++;
            }
            List<Map.Entry<String, double[]>> texts = new ArrayList<>(distinct.entrySet());
            double best = Double.NEGATIVE_INFINITY;
            for (Map.Entry<String, double[]> t : texts) best = Math.max(best, t.getValue()[0]);
            List<int[]> candidates = new ArrayList<>();
            for (int a = 0; a < texts.size(); a++) {
                if (texts.get(a).getValue()[0] < best) continue;
                for (int b = 0; b < texts.size(); b++) {
                    if (texts.get(b).getValue()[0] < best) candidates.add(new int[] {a, b});
                }
            }
            candidates.sort((x, y) -> {
                double[] xa = texts.get(x[0]).getValue();
                double[] xb = texts.get(x[1]).getValue();
                double[] ya = texts.get(y[0]).getValue();
                double[] yb = texts.get(y[1]).getValue();
                int c = Double.compare(ya[0] - yb[0], xa[0] - xb[0]);
                if (c != 0) return c;
                c = Double.compare(ya[1] + yb[1], xa[1] + xb[1]);
                if (c != 0) return c;
                c = Double.compare(xa[2], ya[2]);
                return c != 0 ? c : Double.compare(xb[2], yb[2]);
            });
            for (int c = 0; c < Math.min(pairsPerPrompt, candidates.size()); c++) {
                out.add(new PreferencePair(ex.get(i), texts.get(candidates.get(c)[0]).getKey(),
                        texts.get(candidates.get(c)[1]).getKey()));
            }
        }
        return out;
    }

    /** One optimisation step on a minibatch of training pairs; TRL's metric names. */
    public Map<String, Double> step() {
        List<PreferencePair> batch = new ArrayList<>();
        for (int i = 0; i < config.pairsPerStep(); i++) batch.add(pairs.get(rng.nextInt(pairs.size())));
        SequenceBatch[] cr = layout(batch);
        policy.zeroGrad();
        Tape tape = Tape.training();
        DpoLoss.Result r = loss.compute(policy.tokenLogProbs(tape, cr[0]), policy.tokenLogProbs(tape, cr[1]),
                reference.tokenLogProbs(cr[0]), reference.tokenLogProbs(cr[1]), cr[0].completionMask(),
                cr[1].completionMask());
        DivergenceGuard.check("DPO loss", r.loss().value().getDouble(0), "DPO step " + (step + 1));
        tape.backward(r.loss());
        guard.gradients(); // before clipping, which would spread one NaN over every gradient
        double norm = config.clipNorm() > 0 ? GradClip.clipGradNorm(policy.parameters(), config.clipNorm())
                : Double.NaN;
        // Adam's annealing uses lr * (1 - progress), so progress = 1 - multiplier gives any schedule
        double mult = config.schedule().multiplier(step, config.steps(), 0, 0.0);
        adam.step(1 - mult);
        guard.parameters();
        step++;
        Map<String, Double> m = metrics(r);
        m.put("grad_norm", norm);
        m.put("learning_rate", adam.currentLearningRate());
        return m;
    }

    @Override
    public void saveState(StateWriter out) {
        out.value("step", step);
        out.value("pairs_since", pairsSince);
        out.tensors("adam", adam);
        out.tensors("reference", reference);
    }

    @Override
    public void restoreState(StateReader in) {
        long saved = in.longValue("step");
        if (saved < 0 || saved > Integer.MAX_VALUE) throw new IllegalArgumentException("dpo state: step " + saved);
        adam.load(in.tensors("adam"));
        reference.load(in.tensors("reference"));
        step = (int) saved;
        // the pairs given to the constructor must be the ones in use at the saved step (set at pairs_since)
        long since = in.has("pairs_since") ? in.longValue("pairs_since") : 0;
        if (since < 0 || since > step) throw new IllegalArgumentException("dpo state: pairs_since " + since);
        pairsSince = (int) since;
        rng = draws(pairsSince);
        for (long i = 0; i < (long) (step - pairsSince) * config.pairsPerStep(); i++) rng.nextInt(pairs.size());
    }

    /** The loss and implicit-reward metrics on {@code heldOut} pairs, without a gradient step. */
    public Map<String, Double> evaluate(List<PreferencePair> heldOut) {
        SequenceBatch[] cr = layout(heldOut);
        Tape tape = Tape.inference();
        return metrics(loss.compute(policy.tokenLogProbs(tape, cr[0]), policy.tokenLogProbs(tape, cr[1]),
                reference.tokenLogProbs(cr[0]), reference.tokenLogProbs(cr[1]), cr[0].completionMask(),
                cr[1].completionMask()));
    }

    /**
     * Per-pair summed completion log-probabilities of {@code pairs} under the policy and the reference, one row per
     * pair: {@code {policy chosen, policy rejected, reference chosen, reference rejected}}; the pair's implicit
     * margin is {@code beta ((row[0] - row[2]) - (row[1] - row[3]))}. For looking at single pairs (which held-out
     * pairs the policy gets wrong, how far apart the reference put them); no gradient.
     */
    public double[][] pairLogProbs(List<PreferencePair> pairs) {
        SequenceBatch[] cr = layout(pairs);
        Tape tape = Tape.inference();
        INDArray[] all = {policy.tokenLogProbs(tape, cr[0]).value(), policy.tokenLogProbs(tape, cr[1]).value(),
            reference.tokenLogProbs(cr[0]), reference.tokenLogProbs(cr[1])};
        INDArray[] masks = {cr[0].completionMask(), cr[1].completionMask(), cr[0].completionMask(),
            cr[1].completionMask()};
        double[][] out = new double[pairs.size()][4];
        for (int k = 0; k < 4; k++) {
            INDArray sums = all[k].castTo(DataType.DOUBLE).muli(masks[k].castTo(DataType.DOUBLE)).sum(1);
            for (int i = 0; i < pairs.size(); i++) out[i][k] = sums.getDouble(i);
        }
        return out;
    }

    private static Map<String, Double> metrics(DpoLoss.Result r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", r.loss().value().getDouble(0));
        m.put("rewards/chosen", r.stats().rewardsChosen());
        m.put("rewards/rejected", r.stats().rewardsRejected());
        m.put("rewards/margins", r.stats().rewardsMargins());
        m.put("rewards/accuracies", r.stats().rewardsAccuracies());
        m.put("logps/chosen", r.stats().logpsChosen());
        m.put("logps/rejected", r.stats().logpsRejected());
        m.put("nll_loss", r.stats().nllLoss());
        return m;
    }

    private SequenceBatch[] layout(List<PreferencePair> batch) {
        List<int[]> prompts = new ArrayList<>();
        List<int[]> chosen = new ArrayList<>();
        List<int[]> rejected = new ArrayList<>();
        for (PreferencePair p : batch) {
            prompts.add(tokenizer.encodePrompt(p.example().prompt()));
            chosen.add(tokenizer.encodeCompletion(p.chosen()));
            rejected.add(tokenizer.encodeCompletion(p.rejected()));
        }
        var dt = policy.config().dtype();
        return new SequenceBatch[] {SequenceBatch.of(prompts, chosen, dt), SequenceBatch.of(prompts, rejected, dt)};
    }
}
