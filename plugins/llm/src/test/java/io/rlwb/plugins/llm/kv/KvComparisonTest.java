package io.rlwb.plugins.llm.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.sft.ExactMatch;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class KvComparisonTest {
    private static final int CONTEXT = 80;
    private final RecallTask task = new RecallTask(new RecallTask.Config(CONTEXT, 4, 3, 3, 0.2, 1));
    private final CharTokenizer tok = new CharTokenizer(task.alphabet(), task.separators());
    /** A random policy of 2 layers, 2 heads of 8 (double precision, so "equal" means to 1e-12). */
    private final TransformerPolicy policy = new TransformerPolicy(
            new PolicyConfig(2, 2, 16, 128, io.rlwb.engine.nn.layers.DecoderModel.Positions.ROTARY, true, 2, 0, 3,
                    DataType.DOUBLE), tok.vocabSize());
    private final int sep = tok.specialId(RecallTask.SEPARATOR);

    private List<KvComparison.Prompt> prompts(int n) {
        List<KvComparison.Prompt> out = new ArrayList<>();
        for (Example e : task.examples(Split.TEST, n, 5)) out.add(KvComparison.Prompt.of(tok, e, sep));
        return out;
    }

    @Test
    void theFullCacheAgainstItselfAgreesEverywhereWithZeroKl() {
        KvComparison cmp = new KvComparison(policy.model(), prompts(3));
        KvComparison.Point p = cmp.measure(new KvComparison.Spec("-", 0, (s, c) -> FullKernel.full(s)));
        assertThat(p.kernel()).isEqualTo("full");
        assertThat(p.prompts()).isEqualTo(3);
        assertThat(p.top1Agreement()).isEqualTo(1.0);
        assertThat(p.kl()).isCloseTo(0.0, offset(1e-12));
        assertThat(p.taskAccuracy()).isEqualTo(cmp.fullAccuracy());
        // a float64 model's full cache holds twice the fp32 reference
        assertThat(p.compressionRatio()).isEqualTo(0.5);
        assertThat(p.memorySaved()).isEqualTo(-1.0);
        assertThat(p.tokensPerSecond()).isPositive();
    }

    @Test
    void bytesAreTheLedgerFormulasForThePositionsFed() {
        List<KvComparison.Prompt> ps = prompts(2);
        KvComparison.Prompt p0 = ps.get(0);
        // context prefilled, then the query and all answer tokens but <eos> fed one at a time
        long n = p0.context().length + p0.query().length + p0.answer().length - 1;
        KvShape s = KvShape.of(policy.model(), 1);
        long perToken = 2L * s.layers() * s.heads() * s.headDim() * Float.BYTES;
        KvComparison cmp = new KvComparison(policy.model(), ps);
        KvComparison.Point full = cmp.measure(new KvComparison.Spec("-", 0, (sh, c) -> FullKernel.full(sh)));
        // the model is float64, so the full cache holds twice what fp32 would
        assertThat(full.bytesFull()).isEqualTo((double) n * perToken);
        assertThat(full.bytes()).isEqualTo(2.0 * n * perToken);
        assertThat(full.bytesReadPerToken()).isEqualTo(full.bytes());

        List<KvComparison.Spec> window = KvComparison.specs(List.of("sink-window"), new int[] {4}, s, null,
                Set.of(1), 32);
        assertThat(window.get(0).label()).isEqualTo("1/4");
        KvComparison.Point w = cmp.measure(window.get(0));
        long kept = 4 + ((CONTEXT + 1) / 4 - 4); // sinks + window; the context is CONTEXT chars + <bos>
        assertThat(cmp.context()).isEqualTo(CONTEXT + 1);
        assertThat(w.bytes()).isEqualTo(2.0 * Math.min(n, kept) * perToken);
        assertThat(w.bytesFull()).isEqualTo(full.bytesFull());

        // KIVI 4-bit, group 32, value groups of head size 8, residual 16, fp16 scales and zero points
        KiviStore.Config k = new KiviStore.Config(4, 32, 8, 16, DataType.HALF);
        KvComparison.Point q = cmp.measure(new KvComparison.Spec("-", 0, (sh, c) -> FullKernel.kivi(sh, k)));
        long bhd = s.heads() * s.headDim();
        long qk = 32L * (n / 32); // keys in blocks of 32 (residual 16 rounded up to a group)
        long qv = n - 16; // values: all but the 16 most recent
        long keys = qk * bhd / 2 + (n - qk) * bhd * Double.BYTES;
        long values = qv * bhd / 2 + (n - qv) * bhd * Double.BYTES;
        long meta = (qk / 32) * 2 * bhd * 2 + qv * 2 * s.heads() * (s.headDim() / 8) * 2;
        assertThat(qk).isPositive();
        assertThat(q.bytes()).isEqualTo((double) s.layers() * (keys + values + meta));
        assertThat(q.kernel()).isEqualTo("kivi-4bit-half-scales");
    }

    @Test
    void taskAccuracyIsGreedyExactMatchThroughTheSameKernel() {
        List<Example> ex = task.examples(Split.TEST, 4, 5);
        List<KvComparison.Prompt> ps = new ArrayList<>();
        for (Example e : ex) ps.add(KvComparison.Prompt.of(tok, e, sep));
        KvComparison cmp = new KvComparison(policy.model(), ps);
        ExactMatch.Result greedy = ExactMatch.evaluate(policy, tok, task, ex, KvCacheFactory.FULL);
        assertThat(cmp.fullAccuracy()).isEqualTo(greedy.accuracy());
    }

    @Test
    void theGridMeasuresEveryKernelAtEveryBudgetOnTheSamePrompts() {
        List<KvComparison.Point> pts = KvComparison.grid(policy.model(), tok,
                c -> new RecallTask(new RecallTask.Config(c, 4, 3, 3, 0.2, 1)), new int[] {CONTEXT},
                List.of("full", "kivi-4bit", "heavy-hitter", "sentence-kv"), new int[] {2, 4}, 2, 1, 16, null, null);
        assertThat(pts).extracting(KvComparison.Point::kernel).containsExactly("full", "kivi-4bit-half-scales",
                "heavy-hitter", "heavy-hitter", "sentence-kv", "sentence-kv");
        assertThat(pts).extracting(KvComparison.Point::budget).containsExactly("-", "-", "1/2", "1/4", "1/2", "1/4");
        assertThat(pts.get(0).top1Agreement()).isEqualTo(1.0);
        assertThat(pts.get(3).bytes()).isLessThan(pts.get(2).bytes());
        for (KvComparison.Point p : pts) {
            assertThat(p.top1Agreement()).isBetween(0.0, 1.0);
            assertThat(p.kl()).isGreaterThanOrEqualTo(-1e-12);
            assertThat(p.bytesFull()).isEqualTo(pts.get(0).bytesFull());
        }
        assertThatThrownBy(() -> KvComparison.specs(List.of("nope"), new int[] {2}, KvShape.of(policy.model(), 1),
                null, Set.of(1), 32)).hasMessageContaining("unknown kernel 'nope'");
    }
}
