package io.rlwb.plugins.llm.reward.model;

import io.rlwb.plugins.llm.reward.RewardHead;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws completions of a task's instances near its answers, the kinds of mistakes a small policy makes, and labels
 * each with the rule-based reward heads: the exact answer (40%), the answer with one character changed (20%),
 * with a character dropped or added (15%), with a leading {@code 0} (10%), cut off before {@code <eos>} (10%), or
 * a random string over the task's alphabet (5%). So every correctness, format and brevity label occurs, and
 * wrong answers look like right ones.
 */
public final class CompletionSampler {
    private final Task task;
    private final List<RewardHead> heads;

    public CompletionSampler(Task task, List<RewardHead> heads) {
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("completion sampler needs at least one reward head to label with");
        }
        this.task = task;
        this.heads = List.copyOf(heads);
    }

    public List<String> labelNames() {
        List<String> n = new ArrayList<>();
        for (RewardHead h : heads) n.add(h.name());
        return n;
    }

    /** {@code count} labelled completions of distinct-or-repeated instances of {@code split}, fixed by seed. */
    public List<LabelledCompletion> sample(Split split, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<LabelledCompletion> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Example e = task.sample(split, rng);
            String answer = e.answer();
            String digits = task.alphabet().chars().filter(Character::isDigit)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            String alphabet = digits.isEmpty() ? task.alphabet() : digits;
            double u = rng.nextDouble();
            String c;
            boolean finished = true;
            if (u < 0.40) {
                c = answer;
            } else if (u < 0.60) {
                int at = rng.nextInt(answer.length());
                char old = answer.charAt(at);
                char neu = old;
                while (neu == old && alphabet.length() > 1) neu = alphabet.charAt(rng.nextInt(alphabet.length()));
                c = answer.substring(0, at) + neu + answer.substring(at + 1);
            } else if (u < 0.75) {
                if (answer.length() > 1 && rng.nextBoolean()) {
                    int at = rng.nextInt(answer.length());
                    c = answer.substring(0, at) + answer.substring(at + 1);
                } else {
                    c = answer + alphabet.charAt(rng.nextInt(alphabet.length()));
                }
            } else if (u < 0.85) {
                c = "0" + answer;
            } else if (u < 0.95) {
                c = answer.substring(0, rng.nextInt(answer.length() + 1));
                finished = false;
            } else {
                int n = 1 + rng.nextInt(task.maxAnswerLength() + 2);
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < n; j++) sb.append(task.alphabet().charAt(rng.nextInt(task.alphabet().length())));
                c = sb.toString();
            }
            out.add(label(e, c, finished));
        }
        return out;
    }

    /** {@code completion} labelled by every head. */
    public LabelledCompletion label(Example e, String completion, boolean finished) {
        double[] l = new double[heads.size()];
        for (int k = 0; k < l.length; k++) l[k] = heads.get(k).score(e, completion, finished);
        return new LabelledCompletion(e, completion, finished, l);
    }
}
