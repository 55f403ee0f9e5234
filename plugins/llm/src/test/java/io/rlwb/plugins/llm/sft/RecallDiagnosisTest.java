package io.rlwb.plugins.llm.sft;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class RecallDiagnosisTest {
    private final RecallTask task = new RecallTask(new RecallTask.Config(24, 1, 3, 3, 0.2, 1));
    private final CharTokenizer tok = new CharTokenizer(task.alphabet(), task.separators());
    private final TransformerPolicy policy = new TransformerPolicy(
            PolicyConfig.defaults().withContextLength(40).withSeed(3), tok.vocabSize());

    /** The policy's own greedy continuation of {@code prompt} (full passes, plain characters only), or null. */
    private String greedy(String prompt, int n) {
        List<Integer> ids = new ArrayList<>();
        for (int id : tok.encodePrompt(prompt)) ids.add(id);
        StringBuilder out = new StringBuilder();
        for (int j = 0; j < n; j++) {
            int[] s = ids.stream().mapToInt(Integer::intValue).toArray();
            INDArray logits = policy.logits(Tape.inference(), Nd4j.createFromArray(new int[][] {s})).value();
            int next = (int) logits.get(NDArrayIndex.point(0), NDArrayIndex.point(s.length - 1)).argMax().getLong(0);
            if (tok.isSpecial(next)) return null;
            out.append(tok.decode(new int[] {next}));
            ids.add(next);
        }
        return out.toString();
    }

    @Test
    void thePoliciesOwnGreedyAnswerIsRightEverywhereAndAFirstCharacterTakenFromLaterInTheAnswerIsAnOrderError() {
        List<Example> own = new ArrayList<>();
        List<Example> shifted = new ArrayList<>();
        for (Example e : task.examples(Split.TEST, 40, 7)) {
            String g = greedy(e.prompt(), 3);
            if (g == null) continue;
            own.add(new Example(e.prompt(), g));
            // a first character that is not the policy's, the policy's first character second
            char other = g.charAt(0) == '5' ? '6' : '5';
            shifted.add(new Example(e.prompt(), "" + other + g.charAt(0) + g.charAt(2)));
        }
        assertThat(own).hasSizeGreaterThan(5);

        RecallDiagnosis.Result right = RecallDiagnosis.measure(policy, tok, own);
        assertThat(right.positionAccuracy()).containsExactly(1.0, 1.0, 1.0);
        assertThat(right.allPositions()).isEqualTo(1.0);
        assertThat(right.errors()).isZero();
        assertThat(right.orderErrors()).isZero();

        RecallDiagnosis.Result wrong = RecallDiagnosis.measure(policy, tok, shifted);
        assertThat(wrong.positionAccuracy()[0]).isZero();
        assertThat(wrong.allPositions()).isZero();
        assertThat(wrong.orderErrors()).isGreaterThanOrEqualTo(shifted.size()).isLessThanOrEqualTo(wrong.errors());
        int wrongChars = 0;
        for (double a : wrong.positionAccuracy()) wrongChars += (int) Math.round((1 - a) * shifted.size());
        assertThat(wrong.errors()).isEqualTo(wrongChars);
        assertThat(right.pairErrors()).isZero();
    }

    @Test
    void aWrongFirstDigitThatStartsAnotherPairsValueIsAPairError() {
        java.util.Set<Character> firsts = RecallDiagnosis.otherFirstDigits(
                new Example("a xyz:100 abc:888 qrs:345 b<sep>abc:", "888"));
        assertThat(firsts).containsExactlyInAnyOrder('1', '3');
        assertThat(RecallDiagnosis.otherFirstDigits(new Example("a abc:888 b<sep>abc:", "888"))).isEmpty();
        assertThat(RecallDiagnosis.isPairError(firsts, 0, '1')).isTrue();
        assertThat(RecallDiagnosis.isPairError(firsts, 0, '3')).isTrue();
        assertThat(RecallDiagnosis.isPairError(firsts, 0, '0')).isFalse(); // a digit of another value, not its first
        assertThat(RecallDiagnosis.isPairError(firsts, 1, '1')).isFalse(); // later positions follow the first
        // one pair: no other value, so no pair errors however wrong the policy is
        List<Example> shifted = new ArrayList<>();
        for (Example e : task.examples(Split.TEST, 20, 7)) shifted.add(new Example(e.prompt(), "000"));
        RecallDiagnosis.Result r = RecallDiagnosis.measure(policy, tok, shifted);
        assertThat(r.errors()).isPositive();
        assertThat(r.pairErrors()).isZero();
    }
}
