package io.rlwb.plugins.llm.sft;

import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Where a recall policy goes wrong, answer position by answer position. Each prompt is fed with its correct answer
 * (teacher forcing, one pass without a cache) and the policy's most likely token at every answer position is
 * compared with the answer's: accuracy per position, and how many of the wrong digits are <em>another digit of the
 * same value</em> (an order error: the policy found the pair but not which of its digits comes next).
 *
 * <p>Why (docs/benchmarks.md, "A recall policy that solves the task"): a policy that attends to "the digits of the
 * context" without knowing their order reaches a per-token loss of about {@code (ln 3 + ln 2) / 4 = 0.45} on one
 * pair of three digits (the first digit one of three, the second one of the two left, the third certain, and
 * {@code <eos>}) and an exact match near 1/6; the mixed-length policy sat at that plateau, and this measurement
 * is what showed it (most of its errors were order errors, at 64 characters as at 1024).
 */
public final class RecallDiagnosis {
    private RecallDiagnosis() {}

    /**
     * @param positionAccuracy per answer character, the share of prompts whose most likely next token is right
     *     (the previous answer characters given)
     * @param allPositions the share of prompts right at every answer position (teacher-forced exact match)
     * @param errors wrong answer characters in all
     * @param orderErrors of those, the ones that are another character of the same answer
     * @param pairErrors wrong first characters that are the first character of another pair's value in the prompt
     *     (and of no other place in this answer); always 0 with one pair
     */
    public record Result(double[] positionAccuracy, double allPositions, int errors, int orderErrors,
            int pairErrors) {}


    /** Teacher-forced diagnosis of {@code policy} on {@code examples} (prompts and answers of the recall task). */
    public static Result measure(TransformerPolicy policy, CharTokenizer tok, List<Example> examples) {
        if (examples.isEmpty()) throw new IllegalArgumentException("recall diagnosis needs at least one example");
        int width = 0;
        for (Example e : examples) width = Math.max(width, e.answer().length());
        int[] right = new int[width];
        int all = 0;
        int errors = 0;
        int order = 0;
        int pair = 0;
        for (Example e : examples) {
            Set<Character> otherFirsts = otherFirstDigits(e);
            int[] p = tok.encodePrompt(e.prompt());
            int[] a = tok.encode(e.answer());
            int[] s = new int[p.length + a.length - 1];
            System.arraycopy(p, 0, s, 0, p.length);
            System.arraycopy(a, 0, s, p.length, a.length - 1);
            INDArray logits = policy.logits(Tape.inference(), Nd4j.createFromArray(new int[][] {s})).value();
            boolean ok = true;
            for (int j = 0; j < a.length; j++) {
                int guess = (int) logits.get(NDArrayIndex.point(0), NDArrayIndex.point(p.length - 1 + j)).argMax()
                        .getLong(0);
                if (guess == a[j]) {
                    right[j]++;
                    continue;
                }
                ok = false;
                errors++;
                boolean inAnswer = false;
                for (int other : a) {
                    if (other == guess) {
                        inAnswer = true;
                        break;
                    }
                }
                if (inAnswer) {
                    order++;
                } else if (!tok.isSpecial(guess) && isPairError(otherFirsts, j, tok.decode(new int[] {guess}).charAt(0))) {
                    pair++;
                }
            }
            if (ok) all++;
        }
        double[] acc = new double[width];
        for (int j = 0; j < width; j++) acc[j] = right[j] / (double) examples.size();
        return new Result(acc, all / (double) examples.size(), errors, order, pair);
    }

    /**
     * Whether a wrong guess (one that is no character of the answer) at answer position {@code position} is a pair
     * error: the first position, and the first character of another pair's value ({@code otherFirsts}).
     */
    static boolean isPairError(Set<Character> otherFirsts, int position, char guess) {
        return position == 0 && otherFirsts.contains(guess);
    }

    /** The first characters of the values of the context's pairs other than the queried one. */
    static Set<Character> otherFirstDigits(Example e) {
        String prompt = e.prompt();
        RecallTask.Layout layout = RecallTask.Layout.of(prompt);
        String query = layout.queriedKey(prompt);
        Set<Character> firsts = new HashSet<>();
        for (String[] kv : layout.pairs(prompt.substring(0, prompt.lastIndexOf(RecallTask.SEPARATOR)))) {
            if (!kv[0].equals(query)) firsts.add(kv[1].charAt(0));
        }
        return firsts;
    }
}
