package io.rlwb.engine.rl.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.rl.AdvantageBatch;
import io.rlwb.engine.rl.GaeEstimator;
import io.rlwb.engine.rl.TrajectoryBatch;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorGaeTest {
    @Test
    void eachObjectivesAdvantagesEqualScalarGaeOnThatObjectivesRewards() {
        EnvSpec spec = new EnvSpec("Three-v0", 2, ActionSpace.discrete(2), List.of("a", "b", "c"), 50);
        int steps = 7, envs = 3, k = 3, rows = steps * envs;
        TrajectoryBatch b = new TrajectoryBatch(spec, steps, envs);
        SplittableRandom rng = new SplittableRandom(11);
        StepEnd[] kinds = StepEnd.values();
        for (int i = 0; i < rows; i++) {
            b.ends[i] = rng.nextInt(5) == 0 ? kinds[1 + rng.nextInt(2)] : StepEnd.NONE;
            for (int j = 0; j < k; j++) b.rewardVectors[i * k + j] = (float) rng.nextDouble(-1, 1);
        }
        float[] v = rand(rng, rows * k), vNext = rand(rng, envs * k), vFinal = rand(rng, rows * k);
        VectorAdvantageBatch out = VectorGae.estimate(b, v, vNext, vFinal, 0.97, 0.9);
        for (int j = 0; j < k; j++) {
            float[] r = new float[rows], vj = new float[rows], nj = new float[envs], fj = new float[rows];
            for (int i = 0; i < rows; i++) {
                r[i] = b.rewardVectors[i * k + j];
                vj[i] = v[i * k + j];
                fj[i] = vFinal[i * k + j];
            }
            for (int e = 0; e < envs; e++) nj[e] = vNext[e * k + j];
            AdvantageBatch scalar = GaeEstimator.estimate(b.withRewards(r), vj, nj, fj, 0.97, 0.9);
            for (int i = 0; i < rows; i++) {
                assertThat(out.advantages()[i * k + j]).as("objective %d row %d", j, i).isEqualTo(scalar.advantages()[i]);
                assertThat(out.returns()[i * k + j]).isEqualTo(scalar.returns()[i]);
            }
        }
        double[] w = {0.2, 0.5, 0.3};
        float[] combined = out.combine(w);
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) s += w[j] * out.advantages()[i * k + j];
            assertThat((double) combined[i]).isCloseTo(s, org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    private static float[] rand(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-2, 2);
        return a;
    }
}
