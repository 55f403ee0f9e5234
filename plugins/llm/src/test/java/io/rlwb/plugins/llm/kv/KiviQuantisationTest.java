package io.rlwb.plugins.llm.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.nn.autodiff.Broadcast;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** KIVI's quantisation: exact bit packing, and dequantisation error within half a quantisation step. */
class KiviQuantisationTest {
    @Test
    void packingRoundTripsEveryCode() {
        for (int bits : new int[] {2, 4}) {
            Nd4j.getRandom().setSeed(5);
            INDArray codes = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 16).muli((1 << bits) - 0.001).castTo(DataType.INT)
                    .castTo(DataType.FLOAT);
            INDArray packed = Quantizer.pack(codes, bits);
            assertThat(packed.dataType()).isEqualTo(DataType.UBYTE);
            assertThat(packed.shape()).containsExactly(2, 3, 5, 16 * bits / 8);
            assertThat(Quantizer.unpack(packed, bits, DataType.FLOAT)).isEqualTo(codes);
            assertThat(codes.maxNumber().intValue()).isEqualTo((1 << bits) - 1);
        }
        // first code in the high bits: codes 1, 2, 3, 0 at 2 bits -> 0b01101100
        INDArray one = Nd4j.createFromArray(new float[] {1, 2, 3, 0}).reshape(1, 4);
        assertThat(Quantizer.pack(one, 2).castTo(DataType.INT).getInt(0)).isEqualTo(0b01101100);
    }

    @Test
    void storeErrorIsWithinHalfAStepPerGroup() {
        for (int bits : new int[] {2, 4}) {
            int g = 4;
            int gv = 4;
            KvShape s = new KvShape(1, 2, 2, 8, DataType.DOUBLE);
            KiviStore store = new KiviStore(1, s, new KiviStore.Config(bits, g, gv, 3));
            Nd4j.getRandom().setSeed(9);
            INDArray k = Nd4j.randn(DataType.DOUBLE, 2, 2, 13, 8).muli(3);
            INDArray v = Nd4j.randn(DataType.DOUBLE, 2, 2, 13, 8);
            store.append(0, k.get(range(0, 6)), v.get(range(0, 6)));
            for (int i = 6; i < 13; i++) store.append(0, k.get(range(i, i + 1)), v.get(range(i, i + 1)));
            // keys: whole groups of 4 (residual 3 rounds up to one group); values: all but the 3 most recent
            assertThat(store.quantisedKeyRows(0)).isEqualTo(12);
            assertThat(store.quantisedValueRows(0)).isEqualTo(10);
            INDArray[] back = store.read(0);
            double levels = (1 << bits) - 1;
            // keys: per channel over each group of g tokens
            INDArray kq = k.get(range(0, 12)).reshape(2, 2, 3, g, 8);
            INDArray kStep = kq.max(true, 3).sub(kq.min(true, 3)).divi(levels);
            INDArray kErr = Broadcast.div(back[0].get(range(0, 12)).reshape(2, 2, 3, g, 8).sub(kq), kStep);
            assertThat(kErr.amaxNumber().doubleValue()).as("%d-bit keys", bits).isLessThanOrEqualTo(0.5 + 1e-9);
            // values: per token over each group of gv channels
            INDArray vq = v.get(range(0, 10)).reshape(2, 2, 10, 8 / gv, gv);
            INDArray vStep = vq.max(true, 4).sub(vq.min(true, 4)).divi(levels);
            INDArray vErr = Broadcast.div(back[1].get(range(0, 10)).reshape(2, 2, 10, 8 / gv, gv).sub(vq), vStep);
            assertThat(vErr.amaxNumber().doubleValue()).as("%d-bit values", bits).isLessThanOrEqualTo(0.5 + 1e-9);
            // not exact: the codes do lose information
            assertThat(back[0].get(range(0, 12)).sub(k.get(range(0, 12))).amaxNumber().doubleValue()).isGreaterThan(1e-3);
            assertThat(back[1].get(range(0, 10)).sub(v.get(range(0, 10))).amaxNumber().doubleValue()).isGreaterThan(1e-3);
            // the full-precision keys and values are exact
            assertThat(back[0].get(range(12, 13))).isEqualTo(k.get(range(12, 13)));
            assertThat(back[1].get(range(10, 13))).isEqualTo(v.get(range(10, 13)));
        }
    }

    /**
     * KIVI's streaming rule, one token at a time: exactly the {@code residual} most recent values in full
     * precision at every length, keys quantised a block of {@code keyBlock} at a time ({@code n mod keyBlock} in
     * full precision); and what is held depends only on the length, not on how the rows arrived (a prefill of
     * {@code n} rows holds and reads what {@code n} single appends do, as KIVI's prefill and decode agree).
     */
    @Test
    void streamingKeepsExactlyTheResidualOfValuesAndWholeBlocksOfKeys() {
        KvShape s = new KvShape(1, 1, 2, 8, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(4);
        INDArray k = Nd4j.randn(DataType.DOUBLE, 1, 2, 40, 8);
        INDArray v = Nd4j.randn(DataType.DOUBLE, 1, 2, 40, 8);
        for (int[] p : new int[][] {{4, 4, 8}, {4, 8, 2}, {4, 4, 0}, {4, 4, 5}}) {
            KiviStore.Config c = new KiviStore.Config(4, p[0], p[1], p[2]);
            int block = p[0] * Math.max(1, (p[2] + p[0] - 1) / p[0]);
            assertThat(c.keyBlock()).isEqualTo(block);
            KiviStore step = new KiviStore(1, s, c);
            for (int n = 1; n <= 40; n++) {
                step.append(0, k.get(range(n - 1, n)), v.get(range(n - 1, n)));
                assertThat(step.quantisedValueRows(0)).as("%s at %d", c, n).isEqualTo(Math.max(0, n - p[2]));
                assertThat(step.quantisedKeyRows(0)).as("%s at %d", c, n).isEqualTo((long) block * (n / block));
                KiviStore prefill = new KiviStore(1, s, c);
                prefill.append(0, k.get(range(0, n)), v.get(range(0, n)));
                assertThat(prefill.bytes(0)).isEqualTo(step.bytes(0));
                INDArray[] a = prefill.read(0);
                INDArray[] b = step.read(0);
                assertThat(a[0]).isEqualTo(b[0]);
                assertThat(a[1]).isEqualTo(b[1]);
                assertThat(b[0].size(2)).isEqualTo(n);
            }
        }
        assertThat(new KiviStore.Config(2, 32, 16, 128).keyBlock()).isEqualTo(128); // KIVI's own setting
        assertThat(new KiviStore.Config(2, 32, 16, 8).keyBlock()).isEqualTo(32);
        assertThat(new KiviStore.Config(2, 32, 16, 40).keyBlock()).isEqualTo(64);
    }

    @Test
    void halfScalesAddOnlyTheirRounding() {
        KvShape s = new KvShape(1, 2, 2, 8, DataType.FLOAT);
        KiviStore store = new KiviStore(1, s, new KiviStore.Config(4, 4, 4, 0).withScales(DataType.HALF));
        Nd4j.getRandom().setSeed(3);
        INDArray k = Nd4j.randn(DataType.FLOAT, 2, 2, 8, 8).muli(3).addi(1);
        store.append(0, k, k);
        INDArray back = store.read(0)[0];
        INDArray kq = k.reshape(2, 2, 2, 4, 8);
        double step = kq.max(true, 3).sub(kq.min(true, 3)).divi(15).maxNumber().doubleValue();
        double err = back.sub(k).amaxNumber().doubleValue();
        assertThat(err).isLessThanOrEqualTo(0.5005 * step + 1e-3 * k.amaxNumber().doubleValue());
        assertThat(store.describe()).isEqualTo("kivi-4bit-half-scales");
        // scales and zero points take 2 bytes: keys 2 groups x 2 x 2 x 8, values 8 tokens x 2 x 2 x 2 groups, twice
        assertThat(store.bytes(0).meta()).isEqualTo(2 * (2L * 2 * 2 * 8 + 8L * 2 * 2 * 2) * 2);
    }

    @Test
    void aConstantGroupComesBackExactly() {
        KvShape s = new KvShape(1, 1, 1, 4, DataType.FLOAT);
        KiviStore store = new KiviStore(1, s, new KiviStore.Config(2, 2, 2, 0));
        INDArray k = Nd4j.valueArrayOf(new long[] {1, 1, 2, 4}, 1.25f, DataType.FLOAT);
        store.append(0, k, k);
        assertThat(store.read(0)[0]).isEqualTo(k);
        assertThat(store.read(0)[1]).isEqualTo(k);
    }

    @Test
    void badParametersAreNamed() {
        assertThatThrownBy(() -> new KiviStore.Config(3, 32, 16, 32)).hasMessageContaining("bits: 3");
        assertThatThrownBy(() -> new KiviStore.Config(4, 0, 16, 32)).hasMessageContaining("group");
        assertThatThrownBy(() -> new KiviStore.Config(4, 32, 16, 32, DataType.INT)).hasMessageContaining("scaleType: INT");
        KvShape s = new KvShape(1, 1, 1, 8, DataType.FLOAT);
        assertThatThrownBy(() -> new KiviStore(1, s, new KiviStore.Config(4, 4, 3, 0)))
                .hasMessageContaining("valueGroup: 3 does not divide the head size 8");
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex[] range(long a, long b) {
        return new org.nd4j.linalg.indexing.INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(a, b), NDArrayIndex.all()};
    }
}
