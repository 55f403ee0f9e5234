package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.policy.PolicyCheckpoint;
import io.rlwb.plugins.llm.sft.ExactMatch;
import io.rlwb.plugins.llm.sft.RecallSft;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.sft.SftTrainer;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.task.Task;
import java.nio.file.Path;

/**
 * The {@code llm/sft} trainer: one {@link SftTrainer} step per iteration, counting each training example as an
 * environment step; after the last step of its schedule, held-out greedy exact match (full cache: the
 * model's own skill, whatever kernel is wired)
 * and the weights saved to {@code <run>/policy}.
 *
 * <p>On a recall task with {@code queries > 0} a step is one of multi-query recall instead ({@link
 * RecallSft.Session}: each training sequence asks for {@code queries} of its pairs, optionally at lengths mixed
 * from {@code min_context} to the task's context), the recipe that learns multi-pair recall where one query per
 * sequence stays at the plateau (ADR 0040). A step then counts {@code batch_size} environment steps whatever its
 * length (at the longer mixed lengths it holds fewer sequences of as many tokens in all).
 *
 * <p>State (ADR 0025): the {@link SftTrainer}'s (step, so the schedule's position; Adam; the example stream) and
 * whether the schedule is done (its evaluation and saved weights already recorded); the policy's weights are the
 * policy node's.
 */
final class SftNode implements Trainer {
    static final MetricSpec LOSS = MetricSpec.of("sft/loss", MetricSpec.Role.KEY,
            "Teacher-forced cross-entropy per answer token (nats)");
    static final MetricSpec GRAD_NORM = MetricSpec.of("sft/grad_norm", MetricSpec.Role.DETAIL,
            "Global gradient norm before clipping");
    static final MetricSpec LR = MetricSpec.of("sft/learning_rate", MetricSpec.Role.DETAIL, "Adam learning rate");
    static final MetricSpec ACCURACY = MetricSpec.of("sft/accuracy", MetricSpec.Role.KEY,
            "Held-out greedy exact match after training (fraction of eval_prompts)");
    static final MetricSpec[] METRICS = {LOSS, GRAD_NORM, LR, ACCURACY};

    /** Where in the run directory the weights go. */
    static final String WEIGHTS_DIR = "policy";

    private final LanguagePolicy policy;
    private final Task task;
    /** One of the two: the single-query trainer, or a multi-query recall session. */
    private final SftTrainer trainer;
    private final RecallSft.Session recall;
    private final SftConfig config;
    private final int logEvery;
    private final boolean save;
    private boolean finished;
    /** Estimated native bytes one step leaves behind, and the sum since the last collection. */
    private final long stepGarbage;
    private long nativeGarbage;

    /**
     * ND4J frees an array's native memory only when the Java object holding it is collected. A step on long
     * sequences leaves hundreds of megabytes of native arrays (the tape's attention scores, probabilities and
     * their gradients, {@code [B, H, T, T]} per layer) while the heap hardly grows, so the collector would not run
     * and the process would grow by gigabytes (measured: 8.3 GB resident after 60 steps of the recall samples;
     * 0.6 GB, and no slower, when collecting after every step). So the node asks for a collection once the
     * estimated garbage since the last one reaches this many bytes.
     */
    static final long GC_AFTER_BYTES = 256L << 20;
    /** Arrays of {@code [B, H, T, T]} floats a step leaves per layer (scores, mask, probabilities, gradients...). */
    static final int ATTENTION_ARRAYS_PER_LAYER = 16;

    SftNode(LanguagePolicy policy, Task task, SftConfig config, int logEvery, boolean save) {
        this(policy, task, config, logEvery, save, 0, 0, 0);
    }

    /**
     * @param queries 0: one query per training sequence ({@link SftTrainer}); {@code n > 0}: multi-query recall
     *     sequences of {@code n} queries (a recall task only)
     * @param minContext with {@code queries > 0}: 0 trains at the task's context, else at lengths mixed from it
     * @param shortSteps with {@code minContext > 0}: steps at {@code minContext} alone before the lengths mix
     */
    SftNode(LanguagePolicy policy, Task task, SftConfig config, int logEvery, boolean save, int queries,
            int minContext, int shortSteps) {
        this.policy = policy;
        this.task = task;
        if (queries > 0) {
            if (!(task instanceof RecallTask r)) {
                throw new IllegalArgumentException("sft parameter 'queries' = " + queries
                        + " needs a recall task (multi-query recall sequences), got '" + task.name() + "'");
            }
            this.recall = new RecallSft.Session(policy.policy(), policy.tokenizer(), r.config(), minContext,
                    shortSteps, queries, config);
            this.trainer = null;
        } else {
            if (minContext > 0 || shortSteps > 0) {
                throw new IllegalArgumentException("sft parameters 'min_context' = " + minContext
                        + " and 'short_steps' = " + shortSteps + " shape multi-query recall training: they need "
                        + "'queries' > 0");
            }
            this.trainer = new SftTrainer(policy.policy(), policy.tokenizer(), task, config);
            this.recall = null;
        }
        this.config = config;
        this.logEvery = logEvery;
        this.save = save;
        long t = task.maxPromptTokens() + task.maxAnswerLength() + 2L;
        this.stepGarbage = (long) config.batchSize() * policy.policy().config().heads()
                * policy.policy().config().layers() * t * t * Float.BYTES * ATTENTION_ARRAYS_PER_LAYER;
    }

    @Override
    public void iterate(RunServices run) {
        if (finished) {
            // a budget that is not a multiple of batch_size: the schedule is done, the rest of the budget passes
            run.addEnvSteps(config.batchSize());
            return;
        }
        SftTrainer.StepStats s;
        if (recall != null) {
            s = recall.step(); // releases its native garbage itself (NativeGarbage)
        } else {
            s = trainer.step();
            nativeGarbage += stepGarbage;
            if (nativeGarbage >= GC_AFTER_BYTES) {
                nativeGarbage = 0;
                System.gc();
            }
        }
        run.addEnvSteps(config.batchSize());
        if (!Double.isFinite(s.loss())) {
            throw new IllegalStateException("sft loss is " + s.loss() + " at step " + s.step()
                    + "; lower 'lr' or keep 'clip_norm' on");
        }
        if (s.step() % logEvery == 0 || s.step() == config.steps()) {
            run.metric(LOSS.key(), s.loss());
            run.metric(GRAD_NORM.key(), s.gradNorm());
            run.metric(LR.key(), s.learningRate());
        }
        if (s.step() >= config.steps()) {
            finished = true;
            ExactMatch.Result r = ExactMatch.evaluate(policy.policy(), policy.tokenizer(), task,
                    task.examples(Split.TEST, config.evalSize(), config.seed() ^ 0x7E57L), KvCacheFactory.FULL);
            run.metric(ACCURACY.key(), r.accuracy());
            Path dir = run.runDirectory();
            if (save && dir != null) {
                PolicyCheckpoint.save(dir.resolve(WEIGHTS_DIR), policy.policy(), policy.tokenizer(), s.step());
            }
        }
    }

    @Override
    public void saveState(StateWriter out) {
        if (recall != null) recall.saveState(out.under("sft"));
        else trainer.saveState(out.under("sft"));
        out.value("finished", finished ? 1 : 0);
    }

    @Override
    public void restoreState(StateReader in) {
        if (recall != null) recall.restoreState(in.under("sft"));
        else trainer.restoreState(in.under("sft"));
        finished = in.longValue("finished") != 0;
    }
}
