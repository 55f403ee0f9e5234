package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class DsacTTest {
    @Test
    void omegaIsClampedToTheRangeFromATenthToTen() {
        // sigma_bar 2, sigma_d 1: 4 / 1.1 = 3.636...
        assertThat(DsacTTrainer.omega(2, 1)).isCloseTo(4 / 1.1, within(1e-12));
        // sigma_bar 10, sigma_d 0.1: 100 / 0.11 = 909 -> 10
        assertThat(DsacTTrainer.omega(10, 0.1)).isEqualTo(10.0);
        // sigma_bar 0.1, sigma_d 5: 0.01 / 25.1 = 0.0004 -> 0.1
        assertThat(DsacTTrainer.omega(0.1, 5)).isEqualTo(0.1);
        // sigma_bar 1, sigma_d 3: 1 / 9.1 = 0.1099 (inside)
        assertThat(DsacTTrainer.omega(1, 3)).isCloseTo(1 / 9.1, within(1e-12));
    }

    @Test
    void sampledTargetIsClippedToThreeSigmaBarAroundTheCurrentMean() {
        // q = 10, sigma_bar = 2: the bound is [4, 16].
        assertThat(DsacTTrainer.boundedTarget(10, 25, 2)).isEqualTo(16.0);
        assertThat(DsacTTrainer.boundedTarget(10, -3, 2)).isEqualTo(4.0);
        assertThat(DsacTTrainer.boundedTarget(10, 13.5, 2)).isEqualTo(13.5);
        assertThat(DsacTTrainer.boundedTarget(-1, -1.2, 0.05)).isCloseTo(-1.15, within(1e-12));
    }

    @Test
    void criticLossGradientMatchesFiniteDifferencesWithItsStoppedGradientsHeldFixed() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 6;
        double[] out = new double[2 * n];
        for (int i = 0; i < out.length; i++) out[i] = rng.nextDouble(-2, 2);
        out[0] = 80; // one mean in Huber's linear region (|q - y| > 50)
        double[] yq = new double[n];
        double[] yb = new double[n];
        double[] sigmaD = new double[n];
        double[] omega = new double[n];
        double[] qD = new double[n];
        for (int i = 0; i < n; i++) {
            qD[i] = out[2 * i];
            yq[i] = rng.nextDouble(-3, 3);
            yb[i] = rng.nextDouble(-3, 3);
            sigmaD[i] = TwinQCritic.sigma(out[2 * i + 1]);
            omega[i] = DsacTTrainer.omega(0.7, sigmaD[i]);
        }
        double[] analytic = new double[2 * n];
        DsacTTrainer.criticLoss(out, yq, yb, qD, sigmaD, omega, analytic);
        double[] numeric = Fd.gradient(out, o -> DsacTTrainer.criticLoss(o, yq, yb, qD, sigmaD, omega, null));
        Fd.assertMatches("d DSAC-T critic loss / d (mean, raw sigma)", analytic, numeric);
    }

    @Test
    void theSigmaGradientVanishesWhereSigmaSquaredEqualsTheHuberOfTheBoundedTdErrorAndTheMeanGetsOnlyTheHuberGradient() {
        double s = TwinQCritic.sigma(0.0);
        double e = s * Math.sqrt(2); // huber(e) = 0.5 e^2 = s^2
        double[] out = {0.0, 0.0};
        double[] g = new double[2];
        DsacTTrainer.criticLoss(out, new double[] {1.5}, new double[] {e}, new double[] {0.0}, new double[] {s},
                new double[] {2.0}, g);
        assertThat(g[1]).isCloseTo(0.0, within(1e-12));
        // d/dQ = omega * huber'(Q - y_q) = 2 * (0 - 1.5): the sigma term is stopped at Q_d.
        assertThat(g[0]).isCloseTo(-3.0, within(1e-12));
        // Hand-made: sigma_d = 1 (raw chosen so), Q_d - y_b = 3 -> huber 4.5; (1 - 4.5) / 1.1 per unit sigma.
        double raw = Math.log(Math.expm1(1 - TwinQCritic.SIGMA_FLOOR));
        double l = DsacTTrainer.criticLoss(new double[] {0.0, raw}, new double[] {0.0}, new double[] {-3.0},
                new double[] {0.0}, new double[] {1.0}, new double[] {1.0}, null);
        assertThat(l).isCloseTo(1.0 * (1 - 4.5) / 1.1, within(1e-9));
    }

    /** One critic update from identical starting points under the given switches; the updated critic weights. */
    private static double[][] criticAfterOneUpdate(DsacTTrainer.Refinements ref) {
        PendulumFixture f = PendulumFixture.of(true);
        TanhGaussianPolicy policy = f.policy();
        TwinQCritic critic = f.critic();
        ReplayBuffer replay = f.replay();
        var s = f.settings();
        DsacTTrainer t = new DsacTTrainer(replay, policy, critic, new Adam(policy.parameters(), 1e-3, false),
                new Adam(critic.parameters(), 1e-2, false), s, ref, 9);
        ReplayBuffer.Batch b = replay.sample(32, new SplittableRandom(5));
        // Two updates, so sigma_bar has moved off the batch mean and omega differs from its first-step value.
        t.updateCritic(b, 0);
        t.updateCritic(b, 0);
        List<double[]> w = new ArrayList<>();
        for (Parameter p : critic.parameters()) w.add(HostArrays.toDoubles(p.value()));
        return w.toArray(new double[0][]);
    }

    private static final DsacTTrainer.Refinements ALL = new DsacTTrainer.Refinements(true, true, true, 0.005);

    @Test
    void theSameUpdateTwiceGivesTheSameWeights() {
        assertThat(criticAfterOneUpdate(ALL)).isDeepEqualTo(criticAfterOneUpdate(ALL));
    }

    @Test
    void eachRefinementSwitchChangesTheCriticUpdate() {
        double[][] all = criticAfterOneUpdate(ALL);
        double[][] noEvs = criticAfterOneUpdate(new DsacTTrainer.Refinements(false, true, true, 0.005));
        double[][] noTwin = criticAfterOneUpdate(new DsacTTrainer.Refinements(true, false, true, 0.005));
        double[][] noOmega = criticAfterOneUpdate(new DsacTTrainer.Refinements(true, true, false, 0.005));
        int half = all.length / 2; // critic 1's parameters come first
        assertThat(noEvs[0]).as("expected-value substitution changes critic 1").isNotEqualTo(all[0]);
        assertThat(noOmega[0]).as("variance adjustment changes critic 1").isNotEqualTo(all[0]);
        assertThat(noTwin[0]).as("without twins the target comes from critic 1 alone").isNotEqualTo(all[0]);
        double[][] untouched = criticAfterOneUpdate(new DsacTTrainer.Refinements(true, false, true, 0.005));
        TwinQCritic fresh = new TwinQCritic(Pendulum.spec(200), new int[] {16}, Activation.RELU, true, 2, DataType.FLOAT, null);
        assertThat(untouched[half]).as("without twins critic 2 is not trained")
                .isEqualTo(HostArrays.toDoubles(fresh.parameters().get(half).value()));
        assertThat(all[half]).as("with twins critic 2 is trained")
                .isNotEqualTo(HostArrays.toDoubles(fresh.parameters().get(half).value()));
    }
}
