package io.rlwb.plugins.llm.sft;

import io.rlwb.plugins.llm.policy.Generator;
import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.policy.SamplingConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Task;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Greedy exact-match evaluation: the policy completes each prompt greedily (up to the task's longest answer plus
 * {@code <eos>}), and an example counts when the text before {@code <eos>} equals the answer.
 */
public final class ExactMatch {
    private ExactMatch() {}

    /** What the policy answered, per example, and the fraction right. */
    public record Result(double accuracy, List<String> completions, boolean[] correct) {}

    /** Greedy exact match of {@code policy} on {@code examples}, decoding through caches from {@code caches}. */
    public static Result evaluate(TransformerPolicy policy, CharTokenizer tokenizer, Task task, List<Example> examples,
            KvCacheFactory caches) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("exact-match evaluation needs at least one example");
        }
        List<int[]> prompts = new ArrayList<>();
        for (Example e : examples) prompts.add(tokenizer.encodePrompt(e.prompt()));
        Generator.Result r = new Generator(policy, caches).generate(prompts, SamplingConfig.greedyDecoding(),
                task.maxAnswerLength() + 1, new SplittableRandom(0));
        List<String> texts = new ArrayList<>();
        boolean[] ok = new boolean[examples.size()];
        int right = 0;
        for (int i = 0; i < examples.size(); i++) {
            String text = tokenizer.decodeCompletion(r.completions().get(i));
            texts.add(text);
            ok[i] = r.finished()[i] && task.correct(examples.get(i), text);
            if (ok[i]) right++;
        }
        return new Result(right / (double) examples.size(), texts, ok);
    }
}
