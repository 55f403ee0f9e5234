package io.rlwb.engine.rl;

import io.rlwb.engine.env.StepEnd;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Generalised advantage estimation (Schulman et al. 2016) with the wired critic:
 * {@code delta_t = r_t + gamma * V(s_{t+1}) * (1 - terminated_t) - V(s_t)},
 * {@code A_t = delta_t + gamma * lambda * (1 - done_t) * A_{t+1}}, returns {@code A_t + V(s_t)}.
 * A truncated step bootstraps from the value of its final observation; a terminated one does not (CleanRL's
 * PPO treats both as terminal, which biases values near the time limit).
 */
public final class GaeEstimator {
    private final Critic critic;
    private final double gamma;
    private final double lambda;

    public GaeEstimator(Critic critic, double gamma, double lambda) {
        this.critic = critic;
        this.gamma = gamma;
        this.lambda = lambda;
    }

    public AdvantageBatch estimate(TrajectoryBatch b) {
        int n = b.numEnvs;
        int rows = b.rows();
        int od = b.spec.obsDim();
        float[] v = critic.values(Nd4j.create(b.obs, new long[] {rows, od}, 'c')).toFloatVector();
        float[] vNext = critic.values(Nd4j.create(b.nextObs, new long[] {n, od}, 'c')).toFloatVector();
        float[] vFinal = finalValues(b);
        return estimate(b, v, vNext, vFinal, gamma, lambda);
    }

    /** V of the final observations of truncated steps, batched; indexed by row, 0 elsewhere. */
    private float[] finalValues(TrajectoryBatch b) {
        int od = b.spec.obsDim();
        int count = 0;
        for (float[] f : b.finalObs) if (f != null) count++;
        float[] out = new float[b.rows()];
        if (count == 0) return out;
        float[] flat = new float[count * od];
        int k = 0;
        for (float[] f : b.finalObs) if (f != null) System.arraycopy(f, 0, flat, od * k++, od);
        float[] vals = critic.values(Nd4j.create(flat, new long[] {count, od}, 'c')).toFloatVector();
        k = 0;
        for (int i = 0; i < b.rows(); i++) if (b.finalObs[i] != null) out[i] = vals[k++];
        return out;
    }

    /**
     * The recursion itself, on plain arrays (tested against a reference loop).
     *
     * @param v V(s_t) per row
     * @param vNext V of the observation after the last step, per environment
     * @param vFinal V of the final observation at truncated rows
     */
    public static AdvantageBatch estimate(TrajectoryBatch b, float[] v, float[] vNext, float[] vFinal, double gamma,
                                          double lambda) {
        int rows = b.rows();
        float[] adv = new float[rows];
        float[] ret = new float[rows];
        recurse(b, b.rewards, 1, 0, v, vNext, vFinal, gamma, lambda, adv, ret);
        return new AdvantageBatch(b, adv, ret, v);
    }

    /**
     * The recursion over one reward stream: row {@code i}'s reward is {@code rewards[i * stride + offset]}, so
     * the scalar rewards ({@code stride 1}) and each objective of the reward vectors ({@code stride k},
     * {@code offset j}) share one implementation. Writes advantages and returns per row.
     */
    public static void recurse(TrajectoryBatch b, float[] rewards, int stride, int offset, float[] v, float[] vNext,
                               float[] vFinal, double gamma, double lambda, float[] adv, float[] ret) {
        int n = b.numEnvs;
        for (int e = 0; e < n; e++) {
            double next = 0; // A_{t+1}
            for (int t = b.numSteps - 1; t >= 0; t--) {
                int i = t * n + e;
                StepEnd end = b.ends[i];
                double nextValue = switch (end) {
                    case TERMINATED -> 0.0;
                    case TRUNCATED -> vFinal[i];
                    case NONE -> t == b.numSteps - 1 ? vNext[e] : v[i + n];
                };
                double delta = rewards[i * stride + offset] + gamma * nextValue - v[i];
                double carry = end.done() || t == b.numSteps - 1 ? 0.0 : next;
                double a = delta + gamma * lambda * carry;
                adv[i] = (float) a;
                ret[i] = (float) (a + v[i]);
                next = a;
            }
        }
    }
}
