package io.rlwb.plugins.llm.task;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A task whose answers can be checked exactly, generated from a seed. Its instance space is split into a training
 * part and a held-out part by a keyed hash of each instance's identity (see {@link Splits}): the two parts never
 * share an instance, whatever is drawn, and the partition depends only on the task's seed and parameters.
 */
public interface Task {
    /** A short name for metrics and files ({@code "addition"}). */
    String name();

    /** Every character prompts and answers use (for the tokenizer). */
    String alphabet();

    /** Special separator literals prompts use (for the tokenizer); may be empty. */
    List<String> separators();

    /** Longest answer in characters (generation budgets are this plus one for {@code <eos>}). */
    int maxAnswerLength();

    /** Longest prompt in characters (special literals count one each). */
    int maxPromptTokens();

    /** One instance of {@code split}, drawn with {@code rng}. */
    Example sample(Split split, SplittableRandom rng);

    /** Exact match: the completion text equals the answer. */
    default boolean correct(Example example, String completion) {
        return example.answer().equals(completion);
    }

    /**
     * Up to {@code count} distinct instances of {@code split}, the same for the same seed (fewer only when the
     * split has fewer instances: after {@code 50 * count} draws without a new one the list stops).
     */
    default List<Example> examples(Split split, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        LinkedHashSet<Example> out = new LinkedHashSet<>();
        int misses = 0;
        while (out.size() < count && misses < 50 * Math.max(1, count)) {
            if (out.add(sample(split, rng))) {
                misses = 0;
            } else {
                misses++;
            }
        }
        return new ArrayList<>(out);
    }
}
