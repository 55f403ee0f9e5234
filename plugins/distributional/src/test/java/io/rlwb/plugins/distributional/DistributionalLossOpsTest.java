package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.autodiff.GradCheck;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The distributional critics' device-path operations (ADR 0035): each fused operation against central
 * differences in double precision, and each against the host class it replaces on the same inputs (losses and
 * gradients within 1e-10 in DOUBLE, float rounding in FLOAT).
 */
class DistributionalLossOpsTest {
    private static final int B = 6;

    /** Positive, not normalised: the gradient rule {@code (sum t) p - t} is checked for any target. */
    private static INDArray positive(SplittableRandom rng, long... shape) {
        return Transforms.abs(GradCheck.uniform(rng, 1.0, shape), false);
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(1);
        INDArray target = positive(rng, B, 3 * 5);
        GradCheck.check("crossEntropy", List.of(GradCheck.uniform(rng, 2.0, B, 3 * 5)),
                in -> DistributionalLossOps.crossEntropy(in.get(0), target, 5));
    }

    @Test
    void quantileHuberGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(2);
        INDArray y = GradCheck.uniform(rng, 2.0, B);
        // kappa 0.7 with quantiles and returns in [-2, 2]: both the quadratic and the linear part are exercised
        GradCheck.check("quantileHuber", List.of(GradCheck.uniform(rng, 2.0, B, 4)),
                in -> DistributionalLossOps.quantileHuber(in.get(0), y, 0.7));
    }

    @Test
    void gaussianNllGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        INDArray y = GradCheck.uniform(rng, 2.0, B);
        GradCheck.check("gaussianNll", List.of(GradCheck.uniform(rng, 1.5, B, 2)),
                in -> DistributionalLossOps.gaussianNll(in.get(0), y));
    }

    private static double tolerance(DataType dt) {
        return dt == DataType.DOUBLE ? 1e-10 : 2e-5;
    }

    /** The device loss and gradient of {@code op} at {@code out}, as {@code [loss, grad...]}. */
    private static double[] device(INDArray out, Function<Tensor, Tensor> op) {
        Tape tape = Tape.training();
        Tensor leaf = tape.leaf(out);
        Tensor loss = op.apply(leaf);
        tape.backward(loss);
        double[] g = HostArrays.toDoubles(leaf.grad());
        double[] r = new double[g.length + 1];
        r[0] = loss.value().getDouble(0);
        System.arraycopy(g, 0, r, 1, g.length);
        return r;
    }

    private static void assertSame(String what, double hostLoss, double[] hostGrad, double[] dev, DataType dt) {
        double tol = tolerance(dt);
        assertThat(dev[0]).as(what + " loss").isCloseTo(hostLoss, within(tol * Math.max(1, Math.abs(hostLoss))));
        double scale = 0;
        for (double v : hostGrad) scale = Math.max(scale, Math.abs(v));
        assertThat(scale).as(what + " gradient is not trivially zero").isGreaterThan(0);
        for (int i = 0; i < hostGrad.length; i++) {
            assertThat(dev[i + 1]).as("%s gradient %d", what, i).isCloseTo(hostGrad[i], within(tol * Math.max(1, scale)));
        }
    }

    @Test
    void hlGaussOnTheDeviceComputesTheHostLossAndGradient() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            SplittableRandom rng = new SplittableRandom(4);
            HlGauss hl = new HlGauss(21, -3, 7, 0.75);
            INDArray logits = GradCheck.uniform(rng, 2.0, B, 21).castTo(dt);
            // returns inside the support, on its edges and outside it (clipped)
            INDArray y = Nd4j.create(new double[] {0.3, -3, 7, 9.5, -4, 2.2}, new long[] {B}, DataType.DOUBLE).castTo(dt);
            double[] hostGrad = new double[B * 21];
            double hostLoss = hl.loss(HostArrays.toDoubles(logits), HostArrays.toDoubles(y), 1.0, hostGrad);
            double[] dev = device(logits, t -> DistributionalLossOps.crossEntropy(t,
                    DistributionalLossOps.hlGaussTarget(hl, y, dt), 21));
            assertSame("HL-Gauss " + dt, hostLoss, hostGrad, dev, dt);
            double[] v = HostArrays.toDoubles(DistributionalLossOps.expectation(logits, hl.centres()));
            double[] lg = HostArrays.toDoubles(logits);
            for (int i = 0; i < B; i++) assertThat(v[i]).isCloseTo(hl.value(lg, i * 21), within(tolerance(dt) * 10));
        }
    }

    @Test
    void quantileHuberOnTheDeviceComputesTheHostLossAndGradient() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            SplittableRandom rng = new SplittableRandom(5);
            INDArray theta = GradCheck.uniform(rng, 3.0, B, 8).castTo(dt);
            INDArray y = GradCheck.uniform(rng, 3.0, B).castTo(dt);
            double[] hostGrad = new double[B * 8];
            double hostLoss = QuantileHuber.loss(HostArrays.toDoubles(theta), 8, HostArrays.toDoubles(y), 1, 1.0, 1.0, hostGrad);
            double[] dev = device(theta, t -> DistributionalLossOps.quantileHuber(t, y, 1.0));
            assertSame("quantile " + dt, hostLoss, hostGrad, dev, dt);
        }
    }

    @Test
    void gaussianNllOnTheDeviceComputesTheHostLossAndGradient() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            SplittableRandom rng = new SplittableRandom(6);
            INDArray out = GradCheck.uniform(rng, 2.0, B, 2).castTo(dt);
            out.putScalar(1, 1, 35.0); // the softplus's linear branch (raw > 30)
            INDArray y = GradCheck.uniform(rng, 3.0, B).castTo(dt);
            double[] hostGrad = new double[B * 2];
            double hostLoss = GaussianCritic.nll(HostArrays.toDoubles(out), HostArrays.toDoubles(y), 1.0, hostGrad);
            double[] dev = device(out, t -> DistributionalLossOps.gaussianNll(t, y));
            assertSame("Gaussian " + dt, hostLoss, hostGrad, dev, dt);
        }
    }

    @Test
    void c51ProjectionOnTheDeviceComputesTheHostProjection() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            C51 c51 = new C51(11, -5, 5);
            SplittableRandom rng = new SplittableRandom(7);
            INDArray p = positive(rng, B, 11);
            p.diviColumnVector(p.sum(true, 1));
            p = p.castTo(dt);
            // r + gamma z_j inside, on atoms (r = 1, gamma = 1: whole positions), and clipped at both ends
            double[] r = {0.37, 1.0, -7.0, 8.0, -0.5, 2.25};
            double[] done = {0, 0, 0, 1, 1, 0};
            double[] ph = HostArrays.toDoubles(p);
            for (double g : new double[] {0.9, 1.0}) {
                INDArray m = DistributionalLossOps.c51Project(c51, p, Nd4j.createFromArray(r).castTo(dt),
                        Nd4j.createFromArray(done).castTo(dt), g);
                double[] dm = HostArrays.toDoubles(m);
                for (int i = 0; i < B; i++) {
                    double[] host = c51.project(ph, i * 11, r[i], g, done[i]);
                    for (int j = 0; j < 11; j++) {
                        assertThat(dm[i * 11 + j]).as("%s gamma %s row %d atom %d", dt, g, i, j)
                                .isCloseTo(host[j], within(tolerance(dt)));
                    }
                }
            }
        }
    }

    /** DSAC-T's stopped-gradient inputs: errors on both sides of the Huber threshold 50, omega in [0.1, 10]. */
    private record DsacInputs(INDArray out, INDArray yMean, INDArray yb, INDArray qD, INDArray sigmaD, INDArray omega) {
        static DsacInputs of(SplittableRandom rng, DataType dt) {
            INDArray out = GradCheck.uniform(rng, 1.5, B, 2);
            INDArray yMean = GradCheck.uniform(rng, 90.0, B, 1);
            INDArray yb = GradCheck.uniform(rng, 90.0, B, 1);
            INDArray qD = GradCheck.uniform(rng, 2.0, B, 1);
            INDArray sigmaD = positive(rng, B, 1).addi(0.05);
            INDArray omega = positive(rng, B, 1).muli(9).addi(0.1);
            return new DsacInputs(out.castTo(dt), yMean.castTo(dt), yb.castTo(dt), qD.castTo(dt), sigmaD.castTo(dt),
                    omega.castTo(dt));
        }

        Tensor loss(Tensor o) {
            return DistributionalLossOps.dsacCritic(o, yMean, yb, qD, sigmaD, omega);
        }
    }

    @Test
    void dsacCriticGradientMatchesFiniteDifferencesWithItsStoppedInputsHeld() {
        DsacInputs in = DsacInputs.of(new SplittableRandom(8), DataType.DOUBLE);
        GradCheck.check("dsacCritic", List.of(in.out()), t -> in.loss(t.get(0)));
    }

    @Test
    void dsacCriticOnTheDeviceComputesTheHostLossAndGradient() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            DsacInputs in = DsacInputs.of(new SplittableRandom(9), dt);
            double[] hostGrad = new double[B * 2];
            double hostLoss = DsacTTrainer.criticLoss(HostArrays.toDoubles(in.out()), HostArrays.toDoubles(in.yMean()),
                    HostArrays.toDoubles(in.yb()), HostArrays.toDoubles(in.qD()), HostArrays.toDoubles(in.sigmaD()),
                    HostArrays.toDoubles(in.omega()), hostGrad);
            assertSame("DSAC-T " + dt, hostLoss, hostGrad, device(in.out(), in::loss), dt);
        }
    }
}
