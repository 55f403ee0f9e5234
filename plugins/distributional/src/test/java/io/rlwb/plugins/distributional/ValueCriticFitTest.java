package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.CartPole;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.rl.Critic;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import io.rlwb.engine.testkit.TestRunServices;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The distributional value critics, trained through the Critic port's fitValues, learn what they should. */
class ValueCriticFitTest {
    /** Two observation groups with different return distributions: N(10, 1) at obs 0 and N(30, 4^2) at obs 1. */
    private static void fit(Critic c, int iterations) {
        Adam adam = new Adam(c.parameters(), 3e-3, false);
        SplittableRandom rng = new SplittableRandom(5);
        float[] obs = new float[64 * 4];
        for (int i = 32; i < 64; i++) obs[i * 4] = 1f;
        INDArray o = Nd4j.create(obs, new long[] {64, 4}, 'c');
        for (int it = 0; it < iterations; it++) {
            float[] y = new float[64];
            for (int i = 0; i < 64; i++) y[i] = (float) (i < 32 ? 10 + rng.nextGaussian() : 30 + 4 * rng.nextGaussian());
            c.parameters().forEach(p -> p.zeroGrad());
            c.fitValues(o, Nd4j.createFromArray(y), null, 0.2, 0.5);
            adam.step(0);
        }
    }

    private static INDArray twoStates() {
        return Nd4j.create(new float[] {0, 0, 0, 0, 1, 0, 0, 0}, new long[] {2, 4}, 'c');
    }

    @Test
    void hlGaussCriticLearnsTheMeanReturnOfEachStateAndPublishesItsHistogram() {
        TestRunServices run = new TestRunServices(1, 1000);
        HlGaussCritic c = new HlGaussCritic(CartPole.spec(500), new int[] {32}, Activation.TANH, new HlGauss(51, 0, 60, 0.75),
                1, DataType.FLOAT, new ProbeRecorder(run, "critic", 3, 100));
        fit(c, 1500);
        INDArray v = c.values(twoStates());
        assertThat(v.getDouble(0)).isCloseTo(10, within(1.0));
        assertThat(v.getDouble(1)).isCloseTo(30, within(1.5));
        var snap = (ValueDistributionSnapshot) run.snapshots.get(run.snapshots.size() - 1);
        assertThat(run.snapshots).hasSize(15);
        assertThat(snap.probes()).hasSize(3);
        assertThat(snap.probes().get(0).binEdges()).hasSize(52);
        assertThat(snap.probes().get(0).mean()).isCloseTo(10, within(1.0)); // the first probes are obs-0 states
    }

    @Test
    void quantileCriticLearnsTheQuantilesOfEachStatesReturns() {
        QuantileCritic c = new QuantileCritic(CartPole.spec(500), new int[] {32}, Activation.TANH, 4, 1.0, 1, DataType.FLOAT, null);
        fit(c, 3000);
        double[] out = io.rlwb.engine.nn.HostArrays.toDoubles(c.network().predict(twoStates()));
        // N(30, 16) at tau = 0.125 and 0.875: 30 -+ 4 * 1.150 = 25.4 and 34.6
        assertThat(out[4]).isCloseTo(30 - 4 * 1.150, within(1.5));
        assertThat(out[7]).isCloseTo(30 + 4 * 1.150, within(1.5));
        assertThat(out[7] - out[4]).as("wider spread where returns are noisier").isGreaterThan(3 * (out[3] - out[0]));
    }
}
