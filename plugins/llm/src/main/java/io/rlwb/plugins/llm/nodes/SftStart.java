package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.BuildContext;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.sft.ExactMatch;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.sft.SftTrainer;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.task.Task;
import java.util.Map;

/**
 * What the {@code llm/grpo} and {@code llm/dpo} trainer nodes share: the optional supervised start (one
 * {@link SftTrainer} step per iteration until its schedule is done, each counting its examples as environment steps
 * and recording {@code sft/loss}), the budget left after it, the native-garbage accounting of {@link SftNode}, the
 * publishing of a step's metrics under a prefix, the held-out exact match, and the state of the supervised start.
 */
final class SftStart implements Stateful {
    private final SftTrainer sft;
    private final SftConfig config;
    /** Estimated native bytes one row of a step leaves behind (the attention arrays of every layer). */
    private final long perRow;
    private long nativeGarbage;

    /** @param config the supervised start, or null for none */
    SftStart(LanguagePolicy policy, Task task, SftConfig config) {
        this.config = config;
        this.sft = config == null ? null : new SftTrainer(policy.policy(), policy.tokenizer(), task, config);
        long t = task.maxPromptTokens() + task.maxAnswerLength() + 2L;
        this.perRow = (long) policy.policy().config().heads() * policy.policy().config().layers() * t * t
                * Float.BYTES * SftNode.ATTENTION_ARRAYS_PER_LAYER;
    }

    /**
     * Steps of {@code perStep} environment steps that the {@code env_steps} budget leaves after the supervised start
     * (at least 1).
     */
    static int stepsAfter(BuildContext ctx, SftConfig sft, long perStep) {
        long budget = ctx.run().budget("env_steps", 0);
        long left = budget - (sft == null ? 0 : (long) sft.steps() * sft.batchSize());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / perStep));
    }

    /** Estimated native bytes a step over {@code rows} sequences leaves behind, {@code passes} times. */
    long garbage(long rows, long passes) {
        return rows * perRow * passes;
    }

    /** Takes one supervised step if the start is not over; true when it did (the iteration is then spent). */
    boolean step(RunServices run) {
        if (sft == null || sft.steps() >= config.steps()) return false;
        SftTrainer.StepStats s = sft.step();
        run.addEnvSteps(config.batchSize());
        run.metric(SftNode.LOSS.key(), s.loss());
        collect(garbage(config.batchSize(), 1));
        return true;
    }

    /**
     * As {@link SftNode}: ND4J frees native memory only when the Java objects are collected, and the heap hardly
     * grows, so collect once the estimated native garbage since the last collection passes
     * {@link SftNode#GC_AFTER_BYTES} (measured: 8.4 GB resident for grpo-addition without it).
     */
    void collect(long bytes) {
        nativeGarbage += bytes;
        if (nativeGarbage >= SftNode.GC_AFTER_BYTES) {
            nativeGarbage = 0;
            System.gc();
        }
    }

    /** Records every entry of {@code metrics} under {@code prefix}. */
    static void publish(RunServices run, String prefix, Map<String, Double> metrics) {
        for (Map.Entry<String, Double> m : metrics.entrySet()) run.metric(prefix + m.getKey(), m.getValue());
    }

    /** Greedy exact match (full cache) on {@code prompts} held-out examples drawn from {@code seed ^ 0x7E57}. */
    static double accuracy(LanguagePolicy policy, Task task, int prompts, long seed) {
        return ExactMatch.evaluate(policy.policy(), policy.tokenizer(), task,
                task.examples(Split.TEST, prompts, seed ^ 0x7E57L), KvCacheFactory.FULL).accuracy();
    }

    /**
     * The supervised trainer's state under {@code sft.} (nothing without a start). The garbage estimate only
     * times collections, which change no number, so it is not saved.
     */
    @Override
    public void saveState(StateWriter out) {
        if (sft != null) sft.saveState(out.under("sft"));
    }

    @Override
    public void restoreState(StateReader in) {
        if (sft != null) sft.restoreState(in.under("sft"));
    }
}
