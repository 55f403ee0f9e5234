package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class GradClipTest {

    private static List<Parameter> gradients345And12() {
        Parameter a = new Parameter("a", Nd4j.zeros(DataType.DOUBLE, 1, 2));
        Parameter b = new Parameter("b", Nd4j.zeros(DataType.FLOAT, 2, 1));
        a.grad().assign(Nd4j.create(new double[] {3, 4}, new long[] {1, 2}, DataType.DOUBLE));
        b.grad().assign(Nd4j.create(new float[] {0, 12}, new long[] {2, 1}, DataType.FLOAT));
        return List.of(a, b); // global norm sqrt(9 + 16 + 144) = 13
    }

    @Test
    void gradientsAboveTheMaximumNormAreScaledDownToIt() {
        List<Parameter> ps = gradients345And12();
        double norm = GradClip.clipGradNorm(ps, 6.5);
        assertThat(norm).isCloseTo(13.0, within(1e-12));
        double scale = 6.5 / (13.0 + 1e-6);
        assertThat(ps.get(0).grad().getDouble(0, 0)).isCloseTo(3 * scale, within(1e-12));
        assertThat(ps.get(0).grad().getDouble(0, 1)).isCloseTo(4 * scale, within(1e-12));
        assertThat(ps.get(1).grad().getDouble(1, 0)).isCloseTo(12 * scale, within(1e-5));
        assertThat(GradClip.clipGradNorm(ps, 100)).isCloseTo(6.5, within(1e-5));
    }

    @Test
    void gradientsWithinTheMaximumNormAreLeftAlone() {
        List<Parameter> ps = gradients345And12();
        assertThat(GradClip.clipGradNorm(ps, 13.5)).isCloseTo(13.0, within(1e-12));
        assertThat(ps.get(0).grad().getDouble(0, 1)).isEqualTo(4.0);
        assertThat(ps.get(1).grad().getDouble(1, 0)).isEqualTo(12.0);
    }
}
