package io.rlwb.plugins.distributional;

import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.nn.DivergenceGuard;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Optimizer;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import io.rlwb.engine.nn.UpdatePath;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.RunServices;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What SAC and DSAC-T share: the off-policy loop (one env step, then {@code updatesPerStep} updates once
 * {@code learningStarts} steps are stored), the actor update through the tanh squash, the automatic entropy
 * temperature and the Polyak target update. Subclasses supply the critic update.
 *
 * <p>Actor loss: {@code mean(alpha log pi(a~|s) - Q(s, a~))} with {@code a~} reparameterised and Q the smaller of
 * the two critics (or critic 1 alone). Temperature loss: {@code -log alpha * mean(log pi + target_entropy)}, the
 * gradient through log alpha only (CleanRL's and SB3's form).
 */
abstract class SoftActorCritic implements io.rlwb.engine.spi.Stateful {
    static final MetricSpec QF_LOSS = MetricSpec.of("losses/qf_loss", MetricSpec.Role.KEY,
            "Sum of the two critics' losses");
    static final MetricSpec QF_MEMBER_LOSS = MetricSpec.of("losses/qf<member>_loss", MetricSpec.Role.DETAIL,
            "One critic's loss");
    static final MetricSpec QF_MEMBER_VALUES = MetricSpec.of("losses/qf<member>_values", MetricSpec.Role.DETAIL,
            "One critic's mean Q on the batch");
    static final MetricSpec SIGMA_BAR = MetricSpec.of("losses/sigma_bar<member>", MetricSpec.Role.DETAIL,
            "DSAC-T: running mean sigma of one critic");
    static final MetricSpec OMEGA = MetricSpec.of("losses/omega<member>", MetricSpec.Role.DETAIL,
            "DSAC-T: mean variance adjustment of one critic");
    static final MetricSpec ACTOR_LOSS = MetricSpec.of("losses/actor_loss", MetricSpec.Role.KEY, "The actor's loss");
    static final MetricSpec ALPHA_LOSS = MetricSpec.of("losses/alpha_loss", MetricSpec.Role.DETAIL,
            "The temperature's loss (autotune)");
    static final MetricSpec ALPHA = MetricSpec.of("losses/alpha", MetricSpec.Role.DETAIL, "The entropy temperature");
    static final MetricSpec ENTROPY = MetricSpec.of("losses/entropy", MetricSpec.Role.KEY,
            "Mean policy entropy estimate (-log pi)");
    static final MetricSpec UPDATES = MetricSpec.of("charts/updates", MetricSpec.Role.DETAIL,
            "Gradient updates in the iteration");
    static final MetricSpec ENV_STEP_US = MetricSpec.of("perf/env_step_us", MetricSpec.Role.DETAIL,
            "Mean microseconds per env step, acting included (wall clock)");
    static final MetricSpec CRITIC_UPDATE_US = MetricSpec.of("perf/critic_update_us", MetricSpec.Role.DETAIL,
            "Mean microseconds per critic update, batch sampling included (wall clock)");
    static final MetricSpec ACTOR_UPDATE_US = MetricSpec.of("perf/actor_update_us", MetricSpec.Role.DETAIL,
            "Mean microseconds per actor and temperature update (wall clock)");
    static final MetricSpec TARGET_UPDATE_US = MetricSpec.of("perf/target_update_us", MetricSpec.Role.DETAIL,
            "Mean microseconds per Polyak target update (wall clock)");
    /** What the soft trainers record (SAC and DSAC-T; only DSAC-T records sigma_bar and omega). */
    static final List<MetricSpec> METRICS = List.of(QF_LOSS, QF_MEMBER_LOSS, QF_MEMBER_VALUES, SIGMA_BAR, OMEGA,
            ACTOR_LOSS, ALPHA_LOSS, ALPHA, ENTROPY, UPDATES, ENV_STEP_US, CRITIC_UPDATE_US, ACTOR_UPDATE_US,
            TARGET_UPDATE_US);

    /** The key of critic {@code m} (0 or 1) in a {@code <member>} family: {@code losses/qf1_loss}. */
    static String member(MetricSpec family, int m) {
        return family.key().replace("<member>", Integer.toString(m + 1));
    }

    /** Settings shared by both trainers. */
    record Settings(double gamma, double tau, int batchSize, long learningStarts, int stepsPerIteration,
            int updatesPerStep, double initialAlpha, boolean autotune, double alphaLr, double targetEntropyScale) {}

    protected final ReplayBuffer replay;
    protected final TanhGaussianPolicy policy;
    protected final TwinQCritic critic;
    protected final Optimizer actorOpt;
    protected final Optimizer criticOpt;
    protected final Settings s;
    protected SplittableRandom rng;
    private final long seed;
    protected final Parameter logAlpha;
    private final Adam alphaOpt;
    /** Check the parameters after each step of the actor, the critics and the temperature. */
    protected final DivergenceGuard actorGuard;
    protected final DivergenceGuard criticGuard;
    private final DivergenceGuard alphaGuard;
    private final double targetEntropy;
    /** The gradient steps' device form (ADR 0031), or null on the host path. */
    protected final DeviceSoftUpdates device;
    protected final Map<String, double[]> sums = new LinkedHashMap<>();
    private int updates;
    /** Nanoseconds spent per part since the last metrics: env steps, critic, actor and temperature, targets. */
    private final long[] nanos = new long[4];
    private long envStepsTimed;
    private long updatesTimed;

    SoftActorCritic(ReplayBuffer replay, TanhGaussianPolicy policy, TwinQCritic critic, Optimizer actorOpt,
            Optimizer criticOpt, Settings s, long seed) {
        this(replay, policy, critic, actorOpt, criticOpt, s, seed, UpdatePath.forBackend());
    }

    /** As the other constructor, with the gradient steps on {@code path} (tests run the device path on CPU). */
    SoftActorCritic(ReplayBuffer replay, TanhGaussianPolicy policy, TwinQCritic critic, Optimizer actorOpt,
            Optimizer criticOpt, Settings s, long seed, UpdatePath path) {
        this.replay = replay;
        this.policy = policy;
        this.critic = critic;
        this.actorOpt = actorOpt;
        this.criticOpt = criticOpt;
        this.s = s;
        this.rng = new SplittableRandom(seed);
        this.seed = seed;
        this.logAlpha = new Parameter("log_alpha", Nd4j.create(new double[] {Math.log(s.initialAlpha())}, new long[] {1, 1},
                DataType.DOUBLE));
        this.alphaOpt = new Adam(List.of(logAlpha), s.alphaLr(), false);
        this.targetEntropy = -s.targetEntropyScale() * policy.spec().actions().dim();
        this.actorGuard = DivergenceGuard.of("actor", policy.parameters());
        Map<String, List<Parameter>> critics = new LinkedHashMap<>();
        for (int m = 0; m < 2; m++) critics.put("critic.q" + m, critic.parameters(m));
        this.criticGuard = DivergenceGuard.of(critics);
        this.alphaGuard = DivergenceGuard.of(List.of(logAlpha));
        this.device = path == UpdatePath.DEVICE ? new DeviceSoftUpdates(policy, critic, logAlpha) : null;
    }

    double alpha() {
        return Math.exp(HostArrays.scalar(logAlpha.value()));
    }

    /** Whether the actor's Q is the minimum of both critics (true) or critic 1 alone. */
    abstract boolean twinForActor();

    /** One critic update on a sampled batch; adds its metrics through {@link #add}. */
    abstract void updateCritic(ReplayBuffer.Batch b, double progress);

    /** The device path's critic update on a minibatch that lives in arrays (ADR 0031, 0037). */
    abstract void updateCriticOnDevice(ReplayBuffer.DeviceBatch b, double progress);

    /** One trainer iteration: {@code stepsPerIteration} env steps, each followed by the updates due. */
    void iterate(RunServices run) {
        // Iteration i samples batches and actions from a stream derived from (seed, i) (ADR 0020).
        rng = io.rlwb.engine.spi.Streams.at(seed, run.iteration());
        for (int k = 0; k < s.stepsPerIteration() && !run.cancelled(); k++) {
            long t0 = System.nanoTime();
            replay.collectStep(run);
            nanos[0] += System.nanoTime() - t0;
            envStepsTimed++;
            if (run.envSteps() < s.learningStarts()) continue;
            for (int u = 0; u < s.updatesPerStep(); u++) {
                long t1 = System.nanoTime();
                long t2;
                if (device != null) {
                    // The device path samples on the device (ADR 0037): the same rows as the host path draws.
                    ReplayBuffer.DeviceBatch b = replay.sampleOnDevice(s.batchSize(), rng);
                    updateCriticOnDevice(b, run.progress());
                    t2 = System.nanoTime();
                    updateActorAndAlphaOnDevice(b, run.progress());
                } else {
                    ReplayBuffer.Batch b = replay.sample(s.batchSize(), rng);
                    updateCritic(b, run.progress());
                    t2 = System.nanoTime();
                    updateActorAndAlpha(b, run.progress());
                }
                long t3 = System.nanoTime();
                critic.updateTargets(s.tau());
                long t4 = System.nanoTime();
                nanos[1] += t2 - t1;
                nanos[2] += t3 - t2;
                nanos[3] += t4 - t3;
                updates++;
                updatesTimed++;
            }
        }
        logTimings(run);
        if (updates == 0) return;
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            if (e.getValue()[1] > 0) run.metric(e.getKey(), e.getValue()[0] / e.getValue()[1]);
            e.getValue()[0] = 0;
            e.getValue()[1] = 0;
        }
        run.metric(UPDATES.key(), updates);
    }

    /**
     * Where the time goes, per iteration: mean microseconds per env step (acting included) and per update part
     * (critic incl. batch sampling, actor with temperature, Polyak targets). Wall-clock, so load-dependent.
     */
    private void logTimings(RunServices run) {
        if (envStepsTimed > 0) run.metric(ENV_STEP_US.key(), nanos[0] / 1e3 / envStepsTimed);
        if (updatesTimed > 0) {
            run.metric(CRITIC_UPDATE_US.key(), nanos[1] / 1e3 / updatesTimed);
            run.metric(ACTOR_UPDATE_US.key(), nanos[2] / 1e3 / updatesTimed);
            run.metric(TARGET_UPDATE_US.key(), nanos[3] / 1e3 / updatesTimed);
        }
        java.util.Arrays.fill(nanos, 0);
        envStepsTimed = 0;
        updatesTimed = 0;
    }

    /** Adds {@code v} to the iteration's mean of {@code key}; a NaN or infinite value stops the run. */
    protected void add(String key, double v) {
        DivergenceGuard.check(key, v, "update " + (updates + 1));
        double[] a = sums.computeIfAbsent(key, x -> new double[2]);
        a[0] += v;
        a[1]++;
    }

    void updateActorAndAlpha(ReplayBuffer.Batch b, double progress) {
        if (device != null) {
            updateActorAndAlphaOnDevice(ReplayBuffer.DeviceBatch.of(b), progress);
            return;
        }
        int n = b.size();
        INDArray obs = Nd4j.create(b.obs(), new long[] {n, b.obsDim()}, 'c');
        Parameters.zeroGrad(policy.parameters());
        SquashedGaussian.Sample smp = policy.sample(obs, rng, true);
        INDArray x = critic.input(b.obs(), smp.action, n);
        int outs = critic.outputs();
        int members = twinForActor() ? 2 : 1;
        double[][] q = new double[members][];
        for (int m = 0; m < members; m++) q[m] = critic.forward(m, x);
        double alpha = alpha();
        double[][] dq = new double[members][n * outs];
        double[] dLogp = new double[n];
        double loss = 0;
        double meanLogp = 0;
        for (int i = 0; i < n; i++) {
            int pick = members == 2 && q[1][i * outs] < q[0][i * outs] ? 1 : 0;
            loss += (alpha * smp.logp[i] - q[pick][i * outs]) / n;
            dq[pick][i * outs] = -1.0 / n;
            dLogp[i] = alpha / n;
            meanLogp += smp.logp[i] / n;
        }
        double[] dAction = new double[n * policy.distribution().dim()];
        for (int m = 0; m < members; m++) {
            double[] da = critic.actionGradient(m, dq[m]); // the critic's own update zeroes its gradients first
            for (int i = 0; i < da.length; i++) dAction[i] += da[i];
        }
        policy.backward(smp, dAction, dLogp);
        add(ACTOR_LOSS.key(), loss);
        actorOpt.step(progress);
        actorGuard.parameters();
        if (s.autotune()) {
            double la = HostArrays.scalar(logAlpha.value());
            add(ALPHA_LOSS.key(), temperatureLoss(la, meanLogp, targetEntropy));
            logAlpha.grad().putScalar(0, temperatureGradient(meanLogp, targetEntropy));
            alphaOpt.step(progress);
            alphaGuard.parameters();
        }
        add(ALPHA.key(), alpha());
        add(ENTROPY.key(), -meanLogp);
    }

    /**
     * The device path's actor and temperature step (ADR 0031): the same losses as ND4J ops, then one named host
     * read of the step's metrics (actor loss, temperature loss, mean log pi, alpha after the step).
     */
    void updateActorAndAlphaOnDevice(ReplayBuffer.DeviceBatch b, double progress) {
        Parameters.zeroGrad(policy.parameters());
        DeviceSoftUpdates.Actor a = device.actor(b, rng, twinForActor());
        actorOpt.step(progress);
        actorGuard.parameters();
        INDArray shift = a.meanLogp().castTo(DataType.DOUBLE).addi(targetEntropy).reshape(1, 1); // mean log pi + H*
        INDArray alphaLoss = Nd4j.zeros(DataType.DOUBLE, 1);
        if (s.autotune()) {
            alphaLoss = logAlpha.value().mul(shift).negi().reshape(1);
            logAlpha.grad().assign(shift.neg()); // temperatureGradient, set as the host path sets it
            alphaOpt.step(progress);
            alphaGuard.parameters();
        }
        double[] m = io.rlwb.engine.nn.HostArrays.toDoubles(Nd4j.concat(0, a.loss().castTo(DataType.DOUBLE), alphaLoss,
                a.meanLogp().castTo(DataType.DOUBLE), Transforms.exp(logAlpha.value(), true).reshape(1)));
        add(ACTOR_LOSS.key(), m[0]);
        if (s.autotune()) add(ALPHA_LOSS.key(), m[1]);
        add(ALPHA.key(), m[3]);
        add(ENTROPY.key(), -m[2]);
    }

    /** {@code -log_alpha * (mean log pi + target entropy)}. */
    static double temperatureLoss(double logAlpha, double meanLogp, double targetEntropy) {
        return -logAlpha * (meanLogp + targetEntropy);
    }

    /** d temperature loss / d log_alpha. */
    static double temperatureGradient(double meanLogp, double targetEntropy) {
        return -(meanLogp + targetEntropy);
    }

    /** Row-major [rows, cols] floats as an INDArray (copied). */
    static INDArray matrix(float[] data, int rows, int cols) {
        return Nd4j.create(data, new long[] {rows, cols}, 'c');
    }

    /**
     * State (ADR 0020): both optimisers' moments and steps, the temperature and its optimiser, the update count and
     * the subclass's own ({@link #saveExtra}). Networks and targets are their nodes' state, the replay its node's.
     */
    @Override
    public void saveState(io.rlwb.engine.spi.StateWriter out) {
        out.tensors("actor_optimizer", named(actorOpt));
        out.tensors("critic_optimizer", named(criticOpt));
        out.tensor("log_alpha", logAlpha.value());
        out.tensors("alpha_optimizer", alphaOpt);
        out.value("updates", updates);
        saveExtra(out);
    }

    @Override
    public void restoreState(io.rlwb.engine.spi.StateReader in) {
        named(actorOpt).load(in.tensors("actor_optimizer"));
        named(criticOpt).load(in.tensors("critic_optimizer"));
        logAlpha.value().assign(in.tensor("log_alpha"));
        alphaOpt.load(in.tensors("alpha_optimizer"));
        updates = (int) in.longValue("updates");
        restoreExtra(in);
    }

    /** Subclass state beyond the shared part; none by default. */
    void saveExtra(io.rlwb.engine.spi.StateWriter out) {}

    void restoreExtra(io.rlwb.engine.spi.StateReader in) {}

    static io.rlwb.engine.nn.NamedTensors named(Optimizer o) {
        if (o instanceof io.rlwb.engine.nn.NamedTensors n) return n;
        throw new UnsupportedOperationException("the optimiser " + o.getClass().getSimpleName() + " cannot save its state");
    }
}
