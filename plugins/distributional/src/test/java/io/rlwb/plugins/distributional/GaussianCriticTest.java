package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.testkit.TestRunServices;
import io.rlwb.engine.env.CartPole;
import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class GaussianCriticTest {
    @Test
    void negativeLogLikelihoodGradientMatchesFiniteDifferences() {
        double[] out = {0.3, -0.4, 2.0, 1.5, -1.0, 0.2};
        double[] y = {1.0, -0.5, -1.2};
        double[] g = new double[6];
        GaussianCritic.nll(out, y, 0.8, g);
        Fd.assertMatches("d NLL / d (mu, raw sigma)", g, Fd.gradient(out, o -> 0.8 * GaussianCritic.nll(o, y, 1.0, null)));
    }

    @Test
    void fittingNoisyReturnsLearnsTheirMeanAndSpreadAndPublishesGaussianProbes() {
        TestRunServices run = new TestRunServices(1, 1000);
        GaussianCritic c = new GaussianCritic(CartPole.spec(500), new int[] {16}, Activation.TANH, 3, DataType.FLOAT,
                new ProbeRecorder(run, "critic", 2, 50));
        Adam adam = new Adam(c.parameters(), 1e-2, false);
        var obs = Nd4j.zeros(DataType.FLOAT, 64, 4);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int it = 0; it < 1500; it++) {
            double[] y = new double[64];
            for (int i = 0; i < 64; i++) y[i] = 5 + 2 * rng.nextGaussian();
            c.parameters().forEach(p -> p.zeroGrad());
            c.fitValues(obs, Nd4j.createFromArray(y).castTo(DataType.FLOAT), null, 0, 1.0);
            adam.step(0);
        }
        assertThat(c.values(obs).getDouble(0)).isCloseTo(5.0, within(0.3));
        var snap = (ValueDistributionSnapshot) run.snapshots.get(run.snapshots.size() - 1);
        assertThat(snap.probes()).hasSize(2);
        assertThat(snap.probes().get(0).kind()).isEqualTo("gaussian");
        assertThat(snap.probes().get(0).sigma()).isCloseTo(2.0, within(0.3));
    }
}
