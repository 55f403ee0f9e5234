package io.rlwb.plugins.llm.kv;

import static io.rlwb.plugins.llm.kv.KvFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.nn.layers.DecoderModel;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every kernel with a budget that keeps everything (and, for the quantised ones, a residual that covers the
 * whole sequence) gives the logits of full attention, decoding token by token after a prefill; with a small
 * budget it does not (so the comparison can fail).
 */
class UnlimitedBudgetTest {
    private static final int T = 16;
    private static final int PREFILL = 5;
    /** A residual past the sequence: all T values stay in full precision, and keys wait for a block of 20. */
    private static final KiviStore.Config KIVI_ALL = new KiviStore.Config(4, 4, 4, T + 1);

    static Stream<Arguments> kernels() {
        return Stream.of(
                kernel("full", 2, s -> FullKernel.full(s)),
                kernel("sink-window", 2, s -> new SinkWindowKernel(s, new SinkWindowKernel.Config(4, T), DenseStore.factory())),
                kernel("kivi-4bit", 2, s -> FullKernel.kivi(s, KIVI_ALL)),
                kernel("kivi-2bit", 2, s -> FullKernel.kivi(s, new KiviStore.Config(2, 4, 4, T + 1))),
                kernel("minicache", 2, s -> new MiniCacheKernel(s, new MiniCacheKernel.Config(1, 0, 0.5), DenseStore.factory())),
                kernel("double-sparsity", 2, s -> new DoubleSparsityKernel(s, new DoubleSparsityKernel.Config(8, T),
                        DoubleSparsityKernel.Calibration.all(s))),
                kernel("sentence-kv", 1, s -> new SentenceKvKernel(s, new SentenceKvKernel.Config(Set.of(DOT), T))),
                kernel("heavy-hitter", 2, s -> new HeavyHitterKernel(s, new HeavyHitterKernel.Config(T, 0))),
                kernel("sink-window+kivi", 2, s -> new SinkWindowKernel(s, new SinkWindowKernel.Config(2, T), KiviStore.factory(KIVI_ALL))),
                kernel("minicache+kivi", 2, s -> new MiniCacheKernel(s, new MiniCacheKernel.Config(2, 0, 0.5), KiviStore.factory(KIVI_ALL))));
    }

    private static Arguments kernel(String name, int batch, Function<KvShape, KvKernel> make) {
        return Arguments.of(name, batch, make);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void unlimitedBudgetEqualsFullAttention(String name, int batch, Function<KvShape, KvKernel> make) {
        DecoderModel m = model(DataType.DOUBLE);
        INDArray ids = ids(3, batch, T);
        KvKernel k = make.apply(KvShape.of(m, batch));
        INDArray got = decode(m, ids, PREFILL, k);
        assertThat(maxDiff(got, reference(m, ids))).as(name).isLessThan(1e-9);
        assertThat(k.position()).isEqualTo(T);
        assertThat(k.ledger().layers()).allSatisfy(l -> assertThat(l.tokenStates()).hasSize(T));
    }

    static Stream<Arguments> smallBudgets() {
        return Stream.of(
                kernel("sink-window", 2, s -> new SinkWindowKernel(s, new SinkWindowKernel.Config(1, 3), DenseStore.factory())),
                kernel("kivi-2bit", 2, s -> FullKernel.kivi(s, new KiviStore.Config(2, 4, 4, 0))),
                kernel("minicache", 2, s -> new MiniCacheKernel(s, new MiniCacheKernel.Config(0, 1, 0.5), DenseStore.factory())),
                kernel("double-sparsity", 2, s -> new DoubleSparsityKernel(s, new DoubleSparsityKernel.Config(2, 3),
                        DoubleSparsityKernel.Calibration.all(s))),
                kernel("sentence-kv", 1, s -> new SentenceKvKernel(s, new SentenceKvKernel.Config(Set.of(DOT), 3))),
                kernel("heavy-hitter", 2, s -> new HeavyHitterKernel(s, new HeavyHitterKernel.Config(2, 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallBudgets")
    void aSmallBudgetChangesTheLogits(String name, int batch, Function<KvShape, KvKernel> make) {
        DecoderModel m = model(DataType.DOUBLE);
        INDArray ids = ids(3, batch, T);
        INDArray got = decode(m, ids, PREFILL, make.apply(KvShape.of(m, batch)));
        assertThat(maxDiff(got, reference(m, ids))).as(name).isGreaterThan(1e-6);
    }
}
