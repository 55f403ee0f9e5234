package io.rlwb.plugins.distributional;

import io.rlwb.engine.nn.Optimizer;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Soft Actor-Critic (Haarnoja et al. 2018, with the automatic temperature of the 2018 "applications" paper),
 * as CleanRL's {@code sac_continuous_action.py} and SB3 compute it.
 *
 * <p>Critic update, per sampled batch: {@code a' ~ pi(.|s')},
 * {@code y = r + gamma (1 - terminated) (min_m Q'_m(s', a') - alpha log pi(a'|s'))}, and each of the two
 * critics minimises {@code mean((Q_m(s, a) - y)^2)}; their sum is {@code losses/qf_loss}. Actor, temperature and
 * target updates: {@link SoftActorCritic}.
 */
final class SacTrainer extends SoftActorCritic {
    SacTrainer(ReplayBuffer replay, TanhGaussianPolicy policy, TwinQCritic critic, Optimizer actorOpt,
            Optimizer criticOpt, Settings s, long seed) {
        this(replay, policy, critic, actorOpt, criticOpt, s, seed, io.rlwb.engine.nn.UpdatePath.forBackend());
    }

    /** As the other constructor, with the gradient steps on {@code path} (tests). */
    SacTrainer(ReplayBuffer replay, TanhGaussianPolicy policy, TwinQCritic critic, Optimizer actorOpt,
            Optimizer criticOpt, Settings s, long seed, io.rlwb.engine.nn.UpdatePath path) {
        super(replay, policy, critic, actorOpt, criticOpt, s, seed, path);
        if (critic.gaussian()) throw new IllegalArgumentException("SAC needs a scalar twin-Q critic");
    }

    @Override
    boolean twinForActor() {
        return true;
    }

    @Override
    void updateCritic(ReplayBuffer.Batch b, double progress) {
        if (device != null) {
            updateCriticOnDevice(ReplayBuffer.DeviceBatch.of(b), progress);
            return;
        }
        int n = b.size();
        SquashedGaussian.Sample next = policy.sample(matrix(b.nextObs(), n, b.obsDim()), rng, false);
        INDArray xNext = critic.input(b.nextObs(), next.action, n);
        double[] t1 = critic.predictTarget(0, xNext);
        double[] t2 = critic.predictTarget(1, xNext);
        double alpha = alpha();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = b.rewards()[i] + s.gamma() * (1 - b.terminated()[i]) * (Math.min(t1[i], t2[i]) - alpha * next.logp[i]);
        }
        double[] a = new double[b.actions().length];
        for (int i = 0; i < a.length; i++) a[i] = b.actions()[i];
        INDArray x = critic.input(b.obs(), a, n);
        critic.observe(x);
        Parameters.zeroGrad(critic.parameters());
        double total = 0;
        for (int m = 0; m < 2; m++) {
            double[] q = critic.forward(m, x);
            double[] dq = new double[n];
            double loss = mseLoss(q, y, dq);
            critic.backward(m, dq, false);
            total += loss;
            add(member(QF_MEMBER_LOSS, m), loss);
            add(member(QF_MEMBER_VALUES, m), mean(q));
        }
        add(QF_LOSS.key(), total);
        criticOpt.step(progress);
        criticGuard.parameters();
    }

    /** The device path (ADR 0031): target, losses and gradients as ND4J ops; one named read of the metrics. */
    @Override
    void updateCriticOnDevice(ReplayBuffer.DeviceBatch b, double progress) {
        Parameters.zeroGrad(critic.parameters());
        double[] st = io.rlwb.engine.nn.HostArrays.toDoubles(device.sacCritic(b, rng, s.gamma()));
        for (int m = 0; m < 2; m++) {
            add(member(QF_MEMBER_LOSS, m), st[m]);
            add(member(QF_MEMBER_VALUES, m), st[2 + m]);
        }
        add(QF_LOSS.key(), st[0] + st[1]);
        criticOpt.step(progress);
        criticGuard.parameters();
    }

    /** {@code mean((q - y)^2)} and its gradient {@code 2 (q - y) / B} into dq. */
    static double mseLoss(double[] q, double[] y, double[] dq) {
        int n = q.length;
        double l = 0;
        for (int i = 0; i < n; i++) {
            double e = q[i] - y[i];
            l += e * e / n;
            if (dq != null) dq[i] = 2 * e / n;
        }
        return l;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
