package io.rlwb.plugins.llm.kv;

import static io.rlwb.plugins.llm.kv.KvFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.engine.telemetry.KvCacheSnapshot;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Each kernel's ledger, which is read off the arrays it holds, equals the analytic formula for its parameters
 * after a prefill and single-token decoding. The model runs in double precision: 8-byte elements, while the
 * full fp32 reference counts 4.
 */
class LedgerTest {
    private static final int N = 17;
    private static final int B = 2;
    private static final long H = 2;
    private static final long D = 8;
    private static final long W = 8; // bytes of a double
    private static final long BHD = B * H * D;
    private static DecoderModel model;

    @BeforeAll
    static void build() {
        model = model(DataType.DOUBLE);
    }

    private static KvLedger run(KvKernel k) {
        decode(model, ids(11, (int) k.shape().batch(), N), 5, k);
        KvLedger l = k.ledger();
        assertThat(l.position()).isEqualTo(N);
        return l;
    }

    private static KvShape shape(int batch) {
        return KvShape.of(model, batch);
    }

    private static void fullReference(KvLedger l, int batch) {
        assertThat(l.layers()).allSatisfy(x -> assertThat(x.fullBytes()).isEqualTo(2L * batch * H * D * 4 * N));
        assertThat(l.bytesFull()).isEqualTo(4L * 2 * batch * H * D * 4 * N);
    }

    private static void tokens(KvLedger.Layer x, long retained) {
        assertThat(x.tokensPerHead()).containsOnly((int) retained).hasSize((int) H);
    }

    @Test
    void fullCacheHoldsEveryTokenAndReadsItAll() {
        KvLedger l = run(FullKernel.full(shape(B)));
        fullReference(l, B);
        for (KvLedger.Layer x : l.layers()) {
            assertThat(x.keyBytes()).isEqualTo(N * BHD * W);
            assertThat(x.valueBytes()).isEqualTo(N * BHD * W);
            assertThat(x.metaBytes()).isZero();
            assertThat(x.bytesRead()).isEqualTo(2 * N * BHD * W);
            tokens(x, N);
        }
        assertThat(l.compressionRatio()).isEqualTo(0.5); // doubles against fp32
    }

    @Test
    void sinkWindowHoldsSinksAndTheWindow() {
        int sinks = 3;
        int window = 7;
        KvLedger l = run(new SinkWindowKernel(shape(B), new SinkWindowKernel.Config(sinks, window), DenseStore.factory()));
        fullReference(l, B);
        for (KvLedger.Layer x : l.layers()) {
            assertThat(x.keyBytes()).isEqualTo((sinks + window) * BHD * W);
            assertThat(x.valueBytes()).isEqualTo((sinks + window) * BHD * W);
            assertThat(x.metaBytes()).isZero();
            tokens(x, sinks + window);
            assertThat(count(x, KvCacheSnapshot.RETAINED)).isEqualTo(sinks + window);
            assertThat(x.tokenStates()[sinks]).isEqualTo(KvCacheSnapshot.EVICTED);
            assertThat(x.tokenStates()[N - 1]).isEqualTo(KvCacheSnapshot.RETAINED);
        }
    }

    /**
     * KIVI bytes for {@code n} rows appended: {keys, values, meta, rows whose key or value is quantised}. Keys are
     * quantised in blocks of {@code K} (the residual rounded up to whole groups), {@code q_k = K floor(n / K)};
     * values per token once they leave the residual, {@code q_v = max(0, n - residual)}.
     */
    private static long[] kivi(KiviStore.Config c, long n, int batch) {
        long bhd = batch * H * D;
        long block = (long) c.group() * Math.max(1, (c.residual() + c.group() - 1) / c.group());
        long qk = block * (n / block);
        long qv = Math.max(0, n - c.residual());
        long keys = qk * bhd * c.bits() / 8 + (n - qk) * bhd * W;
        long values = qv * bhd * c.bits() / 8 + (n - qv) * bhd * W;
        long meta = (qk / c.group()) * 2 * bhd * W + qv * 2 * batch * H * (D / c.valueGroup()) * W;
        return new long[] {keys, values, meta, Math.max(qk, qv)};
    }

    @Test
    void kiviHoldsPackedCodesScalesAndTheResidual() {
        for (int bits : new int[] {2, 4}) {
            // {residual, quantised keys, quantised values} of 17 rows with groups of 4. Residual 5: keys wait for
            // blocks of 8; residual 12, a multiple of the group as KIVI requires: blocks of 12, so 5 keys stay in
            // full precision; residual 0: keys still wait for whole groups, values are all quantised
            for (int[] p : new int[][] {{5, 16, 12}, {12, 12, 5}, {0, 16, 17}}) {
                KiviStore.Config c = new KiviStore.Config(bits, 4, 4, p[0]);
                KvLedger l = run(FullKernel.kivi(shape(B), c));
                long[] e = kivi(c, N, B);
                assertThat(e[0]).isEqualTo(p[1] * BHD * bits / 8 + (N - p[1]) * BHD * W);
                assertThat(e[3]).isEqualTo(Math.max(p[1], p[2]));
                assertThat(e[1]).isEqualTo(p[2] * BHD * bits / 8 + (N - p[2]) * BHD * W);
                fullReference(l, B);
                for (KvLedger.Layer x : l.layers()) {
                    assertThat(x.keyBytes()).as("%d bits, residual %d", bits, p[0]).isEqualTo(e[0]);
                    assertThat(x.valueBytes()).isEqualTo(e[1]);
                    assertThat(x.metaBytes()).isEqualTo(e[2]);
                    assertThat(x.bytesRead()).isEqualTo(e[0] + e[1] + e[2]);
                    assertThat(count(x, KvCacheSnapshot.QUANTISED)).isEqualTo(e[3]);
                    tokens(x, N);
                }
            }
        }
    }

    @Test
    void heavyHittersHoldTheBudgetWithScoresAndPositions() {
        KvLedger l = run(new HeavyHitterKernel(shape(B), new HeavyHitterKernel.Config(4, 5)));
        for (KvLedger.Layer x : l.layers()) {
            assertThat(x.keyBytes()).isEqualTo(9 * BHD * W);
            assertThat(x.valueBytes()).isEqualTo(9 * BHD * W);
            assertThat(x.metaBytes()).isEqualTo(9 * 2 * W);
            assertThat(count(x, KvCacheSnapshot.RETAINED)).isEqualTo(9);
            for (int p = N - 4; p < N; p++) assertThat(x.tokenStates()[p]).isEqualTo(KvCacheSnapshot.RETAINED);
            tokens(x, 9);
        }
    }

    @Test
    void doubleSparsityHoldsLabelsAndReadsOnlyItsTokens() {
        int r = 2;
        int k = 6;
        KvLedger l = run(new DoubleSparsityKernel(shape(B), new DoubleSparsityKernel.Config(r, k),
                DoubleSparsityKernel.Calibration.all(shape(B))));
        for (KvLedger.Layer x : l.layers()) {
            assertThat(x.keyBytes()).isEqualTo(N * BHD * W);
            long meta = N * B * H * r * W + B * H * D * r * W;
            assertThat(x.metaBytes()).isEqualTo(meta);
            assertThat(x.bytesRead()).isEqualTo(N * B * H * r * W + B * H * D * r * W + k * 2 * BHD * W);
        }
    }

    @Test
    void sentenceKvHoldsOneVectorPerSentence() {
        KvLedger l = run(new SentenceKvKernel(shape(1), new SentenceKvKernel.Config(Set.of(DOT), 6)));
        long sentences = N / 5; // a delimiter at every fifth position
        for (KvLedger.Layer x : l.layers()) {
            assertThat(x.keyBytes()).isEqualTo(N * H * D * W);
            assertThat(x.metaBytes()).isEqualTo(sentences * H * D * W + N * 4L);
            assertThat(x.bytesRead()).isEqualTo(sentences * H * D * W + N * 4L + 6 * 2 * H * D * W);
        }
    }

    @Test
    void miniCacheSharesDirectionsAndKeepsNormsPerLayer() {
        MiniCacheKernel k = new MiniCacheKernel(shape(B), new MiniCacheKernel.Config(1, 0.5, 0.5), DenseStore.factory());
        KvLedger l = run(k);
        // layers 0 and 3 are unpaired (start 1: the pair is 1, 2)
        for (int layer : new int[] {0, 3}) {
            assertThat(l.layers().get(layer).keyBytes()).isEqualTo(N * BHD * W);
            assertThat(l.layers().get(layer).metaBytes()).isZero();
        }
        long m = k.mergedTokens(1);
        long r = N - m;
        assertThat(m).isPositive();
        assertThat(r).isPositive();
        assertThat(k.retainedPositions(1)).hasSize((int) r);
        KvLedger.Layer a = l.layers().get(1);
        KvLedger.Layer b = l.layers().get(2);
        assertThat(a.keyBytes()).isEqualTo(m * BHD * W + r * BHD * W);
        assertThat(a.metaBytes()).isEqualTo(m * B * 2 * W + N * W);
        assertThat(b.keyBytes()).isEqualTo(r * BHD * W);
        assertThat(b.valueBytes()).isEqualTo(r * BHD * W);
        assertThat(b.metaBytes()).isEqualTo(m * B * 2 * W);
        assertThat(count(b, KvCacheSnapshot.MERGED)).isEqualTo(m);
        assertThat(count(b, KvCacheSnapshot.RETAINED)).isEqualTo(r);
        tokens(b, N);
    }

    @Test
    void miniCacheOverKiviIsExact() {
        KiviStore.Config c = new KiviStore.Config(4, 4, 4, 2);
        MiniCacheKernel k = new MiniCacheKernel(shape(B), new MiniCacheKernel.Config(2, 0.5, 0.5), KiviStore.factory(c));
        KvLedger l = run(k);
        for (int layer : new int[] {0, 1}) {
            long[] e = kivi(c, N, B);
            assertThat(l.layers().get(layer).keyBytes()).isEqualTo(e[0]);
            assertThat(l.layers().get(layer).metaBytes()).isEqualTo(e[2]);
        }
        long m = k.mergedTokens(2);
        long r = N - m;
        long[] e = kivi(c, m, B);
        KvLedger.Layer a = l.layers().get(2);
        assertThat(a.keyBytes()).isEqualTo(e[0] + r * BHD * W);
        assertThat(a.valueBytes()).isEqualTo(e[1] + r * BHD * W);
        assertThat(a.metaBytes()).isEqualTo(e[2] + m * B * 2 * W + N * W);
        assertThat(l.layers().get(3).keyBytes()).isEqualTo(r * BHD * W);
        assertThat(l.bytes()).isEqualTo(l.layers().stream().mapToLong(KvLedger.Layer::bytes).sum());
        assertThat(k.name()).isEqualTo("minicache+kivi-4bit");
    }

    @Test
    void sinkWindowOverKiviIsExact() {
        KiviStore.Config c = new KiviStore.Config(2, 4, 4, 3);
        int window = 9;
        KvLedger l = run(new SinkWindowKernel(shape(B), new SinkWindowKernel.Config(2, window), KiviStore.factory(c)));
        // the inner store's counts, replayed: rows after the 2 sinks arrive (3 in the prefill of 5, then one a
        // step); keys quantise in blocks of 4 (residual 3 rounded up to a group), values once 3 newer ones exist;
        // after each pass rows over the window go: whole key groups while the drop ends inside quantised keys
        long kq = 0;
        long kr = 0;
        long vq = 0;
        long vr = 0;
        for (int pass = 0; pass <= N - 5; pass++) {
            long t = pass == 0 ? 3 : 1;
            kr += t;
            vr += t;
            while (kr >= 4) {
                kr -= 4;
                kq += 4;
            }
            vq += Math.max(0, vr - 3);
            vr = Math.min(vr, 3);
            long over = kq + kr - window;
            if (over > 0) {
                long r = over < kq ? 4 * (over / 4) : over;
                long kd = Math.min(r, kq);
                kq -= kd;
                kr -= r - kd;
                long vd = Math.min(r, vq);
                vq -= vd;
                vr -= r - vd;
            }
        }
        assertThat(kq + kr).isEqualTo(vq + vr).isBetween((long) window, window + 3L);
        assertThat(kq).isPositive();
        assertThat(vq).isPositive();
        for (KvLedger.Layer x : l.layers()) {
            assertThat(x.keyBytes()).isEqualTo(2 * BHD * W + kq * BHD * c.bits() / 8 + kr * BHD * W);
            assertThat(x.valueBytes()).isEqualTo(2 * BHD * W + vq * BHD * c.bits() / 8 + vr * BHD * W);
            assertThat(x.metaBytes()).isEqualTo((kq / c.group()) * 2 * BHD * W + vq * 2 * B * H * (D / c.valueGroup()) * W);
            assertThat(count(x, KvCacheSnapshot.QUANTISED)).isEqualTo(Math.max(kq, vq));
            assertThat(count(x, KvCacheSnapshot.RETAINED)).isEqualTo(2 + kq + kr - Math.max(kq, vq));
            tokens(x, 2 + kq + kr);
        }
    }

    @Test
    void snapshotCarriesTheLedger() {
        FullKernel k = FullKernel.kivi(shape(B), new KiviStore.Config(4, 4, 4, 5));
        KvLedger l = run(k);
        KvCacheSnapshot s = k.snapshot("kv1", 17, 0.9, 0.01);
        assertThat(s.kernel()).isEqualTo("kv1");
        assertThat(s.decodeStep()).isEqualTo(17);
        assertThat(s.top1Agreement()).isEqualTo(0.9);
        assertThat(s.layers()).hasSize(4);
        assertThat(s.bytes()).isEqualTo(l.bytes());
        assertThat(s.bytesFull()).isEqualTo(l.bytesFull());
        assertThat(s.layers().get(2).tokenStates()).hasSize(N).contains(KvCacheSnapshot.QUANTISED, KvCacheSnapshot.RETAINED);
    }

    private static long count(KvLedger.Layer x, byte state) {
        long c = 0;
        for (byte b : x.tokenStates()) if (b == state) c++;
        return c;
    }
}
