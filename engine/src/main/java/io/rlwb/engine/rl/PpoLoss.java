package io.rlwb.engine.rl;

import io.rlwb.engine.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * PPO's clipped objective over the wired policy and critic: {@code L = L_clip + c_v L_V - c_e mean(H)}, the
 * {@link PpoSurrogate} of the policy plus the critic's own value loss ({@link Critic#fitValues}), optionally
 * clipped around the old values.
 */
public final class PpoLoss {
    private final PpoSurrogate surrogate;
    private final Critic critic;
    private final double vfCoef;
    private final boolean clipValueLoss;
    private final List<Parameter> parameters;

    /** What one minibatch step measured, with CleanRL's metric meanings. */
    public record Stats(double loss, double policyLoss, double valueLoss, double entropy, double approxKl,
                        double oldApproxKl, double clipFrac) {}

    public PpoLoss(Policy policy, Critic critic, double clipCoef, double vfCoef, double entCoef, boolean clipValueLoss,
                   boolean normalizeAdvantages) {
        this.surrogate = new PpoSurrogate(policy, clipCoef, entCoef, normalizeAdvantages);
        this.critic = critic;
        this.vfCoef = vfCoef;
        this.clipValueLoss = clipValueLoss;
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Parameter> all = new ArrayList<>();
        for (Parameter p : policy.parameters()) if (seen.add(p)) all.add(p);
        for (Parameter p : critic.parameters()) if (seen.add(p)) all.add(p);
        this.parameters = List.copyOf(all);
    }

    public Policy policy() { return surrogate.policy(); }

    public Critic critic() { return critic; }

    /** The policy half of the objective. */
    public PpoSurrogate surrogate() { return surrogate; }

    /** Weight of the value loss. */
    public double vfCoef() { return vfCoef; }

    /** A guard over {@link #parameters()} naming them {@code policy.*} and {@code critic.*} (shared: policy). */
    public io.rlwb.engine.nn.DivergenceGuard divergenceGuard() {
        java.util.Map<String, List<Parameter>> groups = new java.util.LinkedHashMap<>();
        groups.put("policy", surrogate.policy().parameters());
        groups.put("critic", critic.parameters());
        return io.rlwb.engine.nn.DivergenceGuard.of(groups);
    }

    /** Policy and critic parameters, each once even when shared. */
    public List<Parameter> parameters() { return parameters; }

    /** The value half as {@link PpoUpdate} fits it: the critic toward the returns, clipped when configured. */
    public double fitValues(INDArray obs, INDArray returns, INDArray oldValues) {
        return critic.fitValues(obs, returns, oldValues, clipValueLoss ? surrogate.clipCoef() : 0.0, vfCoef);
    }

    /**
     * Computes the loss over one minibatch and accumulates its gradient into the parameters.
     *
     * @param obs [B, obsDim]
     * @param actions [B, actionValues]
     */
    public Stats step(INDArray obs, INDArray actions, float[] oldLogProb, float[] advantages, INDArray returns,
                      INDArray oldValues) {
        PpoSurrogate.Stats s = surrogate.step(obs, actions, oldLogProb, advantages);
        double vLoss = fitValues(obs, returns, oldValues);
        double loss = s.policyLoss() - surrogate.entCoef() * s.entropy() + vfCoef * vLoss;
        return new Stats(loss, s.policyLoss(), vLoss, s.entropy(), s.approxKl(), s.oldApproxKl(), s.clipFrac());
    }
}
