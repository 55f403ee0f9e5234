package io.rlwb.plugins.llm.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.engine.telemetry.KvCacheSnapshot;
import io.rlwb.plugins.llm.kv.KiviStore;
import io.rlwb.plugins.llm.kv.KvKernel;
import io.rlwb.plugins.llm.kv.KvLedger;
import io.rlwb.plugins.llm.kv.MiniCacheKernel;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kernels composed by wiring (a kv-kivi node into another kernel's 'inner' input) hold exactly what the analytic
 * formula of the composition says, and the same as the composition built directly from the library.
 */
class KernelCompositionTest {
    private static final int N = 45;
    private static final long B = 1;
    private static final long H = 2;
    private static final long D = 8;
    private static final long F = 4; // fp32 bytes
    private static final long BHD = B * H * D;

    private static final CharTokenizer TOK = new CharTokenizer("abcdefgh .");
    private static final TransformerPolicy POLICY = new TransformerPolicy(new PolicyConfig(4, 2, 16, 64,
            DecoderModel.Positions.ROTARY, true, 2, 0, 3, DataType.FLOAT), TOK.vocabSize());

    private static AttentionKernel kivi(int bits, int group, int valueGroup, int residual) {
        return NodeBuild.component(KernelNodes.kivi(), Map.of("bits", bits, "group", group, "value_group", valueGroup,
                "residual", residual), Map.of(), AttentionKernel.class);
    }

    /** Prefills 40 random tokens, then decodes 5 one at a time, through a fresh kernel of {@code k}. */
    private static KvKernel decode(AttentionKernel k) {
        KvKernel kernel = (KvKernel) k.bind(POLICY, TOK).create(POLICY.model().config(), (int) B, N);
        SplittableRandom r = new SplittableRandom(4);
        int[] ids = new int[N];
        for (int i = 0; i < N; i++) ids[i] = 4 + r.nextInt(TOK.vocabSize() - 4);
        INDArray all = Nd4j.createFromArray(new int[][] {ids});
        POLICY.model().forward(Tape.inference(), all.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 40)).dup(), kernel);
        for (int t = 40; t < N; t++) {
            POLICY.model().forward(Tape.inference(), all.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1)).dup(), kernel);
        }
        return kernel;
    }

    private static long count(KvLedger.Layer x, byte state) {
        long c = 0;
        for (byte b : x.tokenStates()) if (b == state) c++;
        return c;
    }

    @Test
    void aSinkWindowOverKiviHoldsTheSinksInFp32AndTheWindowQuantised() {
        int group = 4;
        int valueGroup = 4;
        int sinks = 2;
        int window = 9;
        AttentionKernel inner = kivi(2, group, valueGroup, 3);
        AttentionKernel k = NodeBuild.component(KernelNodes.sinkWindow(), Map.of("sinks", sinks, "window", window),
                Map.of("inner", inner), AttentionKernel.class);
        assertThat(k.name()).isEqualTo("sink-window+kivi-2bit");
        assertThat(k.store()).as("a sink window selects rows; it is no store").isNull();
        KvKernel kernel = decode(k);
        assertThat(kernel.name()).isEqualTo("sink-window+kivi-2bit");
        KvLedger l = kernel.ledger();
        for (KvLedger.Layer x : l.layers()) {
            long retained = count(x, KvCacheSnapshot.RETAINED);
            long quantised = count(x, KvCacheSnapshot.QUANTISED);
            assertThat(quantised).isPositive();
            assertThat(quantised % group).isZero();
            assertThat(retained + quantised - sinks).isBetween((long) window, (long) window + group - 1);
            long keys = retained * BHD * F + quantised * BHD * 2 / 8;
            assertThat(x.keyBytes()).isEqualTo(keys);
            assertThat(x.valueBytes()).isEqualTo(keys);
            assertThat(x.metaBytes()).isEqualTo((quantised / group) * 2 * BHD * F
                    + quantised * 2 * B * H * (D / valueGroup) * F);
            assertThat(x.fullBytes()).isEqualTo(2 * N * BHD * F);
        }
        assertThat(l.bytesFull()).isEqualTo(4 * 2 * N * BHD * F);
    }

    @Test
    void miniCacheOverAWiredKiviEqualsTheLibraryCompositionAndItsFormula() {
        AttentionKernel inner = kivi(4, 4, 4, 2);
        AttentionKernel k = NodeBuild.component(KernelNodes.miniCache(), Map.of("gamma", 0.5), Map.of("inner", inner),
                AttentionKernel.class);
        assertThat(k.name()).isEqualTo("minicache+kivi-4bit");
        KvKernel wired = decode(k);
        KiviStore.Config c = new KiviStore.Config(4, 4, 4, 2);
        KvKernel direct = decode(KernelRecipe.of("direct", k.fit(), null, s -> new MiniCacheKernel(s,
                new MiniCacheKernel.Config(2, 0.5, 0.5), KiviStore.factory(c))));
        KvLedger lw = wired.ledger();
        KvLedger ld = direct.ledger();
        for (int i = 0; i < 4; i++) {
            KvLedger.Layer a = lw.layers().get(i);
            KvLedger.Layer b = ld.layers().get(i);
            assertThat(new long[] {a.keyBytes(), a.valueBytes(), a.metaBytes(), a.fullBytes()})
                    .containsExactly(b.keyBytes(), b.valueBytes(), b.metaBytes(), b.fullBytes());
            assertThat(a.tokenStates()).containsExactly(b.tokenStates());
        }
        // below start_layer (layers / 2 = 2) each layer is plain KIVI over N rows: keys in blocks of one group of 4
        // (residual 2 rounded up), values all but the 2 most recent
        long qk = 4L * (N / 4);
        long qv = N - 2;
        long keys = qk * BHD * 4 / 8 + (N - qk) * BHD * F;
        long values = qv * BHD * 4 / 8 + (N - qv) * BHD * F;
        long meta = (qk / 4) * 2 * BHD * F + qv * 2 * B * H * (D / 4) * F;
        for (int i = 0; i < 2; i++) {
            assertThat(lw.layers().get(i).keyBytes()).isEqualTo(keys);
            assertThat(lw.layers().get(i).valueBytes()).isEqualTo(values);
            assertThat(lw.layers().get(i).metaBytes()).isEqualTo(meta);
        }
        // the merged pair: shared directions in KIVI (m rows), unmerged tokens dense, norms and positions as metadata
        long m = ((MiniCacheKernel) wired).mergedTokens(2);
        long r = N - m;
        long qmk = 4L * (m / 4);
        long qmv = Math.max(0, m - 2);
        long sharedKeys = qmk * BHD * 4 / 8 + (m - qmk) * BHD * F;
        long sharedValues = qmv * BHD * 4 / 8 + (m - qmv) * BHD * F;
        long sharedMeta = (qmk / 4) * 2 * BHD * F + qmv * 2 * B * H * (D / 4) * F;
        KvLedger.Layer a = lw.layers().get(2);
        assertThat(a.keyBytes()).isEqualTo(sharedKeys + r * BHD * F);
        assertThat(a.valueBytes()).isEqualTo(sharedValues + r * BHD * F);
        assertThat(a.metaBytes()).isEqualTo(sharedMeta + m * B * 2 * F + N * F);
        assertThat(lw.layers().get(3).keyBytes()).isEqualTo(r * BHD * F);
        assertThat(lw.bytes()).isEqualTo(ld.bytes());
    }

    @Test
    void aKernelThatSelectsRowsOffersNoStoreAndTheFitCombinesBothNeeds() {
        AttentionKernel hh = NodeBuild.component(KernelNodes.heavyHitter(), Map.of(), Map.of(), AttentionKernel.class);
        assertThat(hh.store()).isNull();
        assertThat(hh.fit().storage()).isFalse();
        AttentionKernel k2 = kivi(2, 32, 8, 32);
        assertThat(k2.fit().headDimDivisor()).isEqualTo(8);
        AttentionKernel mc = NodeBuild.component(KernelNodes.miniCache(), Map.of(), Map.of("inner", k2),
                AttentionKernel.class);
        assertThat(mc.fit().headDimDivisor()).isEqualTo(8);
        assertThat(mc.fit().misfit(48, 4)).isPresent().get().asString().contains("head size is 12");
        assertThat(mc.fit().misfit(64, 4)).isEmpty();
    }
}
