package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class HostArraysTest {
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void readWriteAndZeroAgreeWithNd4jInRowMajorOrder(DataType dt) {
        INDArray a = Nd4j.arange(12).castTo(dt).reshape('c', 3, 4);
        double[] buf = new double[20];
        HostArrays.read(a, buf);
        for (int i = 0; i < 12; i++) assertThat(buf[i]).isEqualTo(i);
        for (int i = 0; i < 12; i++) buf[i] = -2 * i;
        HostArrays.write(a, buf);
        assertThat(a.getDouble(2, 3)).isEqualTo(-22);
        assertThat(a.getDouble(1, 0)).isEqualTo(-8);
        assertThat(HostArrays.sumOfSquares(a, buf)).isEqualTo(4 * (0 + 1 + 4 + 9 + 16 + 25 + 36 + 49 + 64 + 81 + 100 + 121));
        HostArrays.zero(a);
        assertThat(a.sumNumber().doubleValue()).isZero();
    }

    @Test
    void viewsFallBackToNd4jCopiesAndStillLandInTheRightPlaces() {
        INDArray base = Nd4j.arange(20).castTo(DataType.FLOAT).reshape('c', 4, 5);
        INDArray view = base.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(2, 4)); // [[7,8],[12,13]]
        double[] buf = new double[4];
        HostArrays.read(view, buf);
        assertThat(buf).containsExactly(7, 8, 12, 13);
        HostArrays.write(view, new double[] {-1, -2, -3, -4});
        assertThat(base.getDouble(1, 2)).isEqualTo(-1);
        assertThat(base.getDouble(2, 3)).isEqualTo(-4);
        assertThat(base.getDouble(0, 0)).isEqualTo(0);
        HostArrays.zero(view);
        assertThat(base.getDouble(2, 2)).isZero();
        assertThat(base.getDouble(3, 4)).isEqualTo(19);
    }

    @Test
    void elementsReadCountsEachReadsElementsAndWritesNone() {
        INDArray m = Nd4j.rand(DataType.FLOAT, 3, 4);
        long before = HostArrays.elementsRead();
        HostArrays.toDoubles(m);
        assertThat(HostArrays.elementsRead() - before).isEqualTo(12);
        HostArrays.readFloats(m, new float[12]);
        HostArrays.scalar(m.sum());
        HostArrays.toDoubles(m.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all())); // a view: 8 elements
        assertThat(HostArrays.elementsRead() - before).isEqualTo(12 + 12 + 1 + 8);
        HostArrays.write(m, new double[12]);
        assertThat(HostArrays.elementsRead() - before).isEqualTo(33);
    }
}
