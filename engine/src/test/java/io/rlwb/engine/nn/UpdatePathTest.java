package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The device path (ND4J ops) and the CPU host path (Java loops) compute the same numbers. */
class UpdatePathTest {

    private static List<Parameter> params(DataType dt) {
        Mlp net = new Mlp(3, new int[] {5, 4}, 2, Activation.TANH, Math.sqrt(2), 0.01, 3, dt);
        List<Parameter> ps = new ArrayList<>(net.parameters());
        ps.add(new Parameter("loose", Nd4j.create(new double[] {0.5, -1.5, 2.0}, new long[] {3}, DataType.DOUBLE)));
        return ps;
    }

    private static void fillGrads(List<Parameter> ps, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Parameter p : ps) {
            double[] g = new double[(int) p.size()];
            for (int i = 0; i < g.length; i++) g[i] = scale * (r.nextDouble() - 0.5);
            p.grad().assign(Nd4j.create(g, p.grad().shape(), p.grad().dataType()));
        }
    }

    private static double[] flat(List<Parameter> ps, boolean grads) {
        List<Double> out = new ArrayList<>();
        for (Parameter p : ps) for (double d : HostArrays.toDoubles(grads ? p.grad() : p.value())) out.add(d);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void adamGivesTheSameBitsOnBothPathsInFloatAndDouble() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            List<Parameter> a = params(dt);
            List<Parameter> b = params(dt);
            Adam host = new Adam(a, 0.03, 0.9, 0.999, 1e-5, true, UpdatePath.HOST);
            Adam device = new Adam(b, 0.03, 0.9, 0.999, 1e-5, true, UpdatePath.DEVICE);
            for (int step = 0; step < 20; step++) {
                fillGrads(a, step, 2.0);
                fillGrads(b, step, 2.0);
                host.step(step / 25.0);
                device.step(step / 25.0);
            }
            assertThat(flat(b, false)).as(dt.toString()).containsExactly(flat(a, false));
            assertThat(device.currentLearningRate()).isEqualTo(host.currentLearningRate());
            // The moments agree too.
            host.tensors().forEach((k, v) -> assertThat(HostArrays.toDoubles(device.tensors().get(k)))
                    .as(k).containsExactly(HostArrays.toDoubles(v)));
        }
    }

    @Test
    void clippingAgreesOnBothPathsAndFollowsPyTorch() {
        List<Parameter> a = params(DataType.FLOAT);
        List<Parameter> b = params(DataType.FLOAT);
        fillGrads(a, 9, 4.0);
        fillGrads(b, 9, 4.0);
        double[] g0 = flat(a, true);
        double sq = 0;
        for (double g : g0) sq += g * g;
        double norm = Math.sqrt(sq);
        double hostNorm = GradClip.clipGradNorm(a, 0.5, UpdatePath.HOST);
        double deviceNorm = HostArrays.scalar(GradClip.clipOnDevice(b, 0.5));
        assertThat(hostNorm).isCloseTo(norm, within(1e-12));
        assertThat(deviceNorm).isCloseTo(norm, within(1e-12));
        double[] ga = flat(a, true);
        double[] gb = flat(b, true);
        double coef = 0.5 / (norm + 1e-6);
        for (int i = 0; i < ga.length; i++) {
            assertThat(ga[i]).isCloseTo(g0[i] * coef, within(1e-6 * Math.abs(g0[i]) + 1e-12));
            assertThat(gb[i]).isCloseTo(ga[i], within(Math.ulp((float) ga[i]) * 1.0 + 1e-300));
        }
        // Under the limit nothing changes, exactly.
        double[] before = flat(b, true);
        GradClip.clipOnDevice(b, 100);
        assertThat(flat(b, true)).containsExactly(before);
        GradClip.clipGradNorm(a, 100, UpdatePath.HOST);
        assertThat(flat(a, true)).containsExactly(ga);
    }

    @Test
    void polyakAveragingIsTheDoublePrecisionFormulaRoundedOnceOnBothPaths() {
        for (UpdatePath path : UpdatePath.values()) {
            Mlp online = new Mlp(3, new int[] {4}, 2, Activation.RELU, 1.0, 1.0, 1, DataType.FLOAT);
            Mlp target = new Mlp(3, new int[] {4}, 2, Activation.RELU, 1.0, 1.0, 2, DataType.FLOAT);
            double[] w = HostArrays.toDoubles(online.block().values());
            double[] t = HostArrays.toDoubles(target.block().values());
            Parameters.polyak(target.parameters(), online.parameters(), 0.005, path);
            double[] got = HostArrays.toDoubles(target.block().values());
            for (int i = 0; i < t.length; i++) {
                assertThat(got[i]).as(path.toString()).isEqualTo((double) (float) (0.005 * w[i] + (1 - 0.005) * t[i]));
            }
        }
        Mlp online = new Mlp(3, new int[] {4}, 2, Activation.RELU, 1.0, 1.0, 1, DataType.FLOAT);
        // A target that is a list of loose parameters pairs up one by one.
        List<Parameter> loose = new ArrayList<>();
        for (Parameter p : online.parameters()) loose.add(new Parameter(p.name(), Nd4j.zerosLike(p.value())));
        Parameters.copyValues(loose, online.parameters());
        for (int k = 0; k < loose.size(); k++) {
            assertThat(HostArrays.toDoubles(loose.get(k).value()))
                    .containsExactly(HostArrays.toDoubles(online.parameters().get(k).value()));
        }
    }

    @Test
    void polyakPairsByListPositionEvenWhenTheListsAreNotInBlockOrder() {
        Mlp online = new Mlp(2, new int[] {2}, 2, Activation.RELU, 1.0, 1.0, 1, DataType.DOUBLE);
        Mlp target = new Mlp(2, new int[] {2}, 2, Activation.RELU, 1.0, 1.0, 2, DataType.DOUBLE);
        // l0.W and l1.W are both [2, 2]: pairing online l0.W with target l1.W must survive the flat fast path.
        List<Parameter> on = List.of(online.parameters().get(0), online.parameters().get(1),
                online.parameters().get(2), online.parameters().get(3));
        List<Parameter> tg = List.of(target.parameters().get(2), target.parameters().get(1),
                target.parameters().get(0), target.parameters().get(3));
        for (UpdatePath path : UpdatePath.values()) {
            target.block().values().assign(0);
            Parameters.polyak(tg, on, 1.0, path);
            assertThat(HostArrays.toDoubles(target.parameters().get(2).value()))
                    .containsExactly(HostArrays.toDoubles(online.parameters().get(0).value()));
            assertThat(HostArrays.toDoubles(target.parameters().get(0).value()))
                    .containsExactly(HostArrays.toDoubles(online.parameters().get(2).value()));
        }
    }

    @Test
    void zeroingClearsEveryGradientOfBlocksAndLooseParametersOnBothPaths() {
        for (UpdatePath path : UpdatePath.values()) {
            List<Parameter> ps = params(DataType.FLOAT);
            fillGrads(ps, 1, 1.0);
            Parameters.zeroGrad(ps, path);
            for (double g : flat(ps, true)) assertThat(g).as(path.toString()).isZero();
            INDArray g = ps.get(0).grad();
            assertThat(g.sumNumber().doubleValue()).isZero();
        }
    }
}
