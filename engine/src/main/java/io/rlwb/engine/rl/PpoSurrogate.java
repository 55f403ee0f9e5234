package io.rlwb.engine.rl;

import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.UpdatePath;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The policy half of PPO's objective (Schulman et al. 2017):
 * {@code -mean(min(rho A, clip(rho, 1-eps, 1+eps) A)) - c_e mean(H)}, rho = exp(logp - logp_old). The min is
 * differentiated by hand, sample by sample: where the unclipped term is the minimum (which includes every sample
 * with rho inside the clip range) its gradient flows, elsewhere it is zero. SameDiff's min doubles the gradient at
 * ties, which is every unclipped sample, hence the manual gradient. {@link PpoLoss} adds a critic's value loss;
 * trainers whose critic is fitted another way (C-MORL's vector critic) use this alone.
 */
public final class PpoSurrogate {
    private final Policy policy;
    private final double clipCoef;
    private final double entCoef;
    private final boolean normalizeAdvantages;
    /** Where the head runs: in Java (host) or as ND4J ops ({@link DevicePpoSurrogate}, ADR 0031). */
    private final UpdatePath path;

    /** What one minibatch step measured, with CleanRL's metric meanings. */
    public record Stats(double policyLoss, double entropy, double approxKl, double oldApproxKl, double clipFrac) {}

    public PpoSurrogate(Policy policy, double clipCoef, double entCoef, boolean normalizeAdvantages) {
        this(policy, clipCoef, entCoef, normalizeAdvantages, UpdatePath.forBackend());
    }

    /** As the other constructor, on the given path (tests run the device path on the CPU backend). */
    public PpoSurrogate(Policy policy, double clipCoef, double entCoef, boolean normalizeAdvantages,
                        UpdatePath path) {
        this.path = java.util.Objects.requireNonNull(path, "path");
        this.policy = policy;
        this.clipCoef = clipCoef;
        this.entCoef = entCoef;
        this.normalizeAdvantages = normalizeAdvantages;
    }

    public Policy policy() { return policy; }

    public double clipCoef() { return clipCoef; }

    public double entCoef() { return entCoef; }

    /** The update path this surrogate computes on (and the {@link PpoUpdate} around it gathers minibatches on). */
    public UpdatePath path() { return path; }

    /**
     * As {@link #step(INDArray, INDArray, float[], float[])}, with the old log-probabilities and advantages already
     * in ND4J arrays ([B], gathered on the device by {@link PpoUpdate}); the device path only.
     */
    public Stats step(INDArray obs, INDArray actions, INDArray oldLogProb, INDArray advantages) {
        if (path != UpdatePath.DEVICE) {
            throw new IllegalStateException("the device form of the PPO surrogate on the host path");
        }
        return DevicePpoSurrogate.step(policy.evaluate(obs, actions), oldLogProb, advantages, clipCoef, entCoef,
                normalizeAdvantages);
    }

    /**
     * Computes the clipped surrogate and entropy bonus over one minibatch and accumulates their gradient into the
     * policy's parameters.
     *
     * @param obs [B, obsDim]
     * @param actions [B, actionValues]
     */
    public Stats step(INDArray obs, INDArray actions, float[] oldLogProb, float[] advantages) {
        int b = oldLogProb.length;
        Policy.Evaluation ev = policy.evaluate(obs, actions);
        if (path == UpdatePath.DEVICE) {
            // The minibatch's old log-probabilities and advantages come from Java (the rollout), as obs and actions.
            return DevicePpoSurrogate.step(ev, Nd4j.create(oldLogProb, new long[] {b}, 'c'),
                    Nd4j.create(advantages, new long[] {b}, 'c'), clipCoef, entCoef, normalizeAdvantages);
        }
        double[] logp = HostArrays.toDoubles(ev.logProb());
        double[] ent = HostArrays.toDoubles(ev.entropy());
        double[] adv = new double[b];
        double mean = 0;
        for (int i = 0; i < b; i++) mean += advantages[i];
        mean /= b;
        double var = 0;
        for (int i = 0; i < b; i++) var += (advantages[i] - mean) * (advantages[i] - mean);
        double std = b > 1 ? Math.sqrt(var / (b - 1)) : 0; // Bessel, as torch.std
        for (int i = 0; i < b; i++) adv[i] = normalizeAdvantages ? (advantages[i] - mean) / (std + 1e-8) : advantages[i];

        double[] dLogp = new double[b];
        double[] dEnt = new double[b];
        double pg = 0, entropy = 0, kl = 0, oldKl = 0, clipped = 0;
        for (int i = 0; i < b; i++) {
            double logRatio = logp[i] - oldLogProb[i];
            double ratio = Math.exp(logRatio);
            double unclipped = -adv[i] * ratio;
            double clippedTerm = -adv[i] * Math.max(1 - clipCoef, Math.min(1 + clipCoef, ratio));
            boolean inRange = ratio >= 1 - clipCoef && ratio <= 1 + clipCoef;
            pg += Math.max(unclipped, clippedTerm);
            // d/dlogp of max(unclipped, clippedTerm): the unclipped branch's -A*rho when it is the max or
            // when rho is inside the range (then both branches are the same function); zero otherwise.
            dLogp[i] = (inRange || unclipped >= clippedTerm) ? -adv[i] * ratio / b : 0.0;
            dEnt[i] = -entCoef / b;
            entropy += ent[i];
            kl += (ratio - 1) - logRatio;
            oldKl += -logRatio;
            if (Math.abs(ratio - 1) > clipCoef) clipped++;
        }
        pg /= b;
        entropy /= b;
        ev.backward(column(dLogp, ev.logProb()), column(dEnt, ev.entropy()));
        return new Stats(pg, entropy, kl / b, oldKl / b, clipped / b);
    }

    private static INDArray column(double[] v, INDArray like) {
        return Nd4j.create(v, like.shape(), like.dataType());
    }
}
