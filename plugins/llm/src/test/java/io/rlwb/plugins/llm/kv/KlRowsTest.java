package io.rlwb.plugins.llm.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KlRowsTest {
    @Test
    void theDivergenceOfTwoDistributionsIsTheirAnalyticKlAndNeverNegative() {
        // Row 0: p = softmax(0, ln 3) = (1/4, 3/4) against q = (1/2, 1/2): KL = 1/4 ln(1/2) + 3/4 ln(3/2).
        // Row 1: float logits a rounding apart (kernels that agree); KL must not come out below zero.
        INDArray full = Nd4j.create(new double[][] {{0, Math.log(3)}, {3.1f, -2.7f}}).castTo(DataType.FLOAT);
        INDArray kernel = Nd4j.create(new double[][] {{1, 1}, {Math.nextUp(3.1f), -2.7f}}).castTo(DataType.FLOAT);
        INDArray kl = KvQuality.klRows(full, kernel);
        assertThat(kl.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(kl.getDouble(0)).isCloseTo(0.25 * Math.log(0.5) + 0.75 * Math.log(1.5), within(1e-7));
        assertThat(kl.getDouble(1)).isGreaterThanOrEqualTo(0.0).isLessThan(1e-12);
        for (int i = 0; i < 200; i++) {
            INDArray a = Nd4j.rand(DataType.FLOAT, 3, 40).muli(8);
            INDArray b = a.add(Nd4j.rand(DataType.FLOAT, 3, 40).muli(1e-6));
            assertThat(KvQuality.klRows(a, b).minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        }
    }
}
