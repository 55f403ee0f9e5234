package io.rlwb.plugins.distributional;

import io.rlwb.engine.nn.Optimizer;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DSAC-T: Distributional Soft Actor-Critic with Three refinements (Duan et al., "Distributional Soft
 * Actor-Critic with Three Refinements", 2023/2025; the authors' DSAC-v2 code). The critics are Gaussian,
 * Z_m(s, a) ~ N(Q_m, sigma_m^2) ({@link TwinQCritic} with {@code gaussian}).
 *
 * <p>Per sampled batch, with {@code a' ~ pi(.|s')}, {@code m*} the target critic with the smaller mean and
 * {@code z ~ N(0, 1)} clipped to [-3, 3]:
 * <ul>
 *   <li>{@code y_q = r + gamma (1 - d) (Q'_{m*}(s', a') - alpha log pi(a'|s'))} (the expected target),
 *   <li>{@code y_z = r + gamma (1 - d) (Q'_{m*} + z sigma'_{m*} - alpha log pi)} (a sampled return),
 *   <li>per critic m, {@code y_b = Q_m + clamp(y_z - Q_m, -3 sigma_bar_m, 3 sigma_bar_m)} with Q_m stopped,
 *   <li>loss_m = {@code mean(omega * (huber_50(Q_m - y_mean) + sigma_m (sigma_d^2 - huber_50(Q_d - y_b)) / (sigma_d + 0.1)))},
 *       sigma_d and Q_d = sigma_m and Q_m with stopped gradient, sigma_bar_m the running mean of sigma_d (rate
 *       tau_b); this is the form of the authors' DSAC-v2 code ({@code dsac_t.py}).
 * </ul>
 * The three refinements, each switchable:
 * <ol>
 *   <li>{@code expectedValueSubstitution}: y_mean = y_q; off, the mean is fitted to the clipped sampled y_b
 *       (DSAC-v1's sampled target);
 *   <li>{@code twin}: two critics, min over target means for the target, min over means for the actor; off,
 *       critic 1 alone (critic 2 is left untrained);
 *   <li>{@code varianceAdjustment}: {@code omega = clamp(sigma_bar^2 / (sigma_d^2 + 0.1), 0.1, 10)}; off, omega = 1.
 * </ol>
 */
final class DsacTTrainer extends SoftActorCritic {
    /** The three switches and the running-mean rate of sigma_bar. */
    record Refinements(boolean expectedValueSubstitution, boolean twin, boolean varianceAdjustment, double tauB) {}

    static final double HUBER_DELTA = 50;
    static final double BIAS = 0.1;

    private final Refinements ref;
    private final double[] sigmaBar = {Double.NaN, Double.NaN};

    DsacTTrainer(ReplayBuffer replay, TanhGaussianPolicy policy, TwinQCritic critic, Optimizer actorOpt,
            Optimizer criticOpt, Settings s, Refinements ref, long seed) {
        this(replay, policy, critic, actorOpt, criticOpt, s, ref, seed, io.rlwb.engine.nn.UpdatePath.forBackend());
    }

    /** As the other constructor, with the gradient steps on {@code path} (tests run the device path on CPU). */
    DsacTTrainer(ReplayBuffer replay, TanhGaussianPolicy policy, TwinQCritic critic, Optimizer actorOpt,
            Optimizer criticOpt, Settings s, Refinements ref, long seed, io.rlwb.engine.nn.UpdatePath path) {
        super(replay, policy, critic, actorOpt, criticOpt, s, seed, path);
        if (!critic.gaussian()) throw new IllegalArgumentException("DSAC-T needs a Gaussian twin-Q critic");
        this.ref = ref;
    }

    @Override
    boolean twinForActor() {
        return ref.twin();
    }

    double sigmaBar(int m) {
        return sigmaBar[m];
    }

    /** The device path (ADR 0035): targets, losses and gradients as ND4J ops; one named read of the metrics. */
    @Override
    void updateCriticOnDevice(ReplayBuffer.DeviceBatch b, double progress) {
        int members = ref.twin() ? 2 : 1;
        Parameters.zeroGrad(critic.parameters());
        double[] st = io.rlwb.engine.nn.HostArrays.toDoubles(device.dsacCritic(b, rng, s.gamma(), ref, sigmaBar));
        double total = 0;
        for (int m = 0; m < members; m++) {
            sigmaBar[m] = st[4 * m + 2];
            total += st[4 * m];
            add(member(QF_MEMBER_LOSS, m), st[4 * m]);
            add(member(QF_MEMBER_VALUES, m), st[4 * m + 1]);
            add(member(SIGMA_BAR, m), sigmaBar[m]);
            add(member(OMEGA, m), st[4 * m + 3]);
        }
        add(QF_LOSS.key(), total);
        criticOpt.step(progress);
        criticGuard.parameters();
    }

    @Override
    void updateCritic(ReplayBuffer.Batch b, double progress) {
        int members = ref.twin() ? 2 : 1;
        if (device != null) {
            updateCriticOnDevice(ReplayBuffer.DeviceBatch.of(b), progress);
            return;
        }
        int n = b.size();
        SquashedGaussian.Sample next = policy.sample(matrix(b.nextObs(), n, b.obsDim()), rng, false);
        INDArray xNext = critic.input(b.nextObs(), next.action, n);
        double[][] tOut = new double[members][];
        for (int m = 0; m < members; m++) tOut[m] = critic.predictTarget(m, xNext);
        double alpha = alpha();
        double[] yq = new double[n];
        double[] yz = new double[n];
        for (int i = 0; i < n; i++) {
            int pick = members == 2 && tOut[1][2 * i] < tOut[0][2 * i] ? 1 : 0;
            double mean = tOut[pick][2 * i];
            double sigma = TwinQCritic.sigma(tOut[pick][2 * i + 1]);
            double z = Math.max(-3, Math.min(3, rng.nextGaussian()));
            double notDone = 1 - b.terminated()[i];
            yq[i] = b.rewards()[i] + s.gamma() * notDone * (mean - alpha * next.logp[i]);
            yz[i] = b.rewards()[i] + s.gamma() * notDone * (mean + z * sigma - alpha * next.logp[i]);
        }
        double[] a = new double[b.actions().length];
        for (int i = 0; i < a.length; i++) a[i] = b.actions()[i];
        INDArray x = critic.input(b.obs(), a, n);
        critic.observe(x);
        Parameters.zeroGrad(critic.parameters());
        double total = 0;
        for (int m = 0; m < members; m++) {
            double[] out = critic.forward(m, x);
            double[] sigmaD = new double[n];
            double meanSigma = 0;
            for (int i = 0; i < n; i++) {
                sigmaD[i] = TwinQCritic.sigma(out[2 * i + 1]);
                meanSigma += sigmaD[i] / n;
            }
            sigmaBar[m] = Double.isNaN(sigmaBar[m]) ? meanSigma : (1 - ref.tauB()) * sigmaBar[m] + ref.tauB() * meanSigma;
            double[] yb = new double[n];
            double[] omega = new double[n];
            double[] qD = new double[n];
            for (int i = 0; i < n; i++) {
                qD[i] = out[2 * i];
                yb[i] = boundedTarget(out[2 * i], yz[i], sigmaBar[m]);
                omega[i] = ref.varianceAdjustment() ? omega(sigmaBar[m], sigmaD[i]) : 1.0;
            }
            double[] dOut = new double[2 * n];
            double loss = criticLoss(out, ref.expectedValueSubstitution() ? yq : yb, yb, qD, sigmaD, omega, dOut);
            critic.backward(m, dOut, false);
            total += loss;
            add(member(QF_MEMBER_LOSS, m), loss);
            add(member(QF_MEMBER_VALUES, m), meanOfEven(out));
            add(member(SIGMA_BAR, m), sigmaBar[m]);
            add(member(OMEGA, m), SacTrainer.mean(omega));
        }
        add(QF_LOSS.key(), total);
        criticOpt.step(progress);
        criticGuard.parameters();
    }

    /** {@code omega = clamp(sigma_bar^2 / (sigma_d^2 + 0.1), 0.1, 10)}. */
    static double omega(double sigmaBar, double sigmaD) {
        return Math.max(0.1, Math.min(10, sigmaBar * sigmaBar / (sigmaD * sigmaD + BIAS)));
    }

    /** {@code q + clamp(yz - q, -3 sigma_bar, 3 sigma_bar)}. */
    static double boundedTarget(double q, double yz, double sigmaBar) {
        double bound = 3 * sigmaBar;
        return q + Math.max(-bound, Math.min(bound, yz - q));
    }

    /** PyTorch's {@code huber_loss(x, 0, delta)}: {@code 0.5 x^2} for |x| <= delta, else {@code delta (|x| - 0.5 delta)}. */
    static double huber(double x) {
        double a = Math.abs(x);
        return a <= HUBER_DELTA ? 0.5 * x * x : HUBER_DELTA * (a - 0.5 * HUBER_DELTA);
    }

    /**
     * The DSAC-T critic loss of one critic over a batch, in the authors' form,
     * {@code mean(omega * (huber(Q - y_mean) + sigma (sigma_d^2 - huber(Q_d - y_b)) / (sigma_d + 0.1)))}, and its
     * gradient with respect to the network outputs {@code out} ([B, 2]: mean, raw sigma). {@code yMean},
     * {@code yb}, {@code qD} (the means with stopped gradient), {@code sigmaD} and {@code omega} are
     * stopped-gradient inputs, so the sigma term sends no gradient into the mean.
     */
    static double criticLoss(double[] out, double[] yMean, double[] yb, double[] qD, double[] sigmaD, double[] omega,
            double[] dOut) {
        int n = yMean.length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double q = out[2 * i];
            double raw = out[2 * i + 1];
            double sigma = TwinQCritic.sigma(raw);
            double e = q - yMean[i];
            double dHuber = Math.abs(e) <= HUBER_DELTA ? e : HUBER_DELTA * Math.signum(e);
            double spread = (sigmaD[i] * sigmaD[i] - huber(qD[i] - yb[i])) / (sigmaD[i] + BIAS);
            total += omega[i] * (huber(e) + sigma * spread);
            if (dOut != null) {
                dOut[2 * i] = omega[i] * dHuber / n;
                dOut[2 * i + 1] = omega[i] * spread * TwinQCritic.dSigma(raw) / n;
            }
        }
        return total / n;
    }

    private static double meanOfEven(double[] out) {
        double s = 0;
        for (int i = 0; i < out.length; i += 2) s += out[i];
        return s / (out.length / 2.0);
    }

    /** DSAC-T's own state: each critic's running mean sigma. */
    @Override
    void saveExtra(io.rlwb.engine.spi.StateWriter out) {
        out.doubles("sigma_bar", sigmaBar);
    }

    @Override
    void restoreExtra(io.rlwb.engine.spi.StateReader in) {
        double[] s = in.doubles("sigma_bar");
        System.arraycopy(s, 0, sigmaBar, 0, sigmaBar.length);
    }
}
