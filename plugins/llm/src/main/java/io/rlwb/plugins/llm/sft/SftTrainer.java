package io.rlwb.plugins.llm.sft;

import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.nn.DivergenceGuard;
import io.rlwb.engine.nn.GradClip;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.task.Task;
import io.rlwb.plugins.llm.text.CharTokenizer;
import io.rlwb.plugins.llm.text.SequenceBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Supervised pre-training of a {@link TransformerPolicy} on a {@link Task}'s training split: each step draws
 * {@code batchSize} fresh training examples, lays out {@code <bos> prompt answer <eos>} with only the answer and
 * {@code <eos>} as targets ({@link SequenceBatch}), takes the mean cross-entropy (teacher forcing), clips the
 * global gradient norm and steps Adam. Evaluation is greedy exact match on held-out examples ({@link ExactMatch}).
 *
 * <p>The learning-rate schedule goes through the engine's {@link Adam} as it is: Adam built with linear
 * annealing uses {@code lr * (1 - progress)}, so passing {@code progress = 1 - multiplier} gives
 * {@code lr * multiplier} for any schedule.
 *
 * <p>Its complete state ({@link Stateful}) is the step count (which fixes the schedule's position), Adam's moments
 * and step count, and the position of the example stream: one generator from {@code config.seed()} for the whole
 * run, restored by drawing again the {@code steps x batchSize} examples already drawn (cheap next to one step), so
 * a resumed run draws exactly the batches the uninterrupted one draws. The policy's weights belong to the policy.
 */
public final class SftTrainer implements Stateful {
    private final TransformerPolicy policy;
    private final CharTokenizer tokenizer;
    private final Task task;
    private final SftConfig config;
    private final Adam adam;
    private SplittableRandom rng;
    private final DivergenceGuard guard;
    private int step;

    public SftTrainer(TransformerPolicy policy, CharTokenizer tokenizer, Task task, SftConfig config) {
        this.policy = policy;
        this.tokenizer = tokenizer;
        this.task = task;
        this.config = config;
        int need = task.maxPromptTokens() + task.maxAnswerLength() + 2; // <bos> ... <eos>
        if (need > policy.config().contextLength()) {
            throw new IllegalArgumentException("policy parameter 'contextLength' = " + policy.config().contextLength()
                    + " is shorter than the " + need + " tokens a " + task.name() + " example can take");
        }
        this.adam = new Adam(policy.parameters(), config.learningRate(), true);
        this.rng = new SplittableRandom(config.seed());
        this.guard = DivergenceGuard.of("policy", policy.parameters());
    }

    /** One step's numbers (the loss is read to the host once per step, for logging). */
    public record StepStats(int step, double loss, double gradNorm, double learningRate) {}

    /** What training reached. */
    public record Result(int steps, double finalLoss, ExactMatch.Result heldOut) {}

    /** Steps taken so far. */
    public int steps() {
        return step;
    }

    /**
     * One optimiser step on a fresh training batch.
     *
     * @throws io.rlwb.engine.nn.DivergenceException when the loss, a gradient or a parameter is not finite
     */
    public StepStats step() {
        List<int[]> prompts = new ArrayList<>(config.batchSize());
        List<int[]> answers = new ArrayList<>(config.batchSize());
        for (int i = 0; i < config.batchSize(); i++) {
            Example e = task.sample(Split.TRAIN, rng);
            prompts.add(tokenizer.encodePrompt(e.prompt()));
            answers.add(tokenizer.encodeCompletion(e.answer()));
        }
        SequenceBatch batch = SequenceBatch.of(prompts, answers, policy.config().dtype());
        policy.zeroGrad();
        Tape tape = Tape.training();
        Tensor loss = policy.completionLoss(tape, batch);
        double lossValue = loss.value().getDouble(0);
        DivergenceGuard.check("SFT loss", lossValue, "SFT step " + (step + 1));
        tape.backward(loss);
        guard.gradients(); // before clipping, which would spread one NaN over every gradient
        double norm = config.clipNorm() > 0
                ? GradClip.clipGradNorm(policy.parameters(), config.clipNorm()) : Double.NaN;
        double mult = config.schedule().multiplier(step, config.steps(), config.warmupSteps(), config.minLrRatio());
        adam.step(1 - mult);
        guard.parameters();
        step++;
        return new StepStats(step, lossValue, norm, adam.currentLearningRate());
    }

    @Override
    public void saveState(StateWriter out) {
        out.value("step", step);
        out.tensors("adam", adam);
    }

    @Override
    public void restoreState(StateReader in) {
        long saved = in.longValue("step");
        if (saved < 0 || saved > config.steps()) {
            throw new IllegalArgumentException("sft state: step " + saved + " is outside the schedule's 0.."
                    + config.steps());
        }
        adam.load(in.tensors("adam"));
        step = (int) saved;
        rng = new SplittableRandom(config.seed());
        for (long i = 0; i < (long) step * config.batchSize(); i++) task.sample(Split.TRAIN, rng);
    }

    /** Runs the remaining steps, then evaluates on {@code config.evalSize()} held-out examples. */
    public Result train(Consumer<StepStats> listener) {
        StepStats last = null;
        while (step < config.steps()) {
            last = step();
            if (listener != null) listener.accept(last);
        }
        return new Result(step, last == null ? Double.NaN : last.loss(), evaluate(KvCacheFactory.FULL));
    }

    /** Greedy exact match on the held-out split (examples drawn from the task's own seed, so fixed per task). */
    public ExactMatch.Result evaluate(KvCacheFactory caches) {
        List<Example> heldOut = task.examples(Split.TEST, config.evalSize(), config.seed() ^ 0x7E57L);
        return ExactMatch.evaluate(policy, tokenizer, task, heldOut, caches);
    }
}
