package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class AdamTest {

    private static Parameter param(double... values) {
        return new Parameter("p", Nd4j.create(values, new long[] {1, values.length}, DataType.DOUBLE));
    }

    @Test
    void twoStepsMatchPyTorchsFormulaComputedByHand() {
        double lr = 0.1;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-5;
        Parameter p = param(1.0, -2.0);
        Adam adam = new Adam(List.of(p), lr, b1, b2, eps, false);

        // Step 1, gradient (0.5, -3).
        p.grad().assign(Nd4j.create(new double[] {0.5, -3.0}, new long[] {1, 2}, DataType.DOUBLE));
        adam.step(0.0);
        // m1 = 0.1 g, v1 = 0.001 g^2; m_hat = g, v_hat = g^2; p -= lr * g / (|g| + eps).
        double p0 = 1.0 - lr * 0.5 / (0.5 + eps);
        double q0 = -2.0 - lr * -3.0 / (3.0 + eps);
        assertThat(p.value().getDouble(0, 0)).isCloseTo(p0, within(1e-12));
        assertThat(p.value().getDouble(0, 1)).isCloseTo(q0, within(1e-12));

        // Step 2, gradient (-1, 2).
        p.grad().assign(Nd4j.create(new double[] {-1.0, 2.0}, new long[] {1, 2}, DataType.DOUBLE));
        adam.step(0.0);
        double m0 = 0.9 * (0.1 * 0.5) + 0.1 * -1.0;      // -0.055
        double v0 = 0.999 * (0.001 * 0.25) + 0.001 * 1.0; // 0.00124975
        double m1 = 0.9 * (0.1 * -3.0) + 0.1 * 2.0;       // -0.07
        double v1 = 0.999 * (0.001 * 9.0) + 0.001 * 4.0;  // 0.012991
        double bc1 = 1 - 0.9 * 0.9;
        double bc2 = 1 - 0.999 * 0.999;
        p0 -= lr / bc1 * m0 / (Math.sqrt(v0) / Math.sqrt(bc2) + eps);
        q0 -= lr / bc1 * m1 / (Math.sqrt(v1) / Math.sqrt(bc2) + eps);
        assertThat(p.value().getDouble(0, 0)).isCloseTo(p0, within(1e-12));
        assertThat(p.value().getDouble(0, 1)).isCloseTo(q0, within(1e-12));
        assertThat(adam.steps()).isEqualTo(2);
        assertThat(adam.currentLearningRate()).isEqualTo(lr);
    }

    @Test
    void annealingHalvesTheLearningRateHalfwayThroughTraining() {
        Parameter annealed = param(0.0);
        Parameter constant = param(0.0);
        Adam a = new Adam(List.of(annealed), 0.01, true);
        Adam c = new Adam(List.of(constant), 0.01, false);
        annealed.grad().assign(1.0);
        constant.grad().assign(1.0);
        a.step(0.5);
        c.step(0.5);
        assertThat(a.currentLearningRate()).isCloseTo(0.005, within(1e-15));
        assertThat(c.currentLearningRate()).isEqualTo(0.01);
        // The first Adam step moves by lr * g / (|g| + eps): half as far with half the rate.
        assertThat(annealed.value().getDouble(0)).isCloseTo(0.5 * constant.value().getDouble(0), within(1e-15));
        a.step(1.0);
        assertThat(a.currentLearningRate()).isZero();
        a.step(1.5);
        assertThat(a.currentLearningRate()).as("progress beyond 1 is clamped").isZero();
    }

    @Test
    void floatParametersAndViewsAreUpdatedLikeDoubles() {
        Parameter dbl = param(0.25, -0.5, 1.0, 2.0);
        Parameter flt = new Parameter("f", dbl.value().castTo(DataType.FLOAT).dup());
        INDArray backing = Nd4j.zeros(DataType.DOUBLE, 3, 4);
        INDArray view = backing.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all());
        view.assign(dbl.value());
        Parameter viewed = new Parameter("v", view);
        List<Parameter> all = List.of(dbl, flt, viewed);
        Adam adam = new Adam(all, 0.05, false);
        for (int step = 0; step < 3; step++) {
            for (Parameter p : all) {
                p.grad().assign(Nd4j.create(new double[] {0.3, -1.0, 2.0, step}, new long[] {1, 4}, DataType.DOUBLE));
            }
            adam.step(0.0);
        }
        assertThat(flt.value().castTo(DataType.DOUBLE).equalsWithEps(dbl.value(), 1e-6)).isTrue();
        assertThat(view.equalsWithEps(dbl.value(), 1e-12)).isTrue();
        assertThat(backing.getRow(0).sumNumber().doubleValue()).as("rows outside the view untouched").isZero();
        assertThat(backing.getRow(2).sumNumber().doubleValue()).isZero();
    }
}
