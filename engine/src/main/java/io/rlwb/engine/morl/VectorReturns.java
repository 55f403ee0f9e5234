package io.rlwb.engine.morl;

import io.rlwb.engine.env.Env;
import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.TrajectoryBatch;
import java.util.SplittableRandom;

/** Evaluation of a policy's return vector on fresh episodes (evaluation, not training, steps). */
public final class VectorReturns {
    private VectorReturns() {}

    /**
     * Runs {@code episodes} episodes in lock-step, each from seed {@code seed + i}, until each ends (or hits the
     * spec's step limit), and returns the mean undiscounted return per objective.
     */
    public static double[] evaluate(EnvFactory envs, Policy policy, int episodes, boolean greedy, long seed) {
        return evaluate(envs, policy, episodes, greedy, seed, 1.0);
    }

    /** As {@link #evaluate(EnvFactory, Policy, int, boolean, long)}, with returns {@code sum_t gamma^t r_(t+1)}. */
    public static double[] evaluate(EnvFactory envs, Policy policy, int episodes, boolean greedy, long seed,
                                    double gamma) {
        int k = envs.spec().numObjectives();
        int od = envs.spec().obsDim();
        Env[] env = new Env[episodes];
        float[][] obs = new float[episodes][od];
        float[][] act = new float[episodes][TrajectoryBatch.actionValues(envs.spec())];
        float[] r = new float[k];
        double[] sum = new double[k];
        boolean[] done = new boolean[episodes];
        for (int i = 0; i < episodes; i++) {
            env[i] = envs.create();
            env[i].reset(seed + i, obs[i]);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int maxSteps = envs.spec().maxEpisodeSteps() > 0 ? envs.spec().maxEpisodeSteps() : 100_000;
        int alive = episodes;
        int[] which = new int[episodes];
        double discount = 1.0;
        for (int step = 0; alive > 0 && step <= maxSteps; step++, discount *= gamma) {
            int c = 0;
            for (int i = 0; i < episodes; i++) if (!done[i]) which[c++] = i;
            float[][] o = new float[c][];
            for (int j = 0; j < c; j++) o[j] = obs[which[j]];
            float[][] a = java.util.Arrays.copyOf(act, c);
            policy.act(o, greedy, rng, a, null);
            for (int j = 0; j < c; j++) {
                int i = which[j];
                StepEnd end = env[i].step(a[j], obs[i], r);
                for (int q = 0; q < k; q++) sum[q] += discount * r[q];
                if (end.done()) {
                    done[i] = true;
                    alive--;
                }
            }
        }
        for (int q = 0; q < k; q++) sum[q] /= episodes;
        return sum;
    }
}
