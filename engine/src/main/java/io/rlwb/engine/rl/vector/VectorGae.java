package io.rlwb.engine.rl.vector;

import io.rlwb.engine.rl.GaeEstimator;
import io.rlwb.engine.rl.TrajectoryBatch;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GAE run once per objective over the reward vectors, with the heads of a {@link VectorCritic}: the same
 * recursion as {@link GaeEstimator} (truncated steps bootstrap, terminated ones do not), objective by objective.
 * Because GAE is linear in the rewards, {@code sum_j w_j A_j} equals the GAE of the linearly scalarised reward
 * with a critic equal to {@code sum_j w_j V_j}.
 */
public final class VectorGae {
    private final VectorCritic critic;
    private final double gamma;
    private final double lambda;

    public VectorGae(VectorCritic critic, double gamma, double lambda) {
        this.critic = critic;
        this.gamma = gamma;
        this.lambda = lambda;
    }

    public VectorAdvantageBatch estimate(TrajectoryBatch b) {
        int k = b.numObjectives();
        if (critic.numObjectives() != k) {
            throw new IllegalArgumentException("the critic has " + critic.numObjectives() + " heads, the batch "
                    + k + " objectives " + b.spec.objectives());
        }
        int n = b.numEnvs;
        int rows = b.rows();
        int od = b.spec.obsDim();
        float[] v = critic.values(Nd4j.create(b.obs, new long[] {rows, od}, 'c'));
        float[] vNext = critic.values(Nd4j.create(b.nextObs, new long[] {n, od}, 'c'));
        float[] vFinal = finalValues(b, k);
        return estimate(b, v, vNext, vFinal, gamma, lambda);
    }

    private float[] finalValues(TrajectoryBatch b, int k) {
        int od = b.spec.obsDim();
        int count = 0;
        for (float[] f : b.finalObs) if (f != null) count++;
        float[] out = new float[b.rows() * k];
        if (count == 0) return out;
        float[] flat = new float[count * od];
        int c = 0;
        for (float[] f : b.finalObs) if (f != null) System.arraycopy(f, 0, flat, od * c++, od);
        float[] vals = critic.values(Nd4j.create(flat, new long[] {count, od}, 'c'));
        c = 0;
        for (int i = 0; i < b.rows(); i++) {
            if (b.finalObs[i] != null) System.arraycopy(vals, k * c++, out, i * k, k);
        }
        return out;
    }

    /**
     * The per-objective recursion on plain arrays.
     *
     * @param v values per row, [rows * k]
     * @param vNext values after the last step, [numEnvs * k]
     * @param vFinal values of the final observation at truncated rows, [rows * k]
     */
    public static VectorAdvantageBatch estimate(TrajectoryBatch b, float[] v, float[] vNext, float[] vFinal,
                                                double gamma, double lambda) {
        int k = b.numObjectives();
        int rows = b.rows();
        int n = b.numEnvs;
        float[] adv = new float[rows * k];
        float[] ret = new float[rows * k];
        float[] vj = new float[rows];
        float[] nj = new float[n];
        float[] fj = new float[rows];
        float[] aj = new float[rows];
        float[] rj = new float[rows];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < rows; i++) {
                vj[i] = v[i * k + j];
                fj[i] = vFinal[i * k + j];
            }
            for (int e = 0; e < n; e++) nj[e] = vNext[e * k + j];
            GaeEstimator.recurse(b, b.rewardVectors, k, j, vj, nj, fj, gamma, lambda, aj, rj);
            for (int i = 0; i < rows; i++) {
                adv[i * k + j] = aj[i];
                ret[i * k + j] = rj[i];
            }
        }
        return new VectorAdvantageBatch(b, k, adv, ret, v);
    }
}
