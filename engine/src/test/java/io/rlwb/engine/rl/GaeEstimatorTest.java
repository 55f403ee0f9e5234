package io.rlwb.engine.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GaeEstimatorTest {
    private static final EnvSpec SPEC = new EnvSpec("test", 2, ActionSpace.discrete(2), List.of("reward"), 0);

    /** Random batch with terminations and truncations sprinkled in. */
    private static TrajectoryBatch randomBatch(Random r, int steps, int envs) {
        TrajectoryBatch b = new TrajectoryBatch(SPEC, steps, envs);
        for (int i = 0; i < b.rows(); i++) {
            b.rewards[i] = (float) r.nextGaussian();
            double u = r.nextDouble();
            b.ends[i] = u < 0.1 ? StepEnd.TERMINATED : u < 0.18 ? StepEnd.TRUNCATED : StepEnd.NONE;
            if (b.ends[i] == StepEnd.TRUNCATED) b.finalObs[i] = new float[] {1, 2};
        }
        return b;
    }

    /**
     * Reference written differently from the estimator: the explicit sum A_t = sum_k (gamma lambda)^k delta_{t+k}
     * over the rest of the episode segment inside the batch, with delta using the bootstrap value appropriate
     * to how each step ended.
     */
    private static double[] referenceAdvantages(TrajectoryBatch b, float[] v, float[] vNext, float[] vFinal,
                                                double gamma, double lambda) {
        int n = b.numEnvs;
        int tMax = b.numSteps;
        double[] delta = new double[b.rows()];
        for (int t = 0; t < tMax; t++) {
            for (int e = 0; e < n; e++) {
                int i = t * n + e;
                double next;
                if (b.ends[i] == StepEnd.TERMINATED) next = 0;
                else if (b.ends[i] == StepEnd.TRUNCATED) next = vFinal[i];
                else if (t == tMax - 1) next = vNext[e];
                else next = v[i + n];
                delta[i] = b.rewards[i] + gamma * next - v[i];
            }
        }
        double[] adv = new double[b.rows()];
        for (int t = 0; t < tMax; t++) {
            for (int e = 0; e < n; e++) {
                double sum = 0;
                double w = 1;
                for (int k = t; k < tMax; k++) {
                    int i = k * n + e;
                    sum += w * delta[i];
                    if (b.ends[i].done()) break;
                    w *= gamma * lambda;
                }
                adv[t * n + e] = sum;
            }
        }
        return adv;
    }

    @Test
    void advantagesMatchTheExplicitSumOverEachEpisodeSegment() {
        Random r = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            TrajectoryBatch b = randomBatch(r, 32, 3);
            float[] v = new float[b.rows()];
            float[] vFinal = new float[b.rows()];
            float[] vNext = {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian()};
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
                if (b.ends[i] == StepEnd.TRUNCATED) vFinal[i] = (float) r.nextGaussian();
            }
            double gamma = 0.9 + 0.1 * r.nextDouble();
            double lambda = r.nextDouble();
            AdvantageBatch got = GaeEstimator.estimate(b, v, vNext, vFinal, gamma, lambda);
            double[] want = referenceAdvantages(b, v, vNext, vFinal, gamma, lambda);
            for (int i = 0; i < want.length; i++) {
                assertThat((double) got.advantages()[i]).as("row %d", i).isCloseTo(want[i], within(1e-4));
                assertThat((double) got.returns()[i]).isCloseTo(want[i] + v[i], within(1e-4));
            }
        }
    }

    @Test
    void truncationBootstrapsFromTheFinalObservationButTerminationDoesNot() {
        TrajectoryBatch b = new TrajectoryBatch(SPEC, 1, 2);
        b.rewards[0] = 1;
        b.rewards[1] = 1;
        b.ends[0] = StepEnd.TRUNCATED;
        b.finalObs[0] = new float[] {0, 0};
        b.ends[1] = StepEnd.TERMINATED;
        float[] v = {0.5f, 0.5f};
        float[] vFinal = {10f, 0f};
        AdvantageBatch a = GaeEstimator.estimate(b, v, new float[] {99f, 99f}, vFinal, 0.9, 0.95);
        assertThat(a.advantages()[0]).isCloseTo(1 + 0.9f * 10 - 0.5f, within(1e-6f));
        assertThat(a.advantages()[1]).isCloseTo(1 - 0.5f, within(1e-6f));
    }

    @Test
    void lambdaWeighsTheLaterTdErrorsAsComputedByHand() {
        // One environment, three steps, no episode end; gamma 0.5, V(s_3) = 2.
        // TD errors: d2 = 2 + 0.5*2 - (-0.5) = 3.5, d1 = 0 + 0.5*(-0.5) - 1 = -1.25, d0 = 1 + 0.5*1 - 0.5 = 1.
        // lambda 0.5 (gamma*lambda 0.25): A2 = 3.5, A1 = -1.25 + 0.25*3.5 = -0.375, A0 = 1 + 0.25*(-0.375) = 0.90625.
        // lambda 1   (gamma*lambda 0.5):  A2 = 3.5, A1 = -1.25 + 0.5*3.5 = 0.5,     A0 = 1 + 0.5*0.5 = 1.25.
        TrajectoryBatch b = new TrajectoryBatch(SPEC, 3, 1);
        b.rewards[0] = 1;
        b.rewards[1] = 0;
        b.rewards[2] = 2;
        java.util.Arrays.fill(b.ends, StepEnd.NONE);
        float[] v = {0.5f, 1.0f, -0.5f};
        float[] half = GaeEstimator.estimate(b, v, new float[] {2f}, new float[3], 0.5, 0.5).advantages();
        float[] one = GaeEstimator.estimate(b, v, new float[] {2f}, new float[3], 0.5, 1.0).advantages();
        assertThat(half).containsExactly(new float[] {0.90625f, -0.375f, 3.5f}, within(1e-6f));
        assertThat(one).containsExactly(new float[] {1.25f, 0.5f, 3.5f}, within(1e-6f));
    }
}
