package io.rlwb.engine.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.FiniteDifferences;
import io.rlwb.engine.nn.Parameter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MlpCriticTest {
    private static final EnvSpec SPEC = new EnvSpec("Test-v0", 3, ActionSpace.discrete(2), List.of("reward"), 100);
    private static final double COEF = 0.7;

    private static MlpCritic critic(Activation act, long seed) {
        return new MlpCritic(SPEC, new int[] {6, 5}, act, seed, DataType.DOUBLE);
    }

    private static INDArray vector(double... v) {
        return Nd4j.create(v, new long[] {v.length}, DataType.DOUBLE);
    }

    /** CleanRL's value loss in plain Java, from the values the critic gives. */
    private static double referenceLoss(double[] v, double[] r, double[] old, double clip) {
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            double unclipped = (v[i] - r[i]) * (v[i] - r[i]);
            if (clip > 0) {
                double vc = old[i] + Math.max(-clip, Math.min(clip, v[i] - old[i]));
                sum += Math.max(unclipped, (vc - r[i]) * (vc - r[i]));
            } else {
                sum += unclipped;
            }
        }
        return 0.5 * sum / v.length;
    }

    private static void assertGradientsMatch(MlpCritic critic, INDArray obs, INDArray returns, INDArray old, double clip) {
        for (Parameter p : critic.parameters()) {
            double[] numeric = FiniteDifferences.gradient(p.value(),
                    () -> COEF * critic.fitValues(obs, returns, old, clip, 0.0));
            FiniteDifferences.assertMatches(p.name(), p.grad(), numeric);
        }
    }

    @Test
    void unclippedValueLossAndItsGradientMatchPlainJavaAndFiniteDifferences() {
        for (Activation act : Activation.values()) {
            MlpCritic critic = critic(act, 5);
            SplittableRandom rng = new SplittableRandom(6);
            INDArray obs = FiniteDifferences.uniform(rng, 9, 3, 1.0);
            INDArray returns = FiniteDifferences.uniform(rng, 1, 9, 2.0).reshape(9);
            double[] v = critic.values(obs).toDoubleVector();

            critic.network().zeroGrad();
            double loss = critic.fitValues(obs, returns, null, 0.0, COEF);
            assertThat(loss).isCloseTo(referenceLoss(v, returns.toDoubleVector(), null, 0), within(1e-12));
            assertGradientsMatch(critic, obs, returns, null, 0.0);
        }
    }

    @Test
    void clippedValueLossAndItsGradientMatchPlainJavaAndFiniteDifferences() {
        double clip = 0.2;
        for (Activation act : Activation.values()) {
            MlpCritic critic = critic(act, 15);
            SplittableRandom rng = new SplittableRandom(16);
            int b = 9;
            INDArray obs = FiniteDifferences.uniform(rng, b, 3, 1.0);
            double[] v = critic.values(obs).toDoubleVector();
            double[] old = new double[b];
            double[] r = new double[b];
            int clippedBranch = 0;
            for (int i = 0; i < b; i++) {
                switch (i % 3) {
                    case 0 -> { // clamp inactive: both branches equal, gradient of (v - R)^2
                        old[i] = v[i] - 0.05;
                        r[i] = v[i] + 0.7;
                    }
                    case 1 -> { // clamp active and the clipped loss larger: no gradient
                        old[i] = v[i] + 1.0; // v_clipped = v + 0.8
                        r[i] = v[i] - 0.5;   // (0.5)^2 < (1.3)^2
                        clippedBranch++;
                    }
                    default -> { // clamp active but the unclipped loss larger: gradient of (v - R)^2
                        old[i] = v[i] + 1.0;
                        r[i] = v[i] + 2.0;   // (2)^2 > (1.2)^2
                    }
                }
            }
            assertThat(clippedBranch).isPositive();
            INDArray returns = vector(r);
            INDArray oldValues = vector(old);

            critic.network().zeroGrad();
            double loss = critic.fitValues(obs, returns, oldValues, clip, COEF);
            assertThat(loss).isCloseTo(referenceLoss(v, r, old, clip), within(1e-12));
            assertThat(loss).isGreaterThan(referenceLoss(v, r, old, 0.0));
            assertGradientsMatch(critic, obs, returns, oldValues, clip);
        }
    }

    @Test
    void onlySamplesWhoseClippedLossWinsLoseTheirGradient() {
        MlpCritic critic = critic(Activation.TANH, 25);
        INDArray obs = FiniteDifferences.uniform(new SplittableRandom(26), 2, 3, 1.0);
        double[] v = critic.values(obs).toDoubleVector();
        // Row 0 is held by the clipped branch; row 1 is unclipped. Their gradients must equal those of row 1 alone.
        critic.network().zeroGrad();
        critic.fitValues(obs, vector(v[0] - 0.5, v[1] + 0.3), vector(v[0] + 1.0, v[1]), 0.2, 1.0);
        List<INDArray> both = critic.parameters().stream().map(p -> p.grad().dup()).toList();

        critic.network().zeroGrad();
        INDArray row1 = obs.getRow(1, true).dup();
        // Same per-sample weight: the mean over 2 rows halves each sample's gradient, so use coef 0.5 for 1 row.
        critic.fitValues(row1, vector(v[1] + 0.3), null, 0.0, 0.5);
        for (int i = 0; i < both.size(); i++) {
            assertThat(critic.parameters().get(i).grad().equalsWithEps(both.get(i), 1e-10)).isTrue();
        }
    }

    @Test
    void valuesGivesOneValuePerRowThatTheCallerMayKeep() {
        MlpCritic critic = new MlpCritic(SPEC, new int[] {64, 64}, Activation.TANH, 1, DataType.FLOAT);
        INDArray obs = FiniteDifferences.uniform(new SplittableRandom(2), 5, 3, 1.0).castTo(DataType.FLOAT);
        INDArray v = critic.values(obs);
        assertThat(v.shape()).containsExactly(5);
        INDArray copy = v.dup();
        critic.values(obs.mul(3));
        assertThat(v).isEqualTo(copy);
        assertThat(v.equalsWithEps(critic.network().predict(obs).reshape(5), 1e-6)).isTrue();
    }
}
