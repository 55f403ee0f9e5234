package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Mlp;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finite-difference checks of SAC's losses: the actor loss through the tanh squash, the critic and temperature losses. */
class SoftActorCriticGradientTest {
    private static final int B = 4;
    private static final int OD = 3;
    private static final int AD = 2;

    /** SAC's actor loss mean(alpha log pi - Q(s, a(out))) as a function of the policy head outputs. */
    private static double actorLoss(SquashedGaussian g, Mlp q, double[] obs, double[] out, double[] eps, double alpha) {
        SquashedGaussian.Sample s = g.sample(out, eps);
        double[] x = new double[B * (OD + AD)];
        for (int i = 0; i < B; i++) {
            System.arraycopy(obs, i * OD, x, i * (OD + AD), OD);
            System.arraycopy(s.action, i * AD, x, i * (OD + AD) + OD, AD);
        }
        double[] qv = HostArrays.toDoubles(q.predict(Nd4j.create(x, new long[] {B, OD + AD}, DataType.DOUBLE)));
        double l = 0;
        for (int i = 0; i < B; i++) l += (alpha * s.logp[i] - qv[i]) / B;
        return l;
    }

    @Test
    void actorLossGradientThroughTheTanhSquashMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(11);
        SquashedGaussian g = new SquashedGaussian(AD, -2, 3); // asymmetric box: scale 2.5, bias 0.5
        Mlp q = new Mlp(OD + AD, new int[] {8}, 1, Activation.TANH, Math.sqrt(2), 1.0, 5, DataType.DOUBLE);
        double[] obs = new double[B * OD];
        double[] out = new double[B * 2 * AD];
        double[] eps = new double[B * AD];
        for (int i = 0; i < obs.length; i++) obs[i] = rng.nextDouble(-1, 1);
        for (int i = 0; i < out.length; i++) out[i] = rng.nextDouble(-1, 1);
        for (int i = 0; i < eps.length; i++) eps[i] = rng.nextGaussian();
        double alpha = 0.3;

        SquashedGaussian.Sample s = g.sample(out, eps);
        double[] x = new double[B * (OD + AD)];
        for (int i = 0; i < B; i++) {
            System.arraycopy(obs, i * OD, x, i * (OD + AD), OD);
            System.arraycopy(s.action, i * AD, x, i * (OD + AD) + OD, AD);
        }
        INDArray xs = Nd4j.create(x, new long[] {B, OD + AD}, DataType.DOUBLE);
        q.forward(xs);
        double[] dx = HostArrays.toDoubles(q.backward(Nd4j.valueArrayOf(new long[] {B, 1}, -1.0 / B, DataType.DOUBLE)));
        double[] dAction = new double[B * AD];
        for (int i = 0; i < B; i++) System.arraycopy(dx, i * (OD + AD) + OD, dAction, i * AD, AD);
        double[] dLogp = new double[B];
        java.util.Arrays.fill(dLogp, alpha / B);
        double[] analytic = g.backward(s, dAction, dLogp);

        double[] numeric = Fd.gradient(out, o -> actorLoss(g, q, obs, o, eps, alpha));
        Fd.assertMatches("d actor loss / d (mu, raw log std)", analytic, numeric);
    }

    @Test
    void logProbabilityIsTheChangeOfVariablesDensity() {
        // One dimension, box [-1, 1]: log pi(a) = log N(u; mu, sigma) - log(1 - tanh(u)^2 + 1e-6).
        SquashedGaussian g = new SquashedGaussian(1, -1, 1);
        double raw = 0.4;
        double logStd = -5 + 0.5 * 7 * (Math.tanh(raw) + 1);
        double sigma = Math.exp(logStd);
        SquashedGaussian.Sample s = g.sample(new double[] {0.3, raw}, new double[] {0.5});
        double u = 0.3 + sigma * 0.5;
        double expected = -0.5 * 0.25 - logStd - 0.5 * Math.log(2 * Math.PI) - Math.log(1 - Math.tanh(u) * Math.tanh(u) + 1e-6);
        assertThat(s.logp[0]).isCloseTo(expected, within(1e-12));
        assertThat(s.action[0]).isCloseTo(Math.tanh(u), within(1e-12));
        // logProbOf inverts the squash and gives the same density.
        assertThat(g.logProbOf(new double[] {0.3, raw}, s.action)[0][0]).isCloseTo(expected, within(1e-6));
    }

    @Test
    void logProbOfGivenActionsGradientMatchesFiniteDifferences() {
        SquashedGaussian g = new SquashedGaussian(AD, -2, 2);
        SplittableRandom rng = new SplittableRandom(2);
        double[] out = new double[B * 2 * AD];
        double[] act = new double[B * AD];
        for (int i = 0; i < out.length; i++) out[i] = rng.nextDouble(-1, 1);
        for (int i = 0; i < act.length; i++) act[i] = rng.nextDouble(-1.9, 1.9);
        double[][] r = g.logProbOf(out, act);
        double[] analytic = new double[out.length];
        for (int i = 0; i < B; i++) System.arraycopy(r[i], 1, analytic, i * 2 * AD, 2 * AD);
        double[] numeric = Fd.gradient(out, o -> {
            double s = 0;
            for (double[] row : g.logProbOf(o, act)) s += row[0];
            return s;
        });
        Fd.assertMatches("d log pi(a) / d out", analytic, numeric);
    }

    @Test
    void criticMseGradientMatchesFiniteDifferences() {
        double[] q = {0.3, -1.2, 2.5, 0.0};
        double[] y = {1.0, -1.0, 2.0, 0.7};
        double[] dq = new double[4];
        SacTrainer.mseLoss(q, y, dq);
        Fd.assertMatches("d mse / d q", dq, Fd.gradient(q, v -> SacTrainer.mseLoss(v, y, null)));
    }

    @Test
    void temperatureGradientMatchesFiniteDifferencesAndRaisesAlphaWhenEntropyIsTooLow() {
        double meanLogp = 0.8; // entropy -0.8 below a target of -(-1) ... target entropy -1 means log pi should be ~1
        double target = -1.0;
        double[] la = {Math.log(0.2)};
        double analytic = SoftActorCritic.temperatureGradient(meanLogp, target);
        double numeric = Fd.gradient(la, v -> SoftActorCritic.temperatureLoss(v[0], meanLogp, target))[0];
        assertThat(analytic).isCloseTo(numeric, within(1e-8));
        // Entropy 2.0 far below target 3.0 (mean log pi = -2, target entropy 3): gradient descent raises log alpha.
        assertThat(SoftActorCritic.temperatureGradient(-2.0, 3.0)).isNegative();
    }
}
