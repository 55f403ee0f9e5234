package io.rlwb.plugins.llm.sft;

import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.nn.GradClip;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.policy.NativeGarbage;
import io.rlwb.plugins.llm.policy.PolicyCheckpoint;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.text.CharTokenizer;
import io.rlwb.plugins.llm.text.SequenceBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Supervised pre-training on long-context key-value recall, the start of the KV-cache measurements: a model that
 * copies a value from wherever its key sits, so that what a kernel drops or blurs shows up as wrong answers.
 * Training runs on short contexts ({@link Config#trainContext}: attention and MLP cost grow with the sequence),
 * optionally in curriculum stages (continue from saved weights, {@link #main}), with every pair of a context
 * queried ({@link #train(Config, int[], int, Consumer)}).
 *
 * <p>Measured (docs/benchmarks.md, "KV-cache kernels on the recall task"): one pair in 24 then 64 characters
 * trains (held-out exact match 1.0 at 64 characters) but does not extend to 256 characters and more (0.0), and
 * eight pairs did not train in the steps this machine allowed. Evaluating at a length means training at it:
 * {@link #lengthCurriculum} ends at 256 characters; mixing lengths up to 1024 in every stage
 * ({@link Config#withMixedLengths}) left the policy on an order-blind plateau (it copies the value's digits in
 * the wrong order, {@link RecallDiagnosis}); {@link #recipe} forms the ordered circuit at one short length, then
 * mixes lengths to carry it to 1024 characters ({@code RecallSft --recipe outDir}; results in
 * docs/benchmarks.md, "A recall policy that solves the task"). That policy holds one pair per prompt; continuing
 * it on 2 and 4 pairs at 64 characters and 8 at 96 kept the ordered copy but did not teach it to match keys: the
 * first digit is right 0.30-0.50 of the time and most wrong ones start another pair's value ({@link
 * RecallDiagnosis}'s pair errors; docs/benchmarks.md, "Multi-pair recall"), so multi-pair recall is not solved by
 * these stages. With 1-letter keys and 1-digit values ({@link #multiPairRecipe}) key matching starts but stays
 * partial (0.41 with 6 pairs at 48 characters against 0.17 for a guess; docs/benchmarks.md, "Multi-pair recall
 * with 1-letter keys").
 *
 * <p>The policy is built for the longest evaluation context ({@link Config#maxContext} plus query and answer), so
 * the same weights serve every context. Heads are 32 channels wide ({@code width / heads}), KIVI's smallest
 * quantisation group, so a 4-bit cache is not dominated by per-group scales.
 */
public final class RecallSft {
    private RecallSft() {}

    /**
     * @param trainContext context characters of the training prompts
     * @param trainPairs key-value pairs per training prompt
     * @param pairs key-value pairs per evaluation prompt
     * @param maxContext the longest context the policy will read (sets the policy's context length)
     * @param policy layers, heads, width (context length and dtype are set here)
     * @param sft optimiser settings
     * @param taskSeed the recall task's seed (fixes the train / held-out key partition)
     */
    public record Config(int trainContext, int trainPairs, int pairs, int maxContext, int layers, int heads, int width,
            SftConfig sft, long taskSeed, int minTrainContext, int keyLength, int valueLength, int queries,
            boolean tiedHead, double initStd, RecallTask.Layout layout) {
        /**
         * @param minTrainContext 0: every training prompt has {@code trainContext} characters; otherwise each step
         *     draws its length from {@link #trainLengths()} (mixed lengths, see {@link Session})
         * @param keyLength letters per key of the training and evaluation prompts (3 unless given)
         * @param valueLength digits per value (3 unless given)
         * @param queries 0: a training sequence asks for every pair of its context once (the default); {@code n > 0}:
         *     it asks {@code n} times, each for a pair drawn uniformly with replacement (the example's own query
         *     last), so no answer can be had by excluding the pairs already asked for ({@link #multiQuery})
         * @param tiedHead the policy's LM head is its token embedding transposed (the default) or its own matrix
         * @param initStd the policy's initial weight scale (GPT-2's 0.02 unless given; multi-pair recall learns at
         *     0.1 with an untied head, ADR 0039)
         * @param layout how pairs and queries are written (training and evaluation; {@link RecallTask.Layout#COLON}
         *     unless given)
         */
        public Config {
            if (layout == null) {
                throw new IllegalArgumentException("recall sft parameter 'layout' must be COLON or ADJACENT");
            }
            if (minTrainContext < 0 || minTrainContext > trainContext) {
                throw new IllegalArgumentException("recall sft parameter 'minTrainContext' must lie in [0, "
                        + trainContext + "], got " + minTrainContext);
            }
            if (keyLength < 1 || keyLength > 6) {
                throw new IllegalArgumentException("recall sft parameter 'keyLength' must lie in [1, 6], got "
                        + keyLength);
            }
            if (valueLength < 1 || valueLength > 9) {
                throw new IllegalArgumentException("recall sft parameter 'valueLength' must lie in [1, 9], got "
                        + valueLength);
            }
            if (queries < 0) {
                throw new IllegalArgumentException("recall sft parameter 'queries' must be >= 0, got " + queries);
            }
        }

        /** A tied head at GPT-2's initial scale. */
        public Config(int trainContext, int trainPairs, int pairs, int maxContext, int layers, int heads, int width,
                SftConfig sft, long taskSeed, int minTrainContext, int keyLength, int valueLength, int queries) {
            this(trainContext, trainPairs, pairs, maxContext, layers, heads, width, sft, taskSeed, minTrainContext,
                    keyLength, valueLength, queries, true, DecoderModel.Config.GPT2_INIT_STD, RecallTask.Layout.COLON);
        }

        /** Keys of 3 letters and values of 3 digits. */
        public Config(int trainContext, int trainPairs, int pairs, int maxContext, int layers, int heads, int width,
                SftConfig sft, long taskSeed, int minTrainContext) {
            this(trainContext, trainPairs, pairs, maxContext, layers, heads, width, sft, taskSeed, minTrainContext, 3,
                    3, 0);
        }

        /** Every training prompt of {@code trainContext} characters, keys of 3 letters, values of 3 digits. */
        public Config(int trainContext, int trainPairs, int pairs, int maxContext, int layers, int heads, int width,
                SftConfig sft, long taskSeed) {
            this(trainContext, trainPairs, pairs, maxContext, layers, heads, width, sft, taskSeed, 0);
        }

        /**
         * The same with mixed training lengths: each step draws one of {@code min, 2 min, 4 min, ..., trainContext}
         * characters uniformly ({@code 0} turns mixing off).
         */
        public Config withMixedLengths(int min) {
            return new Config(trainContext, trainPairs, pairs, maxContext, layers, heads, width, sft, taskSeed, min,
                    keyLength, valueLength, queries, tiedHead, initStd, layout);
        }

        /** The same with keys of {@code keys} letters and values of {@code values} digits (training and evaluation). */
        public Config withKeyValueLengths(int keys, int values) {
            return new Config(trainContext, trainPairs, pairs, maxContext, layers, heads, width, sft, taskSeed,
                    minTrainContext, keys, values, queries, tiedHead, initStd, layout);
        }

        /** The same with {@code n} queries drawn with replacement per training sequence (0: every pair once). */
        public Config withQueries(int n) {
            return new Config(trainContext, trainPairs, pairs, maxContext, layers, heads, width, sft, taskSeed,
                    minTrainContext, keyLength, valueLength, n, tiedHead, initStd, layout);
        }

        /**
         * The same with {@code schedule} after the warm-up (the defaults decay by cosine to 0.1 of the peak within
         * the run; {@link LrSchedule#CONSTANT} keeps the peak rate, for long runs that wait out a plateau).
         */
        public Config withSchedule(LrSchedule schedule) {
            SftConfig f = new SftConfig(sft.steps(), sft.batchSize(), sft.learningRate(), sft.warmupSteps(), schedule,
                    sft.minLrRatio(), sft.clipNorm(), sft.evalSize(), sft.seed());
            return new Config(trainContext, trainPairs, pairs, maxContext, layers, heads, width, f, taskSeed,
                    minTrainContext, keyLength, valueLength, queries, tiedHead, initStd, layout);
        }

        /** The same policy shape: {@code layers} layers, {@code heads} heads, {@code width} channels. */
        public Config withShape(int layers, int heads, int width) {
            return new Config(trainContext, trainPairs, pairs, maxContext, layers, heads, width, sft, taskSeed,
                    minTrainContext, keyLength, valueLength, queries, tiedHead, initStd, layout);
        }

        /** The same with the policy's head tied or untied and its initial weights at {@code std}. */
        public Config withInit(boolean tied, double std) {
            return new Config(trainContext, trainPairs, pairs, maxContext, layers, heads, width, sft, taskSeed,
                    minTrainContext, keyLength, valueLength, queries, tied, std, layout);
        }

        /** The same with {@code seed} for the training draws and for a fresh policy's initial weights. */
        public Config withSeed(long seed) {
            SftConfig f = new SftConfig(sft.steps(), sft.batchSize(), sft.learningRate(), sft.warmupSteps(),
                    sft.schedule(), sft.minLrRatio(), sft.clipNorm(), sft.evalSize(), seed);
            return new Config(trainContext, trainPairs, pairs, maxContext, layers, heads, width, f, taskSeed,
                    minTrainContext, keyLength, valueLength, queries, tiedHead, initStd, layout);
        }

        /** The same with pairs and queries written in {@code l}. */
        public Config withLayout(RecallTask.Layout l) {
            return new Config(trainContext, trainPairs, pairs, maxContext, layers, heads, width, sft, taskSeed,
                    minTrainContext, keyLength, valueLength, queries, tiedHead, initStd, l);
        }

        /** The training lengths a step draws from: {@code trainContext} alone, or the doubling ladder. */
        public int[] trainLengths() {
            return lengths(minTrainContext, trainContext);
        }

        /**
         * 2 layers, 2 heads of 32, width 64, 8 pairs in 96-character training contexts, every pair queried, 1000
         * steps of 32, lr 3e-3 cosine to 0.1 after 50 warm-up steps, evaluated with 8 pairs. This eight-pair
         * setting stayed at the chance loss for 1000 steps here; the one-pair curriculum that trained is
         * {@code withTraining(24, 1, 3e-3).withPairs(1)} then {@code withTraining(64, 1, 3e-3)} from its weights.
         */
        public static Config defaults() {
            return new Config(96, 8, 8, 1024, 2, 2, 64,
                    new SftConfig(1000, 32, 3e-3, 50, LrSchedule.COSINE, 0.1, 1.0, 100, 1), 1);
        }

        /** The same with {@code n} pairs per evaluation prompt. */
        public Config withPairs(int n) {
            return new Config(trainContext, trainPairs, n, maxContext, layers, heads, width, sft, taskSeed,
                    minTrainContext, keyLength, valueLength, queries, tiedHead, initStd, layout);
        }

        public Config withSteps(int steps) {
            return new Config(trainContext, trainPairs, pairs, maxContext, layers, heads, width, sft.withSteps(steps),
                    taskSeed, minTrainContext, keyLength, valueLength, queries, tiedHead, initStd, layout);
        }

        /**
         * The same with training prompts of {@code context} characters holding {@code n} pairs, peak rate
         * {@code lr}, and no length mixing.
         */
        public Config withTraining(int context, int n, double lr) {
            SftConfig f = new SftConfig(sft.steps(), sft.batchSize(), lr, sft.warmupSteps(), sft.schedule(),
                    sft.minLrRatio(), sft.clipNorm(), sft.evalSize(), sft.seed());
            return new Config(context, n, pairs, maxContext, layers, heads, width, f, taskSeed, 0, keyLength,
                    valueLength, queries, tiedHead, initStd, layout);
        }

        /** The training task: {@code trainPairs} pairs in {@code trainContext} characters, same seed. */
        public RecallTask trainTask() {
            return trainTask(trainContext);
        }

        /** The training task at {@code context} characters (same pairs and seed, so the same key partition). */
        public RecallTask trainTask(int context) {
            return new RecallTask(new RecallTask.Config(context, trainPairs, keyLength, valueLength, 0.2, taskSeed,
                    layout));
        }

        /** The recall task at {@code context} characters (same pairs and seed, so the same held-out keys). */
        public RecallTask task(int context) {
            return new RecallTask(new RecallTask.Config(context, pairs, keyLength, valueLength, 0.2, taskSeed,
                    layout));
        }

        /**
         * The policy shape: long enough for {@code maxContext} plus the query and the answer; its initial weights
         * from {@code sft.seed()} (1 by default).
         */
        public PolicyConfig policyConfig() {
            RecallTask longest = task(maxContext);
            int length = longest.maxPromptTokens() + longest.maxAnswerLength() + 2;
            return new PolicyConfig(layers, heads, width, length, DecoderModel.Positions.ROTARY, tiedHead, 4, 0,
                    sft.seed(), DataType.FLOAT, initStd);
        }
    }

    /**
     * The training lengths of mixed-length training: {@code max} alone when {@code min} is 0 or {@code max}, else
     * {@code min, 2 min, 4 min, ...} below {@code max}, then {@code max}.
     */
    public static int[] lengths(int min, int max) {
        if (min <= 0 || min == max) return new int[] {max};
        List<Integer> l = new ArrayList<>();
        for (int c = min; c < max; c *= 2) l.add(c);
        l.add(max);
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * One curriculum stage: {@code steps} optimiser steps on training prompts of {@code context} characters
     * holding {@code pairs} pairs, peak rate {@code lr} (warm-up, cosine and clipping from {@link Config#defaults}).
     */
    public record Stage(int context, int pairs, int steps, double lr, int minContext, int keyLength, int valueLength,
            int queries, LrSchedule schedule) {
        /**
         * @param minContext 0: one length; otherwise mixed lengths {@code minContext .. context} (doubling)
         * @param keyLength letters per key in this stage's training prompts; 0: the curriculum config's
         * @param valueLength digits per value in this stage's training prompts; 0: the curriculum config's
         * @param queries queries drawn with replacement per training sequence ({@link Config#queries}); 0: the
         *     curriculum config's
         * @param schedule the learning-rate schedule after this stage's warm-up; {@code null}: the curriculum
         *     config's
         */
        public Stage {
            if (keyLength < 0 || keyLength > 6) {
                throw new IllegalArgumentException("recall stage parameter 'keyLength' must be 0 (the config's) or "
                        + "lie in [1, 6], got " + keyLength);
            }
            if (valueLength < 0 || valueLength > 9) {
                throw new IllegalArgumentException("recall stage parameter 'valueLength' must be 0 (the config's) or "
                        + "lie in [1, 9], got " + valueLength);
            }
            if (queries < 0) {
                throw new IllegalArgumentException("recall stage parameter 'queries' must be >= 0, got " + queries);
            }
        }

        /** A stage with the curriculum config's schedule. */
        public Stage(int context, int pairs, int steps, double lr, int minContext, int keyLength, int valueLength,
                int queries) {
            this(context, pairs, steps, lr, minContext, keyLength, valueLength, queries, null);
        }

        /** A stage with the curriculum config's value length and queries. */
        public Stage(int context, int pairs, int steps, double lr, int minContext, int keyLength) {
            this(context, pairs, steps, lr, minContext, keyLength, 0, 0);
        }

        /** A stage with the curriculum config's key length. */
        public Stage(int context, int pairs, int steps, double lr, int minContext) {
            this(context, pairs, steps, lr, minContext, 0);
        }

        /** A stage at one length. */
        public Stage(int context, int pairs, int steps, double lr) {
            this(context, pairs, steps, lr, 0);
        }
    }

    /**
     * The recall recipe of docs/benchmarks.md, "A recall policy that solves the task": one pair; 1500 steps at 24
     * characters, 800 steps of mixed lengths 64-1024, 700 of 64-256 and 400 of 64-1024 at a lower rate (the
     * four stages of "Recall policy with mixed training lengths", which end on the order-blind plateau: the policy
     * finds the value's digits but not their order, {@link RecallDiagnosis}), then <b>600 steps at 64 characters
     * only</b> (peak 3e-3), where the ordered copying circuit forms (loss 0.40 to 0.002), and 400 steps of mixed
     * lengths 64-1024 at 1e-3, which carries it to 1024 characters (held-out exact match 1.00 / 1.00 / 0.95 at
     * 256 / 512 / 1024 on 20 prompts each).
     */
    public static List<Stage> recipe() {
        return List.of(new Stage(24, 1, 1500, 3e-3), new Stage(1024, 1, 800, 3e-3, 64),
                new Stage(256, 1, 700, 2e-3, 64), new Stage(1024, 1, 400, 1e-3, 64), new Stage(64, 1, 600, 3e-3),
                new Stage(1024, 1, 400, 1e-3, 64));
    }

    /**
     * Multi-pair recall from the one-pair {@link #recipe}'s policy (docs/benchmarks.md, "Multi-pair recall with
     * 1-letter keys"), as measured there: 2000 steps of 4 pairs with 1-letter keys and 2-digit values at 64
     * characters (the policy learns to pick <em>a</em> pair, loss on the pick-a-pair plateau), then 1500 steps of 6
     * pairs with 1-letter keys and 1-digit values at 48 characters, where key matching starts (held-out greedy
     * exact match 0.41 / 0.29 / 0.28 at 48 / 256 / 1024 characters on 100 prompts, a guess among the pairs 0.17;
     * every wrong answer another pair's value), then 2000 more of the same with
     * 12 queries drawn with replacement per sequence, so that excluding the pairs already asked for no longer
     * answers the last query. Evaluated with {@link #multiPairEvaluation}. This recipe does <b>not</b> solve the
     * issue's setting (4 pairs, 2-letter keys, 2-digit values); it is the furthest stage measured.
     */
    public static List<Stage> multiPairRecipe() {
        return List.of(new Stage(64, 4, 2000, 3e-3, 0, 1, 2, 0), new Stage(48, 6, 1500, 3e-3, 0, 1, 1, 0),
                new Stage(48, 6, 2000, 3e-3, 0, 1, 1, 12));
    }

    /** The evaluation setting of {@link #multiPairRecipe}'s last stage: 6 pairs, 1-letter keys, 1-digit values. */
    public static Config multiPairEvaluation() {
        return Config.defaults().withPairs(6).withKeyValueLengths(1, 1);
    }

    /**
     * The earlier length curriculum (docs/benchmarks.md, "Recall policy recipe: a length curriculum"): one pair,
     * contexts 24 then 64 then 256 characters, then 64 and 256 again, every step at one length.
     */
    public static List<Stage> lengthCurriculum() {
        return List.of(new Stage(24, 1, 1500, 3e-3), new Stage(64, 1, 200, 3e-3), new Stage(256, 1, 50, 2e-3),
                new Stage(64, 1, 1000, 3e-3), new Stage(256, 1, 300, 1e-3), new Stage(256, 1, 300, 1e-3));
    }

    /**
     * Runs {@code stages} in order on one policy (fresh from {@code c.policyConfig()}), each stage with a fresh
     * Adam and the training draws of {@code c.sft().seed()}, exactly as chaining {@link #main} runs through saved
     * weights does; {@code c}'s evaluation pairs, shape and seeds apply.
     */
    public static Result curriculum(Config c, List<Stage> stages, int[] evalContexts, int evalSize,
            Consumer<SftTrainer.StepStats> listener) {
        return curriculum(c, stages, evalContexts, evalSize, listener, (i, p) -> {});
    }

    /**
     * The same, calling {@code afterStage} with the stage's index (from 0) and the policy after each stage (to
     * save it, so a long curriculum can be resumed from a stage's weights with {@link #main}).
     */
    public static Result curriculum(Config c, List<Stage> stages, int[] evalContexts, int evalSize,
            Consumer<SftTrainer.StepStats> listener, java.util.function.BiConsumer<Integer, TransformerPolicy> afterStage) {
        CharTokenizer tok = tokenizer(c);
        TransformerPolicy policy = new TransformerPolicy(c.policyConfig(), tok.vocabSize());
        return curriculum(policy, tok, c, stages, evalContexts, evalSize, listener, afterStage);
    }

    /**
     * The same on an existing {@code policy} (trained in place, e.g. loaded from an earlier curriculum's weights):
     * {@link #multiPairRecipe} continues the one-pair {@link #recipe}'s policy this way.
     */
    public static Result curriculum(TransformerPolicy policy, CharTokenizer tok, Config c, List<Stage> stages,
            int[] evalContexts, int evalSize, Consumer<SftTrainer.StepStats> listener,
            java.util.function.BiConsumer<Integer, TransformerPolicy> afterStage) {
        double loss = Double.NaN;
        int steps = 0;
        for (int i = 0; i < stages.size(); i++) {
            Stage st = stages.get(i);
            Config sc = c.withTraining(st.context(), st.pairs(), st.lr()).withSteps(st.steps())
                    .withMixedLengths(st.minContext());
            sc = sc.withKeyValueLengths(st.keyLength() > 0 ? st.keyLength() : c.keyLength(),
                    st.valueLength() > 0 ? st.valueLength() : c.valueLength()).withQueries(st.queries() > 0 ? st.queries() : c.queries());
            if (st.schedule() != null) sc = sc.withSchedule(st.schedule());
            loss = train(policy, tok, sc, listener);
            steps += st.steps();
            afterStage.accept(i, policy);
        }
        Map<Integer, Double> acc = new LinkedHashMap<>();
        for (int ctx : evalContexts) acc.put(ctx, heldOutAccuracy(policy, tok, c, ctx, evalSize));
        return new Result(policy, tok, steps, loss, acc);
    }

    /** A trained policy, its tokenizer, and its held-out exact match per evaluated context (full cache). */
    public record Result(TransformerPolicy policy, CharTokenizer tokenizer, int steps, double finalLoss,
            Map<Integer, Double> heldOutAccuracy) {}

    /** The tokenizer of the recall task (the same at every context). */
    public static CharTokenizer tokenizer(Config c) {
        RecallTask t = c.trainTask();
        return new CharTokenizer(t.alphabet(), t.separators());
    }

    /**
     * Trains a fresh policy, then measures greedy exact match with the full cache on {@code evalSize} held-out
     * prompts at each of {@code evalContexts}.
     *
     * <p>Each training sequence asks for every pair of its context, not only one (multi-query recall, as in the
     * Zoology MQAR task): {@code <bos> context <sep> k_1 : v_1 <sep> k_2 : v_2 ... <sep> k_q : v_q <eos>}, the
     * example's own query last, in random order before it. The targets are the value digits of every query and the
     * final {@code <eos>} (keys and separators are not targets), so a step carries {@code pairs} times the signal of
     * the single-query layout; with one query per sequence the same model stayed at the chance loss (ln 10 per
     * digit) for 1500 steps. The last query is laid out exactly as an evaluation prompt and its answer.
     */
    public static Result train(Config c, int[] evalContexts, int evalSize, Consumer<SftTrainer.StepStats> listener) {
        CharTokenizer tok = tokenizer(c);
        TransformerPolicy policy = new TransformerPolicy(c.policyConfig(), tok.vocabSize());
        double loss = train(policy, tok, c, listener);
        Map<Integer, Double> acc = new LinkedHashMap<>();
        for (int ctx : evalContexts) acc.put(ctx, heldOutAccuracy(policy, tok, c, ctx, evalSize));
        return new Result(policy, tok, c.sft().steps(), loss, acc);
    }

    /**
     * Trains {@code policy} (any shape whose context holds a training sequence) in place for {@code c.sft().steps()}
     * steps of multi-query recall; returns the last step's loss.
     */
    public static double train(TransformerPolicy policy, CharTokenizer tok, Config c,
            Consumer<SftTrainer.StepStats> listener) {
        Session session = new Session(policy, tok, c);
        double loss = Double.NaN;
        while (!session.done()) {
            SftTrainer.StepStats s = session.step();
            loss = s.loss();
            if (listener != null) listener.accept(s);
        }
        return loss;
    }

    /** Multi-query recall training of one policy, one optimiser step at a time (for a node's iterations). */
    public static final class Session {
        private final TransformerPolicy policy;
        private final CharTokenizer tok;
        private final RecallTask task;
        private final int[] lengths;
        private final RecallTask[] tasks;
        private final SftConfig sc;
        private final Adam adam;
        private SplittableRandom rng;
        private final int sep;
        private final int queries;
        private final int shortSteps;
        private int step;
        private int lastRows;

        public Session(TransformerPolicy policy, CharTokenizer tok, Config c) {
            this(policy, tok, c.trainTask().config(), c.minTrainContext(), 0, c.queries(), c.sft());
        }

        /**
         * Training on {@code task}'s training split as it is (its pairs, key and value lengths, held-out fraction,
         * seed and layout, so the held-out keys stay out of training), at {@code task}'s context or, with
         * {@code minContext > 0}, at lengths mixed from {@code minContext} to it ({@link #lengths}).
         *
         * @param shortSteps with {@code minContext > 0}: the first steps train at {@code minContext} alone, with
         *     the whole batch (the curriculum's first stage, where the lookup forms), before the lengths mix
         * @param queries queries per training sequence ({@link Config#queries}; 0: every pair once)
         */
        public Session(TransformerPolicy policy, CharTokenizer tok, RecallTask.Config task, int minContext,
                int shortSteps, int queries, SftConfig sc) {
            if (shortSteps < 0 || (shortSteps > 0 && minContext == 0)) {
                throw new IllegalArgumentException("recall sft parameter 'short_steps' must be >= 0, and 0 unless "
                        + "'min_context' > 0 (the short context it trains at), got " + shortSteps);
            }
            if (minContext < 0 || minContext > task.contextLength()) {
                throw new IllegalArgumentException("recall sft parameter 'min_context' must be 0 or lie in ["
                        + task.minContext() + ", " + task.contextLength() + "], got " + minContext);
            }
            if (minContext > 0 && minContext < task.minContext()) {
                throw new IllegalArgumentException("recall sft parameter 'min_context' = " + minContext
                        + " cannot hold " + task.pairs() + " pairs (needs >= " + task.minContext() + ")");
            }
            if (queries < 0) {
                throw new IllegalArgumentException("recall sft parameter 'queries' must be >= 0, got " + queries);
            }
            this.policy = policy;
            this.tok = tok;
            this.lengths = lengths(minContext, task.contextLength());
            this.task = new RecallTask(task.withContext(lengths[0]));
            int need = sequenceTokens(task, queries);
            if (need > policy.config().contextLength()) {
                throw new IllegalArgumentException("policy parameter 'contextLength' = "
                        + policy.config().contextLength() + " is shorter than the " + need
                        + " tokens of a multi-query recall training sequence");
            }
            this.tasks = new RecallTask[lengths.length];
            for (int i = 0; i < lengths.length; i++) tasks[i] = new RecallTask(task.withContext(lengths[i]));
            this.sc = sc;
            this.adam = new Adam(policy.parameters(), sc.learningRate(), true);
            this.rng = new SplittableRandom(sc.seed());
            this.sep = tok.specialId(RecallTask.SEPARATOR);
            this.queries = queries;
            this.shortSteps = shortSteps;
        }

        /**
         * Tokens of the longest multi-query training sequence on {@code task}: {@code <bos>}, the context, then per
         * query {@code <sep>}, key, colon (if any), value and an {@code <eos>}.
         */
        public static int sequenceTokens(RecallTask.Config task, int queries) {
            return task.contextLength() + 2 + Math.max(task.pairs(), queries)
                    * (task.keyLength() + task.layout().colon() + task.valueLength() + 2);
        }

        /** The number of sequences of the last step (fewer than the batch at the longer mixed lengths). */
        public int lastRows() {
            return lastRows;
        }

        /** The recall task the session draws its training sequences from (at its shortest training length). */
        public RecallTask.Config task() {
            return task.config();
        }

        /** Whether every step of the schedule is taken. */
        public boolean done() {
            return step >= sc.steps();
        }

        /**
         * One optimiser step on a fresh batch of multi-query sequences. With mixed lengths the step first draws
         * its length {@code L} uniformly from {@link Config#trainLengths()} and holds
         * {@code max(4, round(batch * Lmin / L))} sequences, so every step reads about the same number of tokens
         * and a long step costs little more than a short one (attention grows with {@code L}, the rest does not).
         */
        public SftTrainer.StepStats step() {
            List<int[]> seqs = new ArrayList<>();
            List<boolean[]> targets = new ArrayList<>();
            draw(step, seqs, targets);
            lastRows = seqs.size();
            SequenceBatch batch = layout(seqs, targets, policy.config().dtype());
            policy.zeroGrad();
            Tape tape = Tape.training();
            Tensor l = policy.completionLoss(tape, batch);
            tape.backward(l);
            double norm = sc.clipNorm() > 0 ? GradClip.clipGradNorm(policy.parameters(), sc.clipNorm()) : Double.NaN;
            adam.step(1 - sc.schedule().multiplier(step, sc.steps(), sc.warmupSteps(), sc.minLrRatio()));
            step++;
            double lossValue = l.value().getDouble(0);
            NativeGarbage.release();
            return new SftTrainer.StepStats(step, lossValue, norm, adam.currentLearningRate());
        }

        /**
         * Draws step {@code index}'s sequences from the session's stream (the model plays no part in the draw): the
         * shortest length during the first {@code shortSteps}, then mixed lengths.
         */
        private void draw(int index, List<int[]> seqs, List<boolean[]> targets) {
            RecallTask t = task;
            int size = sc.batchSize();
            if (lengths.length > 1 && index >= shortSteps) {
                int i = rng.nextInt(lengths.length);
                t = tasks[i];
                size = Math.max(Math.min(4, size), (int) Math.round(size * (double) lengths[0] / lengths[i]));
            }
            for (int b = 0; b < size; b++) {
                multiQuery(t.sample(Split.TRAIN, rng), tok, sep, queries, rng, seqs, targets);
            }
        }

        /** Steps taken. */
        public int steps() {
            return step;
        }

        /** The step count and Adam's moments (the policy's weights are the policy node's state). */
        public void saveState(io.rlwb.engine.spi.StateWriter out) {
            out.value("step", step);
            out.tensors("adam", adam);
        }

        /**
         * Restores what {@link #saveState} wrote and brings the example stream to the same place by drawing the
         * batches of the steps already taken again (as {@link SftTrainer} does), so the next step is bit for bit
         * the step an uninterrupted session would take.
         */
        public void restoreState(io.rlwb.engine.spi.StateReader in) {
            long saved = in.longValue("step");
            if (saved < 0 || saved > sc.steps()) {
                throw new IllegalArgumentException("recall pre-training state: step " + saved
                        + " is outside the schedule's 0.." + sc.steps());
            }
            adam.load(in.tensors("adam"));
            rng = new SplittableRandom(sc.seed());
            for (int i = 0; i < saved; i++) draw(i, new ArrayList<>(), new ArrayList<>());
            step = (int) saved;
        }
    }

    /** Appends the multi-query sequence of {@code e} and which of its positions are targets. */
    static void multiQuery(Example e, CharTokenizer tok, int sep, SplittableRandom rng, List<int[]> seqs,
            List<boolean[]> targets) {
        multiQuery(e, tok, sep, 0, rng, seqs, targets);
    }

    /**
     * The same with {@code queries} queries drawn uniformly with replacement from the context's pairs before the
     * example's own (0: every other pair once, in random order, as above), written in the example's layout. In
     * the adjacent layout every answer is followed by an {@code <eos>} target ({@code <sep> k v <eos> <sep> k v <eos>
     * ...}): with only the last one, a policy trained on multi-digit values went on copying digits after the first
     * query's answer (greedy exact match 0.00 at teacher-forced accuracy 0.94; ADR 0039). The colon layout keeps
     * the one final {@code <eos>}, so that its measured recipes reproduce.
     */
    static void multiQuery(Example e, CharTokenizer tok, int sep, int queries, SplittableRandom rng,
            List<int[]> seqs, List<boolean[]> targets) {
        String prompt = e.prompt();
        RecallTask.Layout layout = RecallTask.Layout.of(prompt);
        String context = prompt.substring(0, prompt.lastIndexOf(RecallTask.SEPARATOR));
        String query = layout.queriedKey(prompt);
        List<String[]> pairs = new ArrayList<>();
        for (String[] kv : layout.pairs(context)) {
            if (!kv[0].equals(query)) pairs.add(kv);
        }
        String[] own = {query, e.answer()};
        if (queries > 0) {
            List<String[]> all = new ArrayList<>(pairs);
            all.add(own);
            pairs.clear();
            for (int i = 0; i < queries - 1; i++) pairs.add(all.get(rng.nextInt(all.size())));
        } else {
            for (int i = pairs.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                String[] t = pairs.get(i);
                pairs.set(i, pairs.get(j));
                pairs.set(j, t);
            }
        }
        pairs.add(own);
        List<Integer> ids = new ArrayList<>();
        List<Boolean> tgt = new ArrayList<>();
        for (int id : tok.encodePrompt(context)) {
            ids.add(id);
            tgt.add(false);
        }
        for (int q = 0; q < pairs.size(); q++) {
            String[] p = pairs.get(q);
            ids.add(sep);
            tgt.add(false);
            for (int id : tok.encode(layout.query(p[0]))) {
                ids.add(id);
                tgt.add(false);
            }
            for (int id : tok.encode(p[1])) {
                ids.add(id);
                tgt.add(true);
            }
            if (layout == RecallTask.Layout.ADJACENT && q < pairs.size() - 1) {
                // every answer ends: a policy trained on many queries stops after the evaluation prompt's one
                ids.add(CharTokenizer.EOS);
                tgt.add(true);
            }
        }
        ids.add(CharTokenizer.EOS);
        tgt.add(true);
        int[] s = new int[ids.size()];
        boolean[] t = new boolean[ids.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ids.get(i);
            t[i] = tgt.get(i);
        }
        seqs.add(s);
        targets.add(t);
    }

    /** Inputs {@code s[0 .. T-1]}, targets {@code s[1 .. T]} where marked (else ignored), right-padded. */
    static SequenceBatch layout(List<int[]> seqs, List<boolean[]> targets, DataType dtype) {
        int b = seqs.size();
        int t = 0;
        for (int[] s : seqs) t = Math.max(t, s.length - 1);
        int[][] in = new int[b][t];
        int[][] out = new int[b][t];
        float[][] mask = new float[b][t];
        float[][] real = new float[b][t];
        int[] pl = new int[b];
        int[] cl = new int[b];
        for (int r = 0; r < b; r++) {
            int[] s = seqs.get(r);
            boolean[] g = targets.get(r);
            java.util.Arrays.fill(out[r], SequenceBatch.IGNORE);
            for (int i = 0; i + 1 < s.length; i++) {
                in[r][i] = s[i];
                real[r][i] = 1;
                if (g[i + 1]) {
                    out[r][i] = s[i + 1];
                    mask[r][i] = 1;
                    cl[r]++;
                }
            }
            pl[r] = s.length - cl[r];
        }
        return new SequenceBatch(Nd4j.createFromArray(in), Nd4j.createFromArray(out),
                Nd4j.createFromArray(mask).castTo(dtype), Nd4j.createFromArray(real).castTo(dtype), pl, cl);
    }

    /** Greedy exact match with the full cache on {@code n} held-out recall prompts of {@code context} characters. */
    public static double heldOutAccuracy(TransformerPolicy policy, CharTokenizer tok, Config c, int context, int n) {
        RecallTask task = c.task(context);
        return ExactMatch.evaluate(policy, tok, task, task.examples(Split.TEST, n, 0x7E57L + context),
                KvCacheFactory.FULL).accuracy();
    }

    /**
     * Trains with the defaults and saves the weights ({@link PolicyCheckpoint}: {@code policy.json} beside
     * {@code weights.npz} and its manifest). Arguments: {@code outDir [steps] [evalSize] [trainContext trainPairs lr [heads [fromDir [evalPairs [minContext [layers [width]]]]]]]}; with {@code fromDir}
     * (not {@code -}) the training continues from the weights saved there (a curriculum stage, whose shape the
     * saved policy fixes); with {@code minContext} (not 0) each step draws its length from {@code minContext,
     * 2 minContext, ..., trainContext}; {@code layers} and {@code width} shape a fresh policy (default 2 and 64);
     * then {@code keyLength valueLength evalContexts queries} ({@link Config#withQueries}), {@code schedule}
     * ({@code cosine}, the default, or {@code constant}: the peak rate after warm-up for the whole run) and
     * {@code checkpointEvery} (0: none; otherwise every that many steps the weights are saved to {@code outDir} and
     * held-out exact match at the first evaluation context is printed, so a long run can be stopped keeping them),
     * then a fresh policy's head and initial scale ({@code tied|untied initStd}, ADR 0039), the layout
     * ({@code colon|adjacent}) and the seed ({@link Config#withSeed}). {@code --diagnose DIR [n] [contexts] [pairs
     * [keyLength valueLength [layout]]]} prints {@link RecallDiagnosis} for saved weights.
     */
    public static void main(String[] args) {
        if (args.length >= 2 && args[0].equals("--diagnose")) {
            Config d = Config.defaults().withPairs(args.length > 4 ? Integer.parseInt(args[4]) : 1);
            if (args.length > 6) d = d.withKeyValueLengths(Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            if (args.length > 7) d = d.withLayout(RecallTask.Layout.parse(args[7]));
            diagnoseMain(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 40,
                    args.length > 3 ? args[3] : "64,256,512,1024", d);
            return;
        }
        if (args.length >= 3 && args[0].equals("--multi-recipe")) {
            multiRecipeMain(Path.of(args[1]), Path.of(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 100);
            return;
        }
        if (args.length >= 2 && args[0].equals("--recipe")) {
            recipeMain(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 100);
            return;
        }
        if (args.length < 1) {
            System.err.println("usage: RecallSft outDir [steps] [evalSize] [trainContext trainPairs lr [heads [fromDir|- [evalPairs "
                    + "[minContext|0 [layers [width [keyLength valueLength [evalContexts [queries [schedule "
                    + "[checkpointEvery [tied|untied initStd [colon|adjacent [seed]]]]]]]]]]]]]]]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Config c = Config.defaults();
        if (args.length > 1) c = c.withSteps(Integer.parseInt(args[1]));
        if (args.length > 5) {
            c = c.withTraining(Integer.parseInt(args[3]), Integer.parseInt(args[4]), Double.parseDouble(args[5]));
        }
        if (args.length > 6) {
            c = c.withShape(c.layers(), Integer.parseInt(args[6]), c.width());
            if (args.length > 8) c = c.withPairs(Integer.parseInt(args[8]));
        }
        if (args.length > 13) c = c.withKeyValueLengths(Integer.parseInt(args[12]), Integer.parseInt(args[13]));
        if (args.length > 15) c = c.withQueries(Integer.parseInt(args[15]));
        if (args.length > 16) c = c.withSchedule(schedule(args[16]));
        int checkpointEvery = args.length > 17 ? Integer.parseInt(args[17]) : 0;
        if (args.length > 19) {
            // a fresh policy's head and initial scale (ignored when continuing from saved weights)
            if (!args[18].equals("tied") && !args[18].equals("untied")) {
                System.err.println("argument 19 (head) must be tied or untied, got '" + args[18] + "'");
                System.exit(2);
            }
            c = c.withInit(args[18].equals("tied"), Double.parseDouble(args[19]));
        }
        if (args.length > 20) c = c.withLayout(RecallTask.Layout.parse(args[20]));
        if (args.length > 21) c = c.withSeed(Long.parseLong(args[21]));
        int evalSize = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        PrintStream p = System.out;
        long t0 = System.nanoTime();
        long c0 = cpu();
        int[] contexts = args.length > 14 ? contexts(args[14]) : new int[] {256, 512, 1024};
        if (args.length > 10) {
            // a fresh policy of another shape (ignored when continuing from saved weights, whose shape they fix)
            c = c.withShape(Integer.parseInt(args[10]), c.heads(),
                    args.length > 11 ? Integer.parseInt(args[11]) : c.width());
        }
        if (args.length > 9) c = c.withMixedLengths(Integer.parseInt(args[9]));
        TransformerPolicy policy;
        CharTokenizer tok;
        long start = 0;
        if (args.length > 7 && !args[7].equals("-")) {
            // a curriculum stage: continue from earlier weights
            PolicyCheckpoint.Loaded from = PolicyCheckpoint.load(Path.of(args[7]));
            policy = withContext(from.policy(), c.policyConfig().contextLength());
            tok = from.tokenizer();
            start = from.step();
        } else {
            tok = tokenizer(c);
            policy = new TransformerPolicy(c.policyConfig(), tok.vocabSize());
        }
        Config fc = c;
        long first = start;
        Consumer<SftTrainer.StepStats> log = s -> {
            if (s.step() % 50 == 0) p.printf(Locale.ROOT, "step %d loss %.4f lr %.2e%n", s.step(), s.loss(),
                    s.learningRate());
            if (checkpointEvery > 0 && s.step() % checkpointEvery == 0 && s.step() < fc.sft().steps()) {
                // long runs: save the weights so far and measure them at the first evaluation context
                PolicyCheckpoint.save(out, policy, tok, first + s.step());
                p.printf(Locale.ROOT, "checkpoint step %d: %.0f s thread CPU, held-out exact match at %d: %.3f "
                        + "(%d prompts)%n", s.step(), (cpu() - c0) / 1e9, contexts[0],
                        heldOutAccuracy(policy, tok, fc, contexts[0], evalSize), evalSize);
            }
        };
        double loss = train(policy, tok, c, log);
        // saved before the evaluation, so a failing evaluation does not lose the trained weights
        PolicyCheckpoint.save(out, policy, tok, (int) start + c.sft().steps());
        Map<Integer, Double> acc = new LinkedHashMap<>();
        for (int ctx : contexts) acc.put(ctx, heldOutAccuracy(policy, tok, c, ctx, evalSize));
        Result r = new Result(policy, tok, (int) start + c.sft().steps(), loss, acc);
        p.printf(Locale.ROOT, "recall sft: %d steps in %.0f s wall, %.0f s thread CPU, final loss %.4f%n", r.steps(),
                (System.nanoTime() - t0) / 1e9, (cpu() - c0) / 1e9, r.finalLoss());
        r.heldOutAccuracy().forEach((ctx, a) -> p.printf(Locale.ROOT,
                "held-out exact match, context %d, full cache: %.3f (%d prompts)%n", ctx, a, evalSize));
    }

    /**
     * {@code RecallSft --recipe outDir [evalSize]}: the whole {@link #recipe} in one process, one pair per prompt,
     * then the weights saved to {@code outDir} (and each stage's to {@code outDir/stage-N}) and held-out exact match
     * at 256, 512 and 1024 characters.
     */
    private static void recipeMain(Path out, int evalSize) {
        PrintStream p = System.out;
        long t0 = System.nanoTime();
        long c0 = cpu();
        Consumer<SftTrainer.StepStats> log = stageLog(p);
        Config c = Config.defaults().withPairs(1);
        CharTokenizer tok = tokenizer(c);
        int[] done = {0};
        Result r = curriculum(c, recipe(), new int[] {256, 512, 1024}, evalSize, log, (i, policy) -> {
            done[0] += recipe().get(i).steps();
            PolicyCheckpoint.save(out.resolve("stage-" + (i + 1)), policy, tok, done[0]);
        });
        PolicyCheckpoint.save(out, r.policy(), r.tokenizer(), r.steps());
        p.printf(Locale.ROOT, "recall recipe: %d steps in %.0f s wall, %.0f s thread CPU, final loss %.4f%n",
                r.steps(), (System.nanoTime() - t0) / 1e9, (cpu() - c0) / 1e9, r.finalLoss());
        r.heldOutAccuracy().forEach((ctx, a) -> p.printf(Locale.ROOT,
                "held-out exact match, context %d, full cache: %.3f (%d prompts)%n", ctx, a, evalSize));
    }

    /**
     * {@code RecallSft --multi-recipe OUT FROM [evalSize]}: {@link #multiPairRecipe} in one process, continuing the
     * policy saved in {@code FROM} (the one-pair {@link #recipe}'s weights), each stage's weights saved to
     * {@code OUT/stage-N} and the last to {@code OUT}, then held-out exact match at 256, 512 and 1024 characters
     * with {@link #multiPairEvaluation}'s pairs, key and value lengths.
     */
    private static void multiRecipeMain(Path out, Path from, int evalSize) {
        PrintStream p = System.out;
        long t0 = System.nanoTime();
        long c0 = cpu();
        Consumer<SftTrainer.StepStats> log = stageLog(p);
        PolicyCheckpoint.Loaded loaded = PolicyCheckpoint.load(from);
        List<Stage> stages = multiPairRecipe();
        long[] done = {loaded.step()};
        Result r = curriculum(loaded.policy(), loaded.tokenizer(), multiPairEvaluation(), stages,
                new int[] {256, 512, 1024}, evalSize, log, (i, policy) -> {
                    done[0] += stages.get(i).steps();
                    PolicyCheckpoint.save(out.resolve("stage-" + (i + 1)), policy, loaded.tokenizer(), done[0]);
                    p.printf(Locale.ROOT, "stage %d done: %.0f s wall, %.0f s thread CPU%n", i + 1,
                            (System.nanoTime() - t0) / 1e9, (cpu() - c0) / 1e9);
                });
        PolicyCheckpoint.save(out, r.policy(), r.tokenizer(), done[0]);
        p.printf(Locale.ROOT, "multi-pair recipe: %d steps in %.0f s wall, %.0f s thread CPU, final loss %.4f%n",
                r.steps(), (System.nanoTime() - t0) / 1e9, (cpu() - c0) / 1e9, r.finalLoss());
        r.heldOutAccuracy().forEach((ctx, a) -> p.printf(Locale.ROOT,
                "held-out exact match, context %d, full cache: %.3f (%d prompts)%n", ctx, a, evalSize));
    }

    /**
     * {@code RecallSft --diagnose WEIGHTS [N] [CONTEXTS] [PAIRS [KEYLENGTH VALUELENGTH]]}: {@link RecallDiagnosis} of the saved policy on
     * {@code N} held-out prompts with {@code PAIRS} pairs (default 1; the prompts {@link #heldOutAccuracy} evaluates)
     * at each comma-separated context, beside the greedy exact match on the same prompts.
     */
    private static void diagnoseMain(Path weights, int n, String contexts, Config c) {
        PolicyCheckpoint.Loaded from = PolicyCheckpoint.load(weights);
        int pairs = c.pairs();
        for (int ctx : contexts(contexts)) {
            RecallTask task = c.task(ctx);
            RecallDiagnosis.Result r = RecallDiagnosis.measure(from.policy(), from.tokenizer(),
                    task.examples(Split.TEST, n, 0x7E57L + ctx));
            double greedy = heldOutAccuracy(from.policy(), from.tokenizer(), c, ctx, n);
            System.out.printf(Locale.ROOT, "context %d: greedy exact match %.3f; teacher forcing: per answer position "
                    + "%s, all positions %.3f, %d wrong of which %d another digit of the value, %d first digits of "
                    + "another pair's value (%d prompts, %d pairs)%n", ctx,
                    greedy,
                    java.util.Arrays.toString(java.util.Arrays.stream(r.positionAccuracy())
                            .mapToObj(v -> String.format(Locale.ROOT, "%.3f", v)).toArray()),
                    r.allPositions(), r.errors(), r.orderErrors(), r.pairErrors(), n, pairs);
        }
    }

    /**
     * {@code policy}, or for a rotary policy whose context is shorter than {@code length} tokens the same weights in
     * a policy of that context (rotary positions have no table, so only the limit moves): a stage with longer keys or
     * values than the first stage's needs a few more tokens at the longest evaluation context.
     */
    public static TransformerPolicy withContext(TransformerPolicy policy, int length) {
        PolicyConfig pc = policy.config();
        if (pc.positions() != DecoderModel.Positions.ROTARY || pc.contextLength() >= length) return policy;
        TransformerPolicy longer = new TransformerPolicy(pc.withContextLength(length), policy.vocabSize());
        longer.namedParameters().forEach((name, q) -> q.value().assign(policy.namedParameters().get(name).value()));
        System.out.printf(Locale.ROOT, "policy context %d -> %d tokens (rotary: the weights are unchanged)%n",
                pc.contextLength(), length);
        return longer;
    }

    /** A learning-rate schedule by name ({@code cosine}, {@code constant}, {@code linear}; any case). */
    static LrSchedule schedule(String name) {
        try {
            return LrSchedule.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recall sft argument 'schedule' must be cosine, constant or linear, got '"
                    + name + "'");
        }
    }

    /** A comma-separated list of context lengths. */
    static int[] contexts(String list) {
        return java.util.Arrays.stream(list.split(",")).mapToInt(v -> Integer.parseInt(v.trim())).toArray();
    }

    /** Prints every 50th step of a curriculum, numbering its stages (a stage's steps restart at 1). */
    private static Consumer<SftTrainer.StepStats> stageLog(PrintStream p) {
        int[] stage = {0};
        return s -> {
            if (s.step() == 1) stage[0]++;
            if (s.step() % 50 == 0) p.printf(Locale.ROOT, "stage %d step %d loss %.4f lr %.2e%n", stage[0], s.step(),
                    s.loss(), s.learningRate());
        };
    }

    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
