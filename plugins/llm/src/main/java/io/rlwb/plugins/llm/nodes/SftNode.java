package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.policy.PolicyCheckpoint;
import io.rlwb.plugins.llm.sft.ExactMatch;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.sft.SftTrainer;
import io.rlwb.plugins.llm.task.Task;
import java.nio.file.Path;

/**
 * The {@code llm/sft} trainer: one {@link SftTrainer} step per iteration, counting each training example as an
 * environment step; after the last step of its schedule, held-out greedy exact match (full cache: the
 * model's own skill, whatever kernel is wired)
 * and the weights saved to {@code <run>/policy}.
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
    private final SftTrainer trainer;
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
        this.policy = policy;
        this.trainer = new SftTrainer(policy.policy(), policy.tokenizer(), task, config);
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
        SftTrainer.StepStats s = trainer.step();
        run.addEnvSteps(config.batchSize());
        nativeGarbage += stepGarbage;
        if (nativeGarbage >= GC_AFTER_BYTES) {
            nativeGarbage = 0;
            System.gc();
        }
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
            ExactMatch.Result r = trainer.evaluate(KvCacheFactory.FULL);
            run.metric(ACCURACY.key(), r.accuracy());
            Path dir = run.runDirectory();
            if (save && dir != null) {
                PolicyCheckpoint.save(dir.resolve(WEIGHTS_DIR), policy.policy(), policy.tokenizer(), s.step());
            }
        }
    }

    @Override
    public void saveState(StateWriter out) {
        trainer.saveState(out.under("sft"));
        out.value("finished", finished ? 1 : 0);
    }

    @Override
    public void restoreState(StateReader in) {
        trainer.restoreState(in.under("sft"));
        finished = in.longValue("finished") != 0;
    }
}
