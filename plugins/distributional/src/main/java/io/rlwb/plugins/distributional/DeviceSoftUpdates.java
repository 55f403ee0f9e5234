package io.rlwb.plugins.distributional;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.Broadcast;
import io.rlwb.engine.nn.autodiff.Ops;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The device form of SAC's gradient steps (ADR 0031): the soft Bellman target, the critics' squared errors, the
 * reparameterised actor loss through the tanh squash ({@link SquashedGaussianOps}), the action gradient of the
 * critics and the temperature's gradient all run as ND4J ops; nothing per sample is read to Java. What still
 * crosses, by name: the Gaussian noise is written from Java (it comes from the run's seeded stream, ADR 0020),
 * the minibatch is gathered on the device from the replay's device storage (ADR 0037; its row indices are one
 * named write), and the metrics are read back as one small array per step.
 * The same formulas as {@link SacTrainer#updateCritic} and {@link SoftActorCritic}'s host path; DSAC-T's critic
 * step ({@link #dsacCritic}, ADR 0035) as {@link DsacTTrainer#updateCritic}.
 */
final class DeviceSoftUpdates {
    private final TanhGaussianPolicy policy;
    private final TwinQCritic critic;
    private final Parameter logAlpha;
    private final DataType dt;

    DeviceSoftUpdates(TanhGaussianPolicy policy, TwinQCritic critic, Parameter logAlpha) {
        this.policy = policy;
        this.critic = critic;
        this.logAlpha = logAlpha;
        this.dt = policy.network().dataType();
    }

    /** exp(log_alpha) as a {@code [1, 1]} array of the networks' type, on the device. */
    INDArray alpha() {
        return Transforms.exp(logAlpha.value(), true).castTo(dt);
    }

    /** A minibatch column in the networks' type (a new array when the type differs; never modified in place). */
    private INDArray typed(INDArray column) {
        return column.castTo(dt);
    }

    /** A sampled batch of actions and log-densities for {@code out} with noise from {@code rng} (host order). */
    private Tensor sample(Tensor out, SplittableRandom rng) {
        int n = (int) out.size(0);
        int d = policy.distribution().dim();
        INDArray eps = Nd4j.create(policy.noise(rng, n), new long[] {n, d}, DataType.DOUBLE);
        SquashedGaussian g = policy.distribution();
        return SquashedGaussianOps.sample(out, eps, g.scale(), g.bias());
    }

    private static INDArray columns(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }

    /**
     * SAC's critic step: accumulates both critics' gradients of {@code mean((Q_m - y)^2)} toward the soft Bellman
     * target {@code y = r + gamma (1 - done) (min_m Q'_m(s', a') - alpha log pi(a'|s'))}.
     *
     * @return on the device, {@code [loss_1, loss_2, mean Q_1, mean Q_2]}
     */
    INDArray sacCritic(ReplayBuffer.DeviceBatch b, SplittableRandom rng, double gamma) {
        int n = b.size();
        int d = policy.distribution().dim();
        INDArray nextObs = typed(b.nextObs());
        Tensor next = sample(Tape.inference().constant(policy.network().predict(nextObs)), rng);
        INDArray xNext = critic.input(nextObs, columns(next.value(), 0, d));
        INDArray t1 = columns(critic.predictTargetOnDevice(0, xNext), 0, 1);
        INDArray t2 = columns(critic.predictTargetOnDevice(1, xNext), 0, 1);
        INDArray soft = Transforms.min(t1, t2, true).subi(Broadcast.mul(columns(next.value(), d, d + 1).castTo(dt), alpha()));
        INDArray notDone = typed(b.terminated()).rsub(1);
        INDArray y = soft.muli(notDone).muli(gamma).addi(typed(b.rewards()));
        INDArray x = critic.input(typed(b.obs()), typed(b.actions()));
        critic.observe(x);
        INDArray[] stats = new INDArray[4];
        for (int m = 0; m < 2; m++) {
            Tape tape = Tape.training();
            Tensor q = tape.leaf(critic.forwardOnDevice(m, x));
            Tensor err = Ops.sub(q, tape.constant(y));
            Tensor loss = Ops.mean(Ops.mul(err, err));
            tape.backward(loss);
            critic.backwardOnDevice(m, q.grad(), false);
            stats[m] = loss.value().reshape(1);
            stats[2 + m] = q.value().mean().reshape(1);
        }
        return Nd4j.concat(0, stats);
    }

    /**
     * DSAC-T's critic step ({@link DsacTTrainer#updateCritic}'s formulas and random draws, in the same order):
     * accumulates each trained critic's gradient of its DSAC-T loss ({@link DistributionalLossOps#dsacCritic}).
     * The running mean sigma of each critic comes in from Java ({@code sigmaBar}, NaN before the first update) and
     * its new value goes out in the metrics, so nothing is read mid-step; the clipped standard normals of the
     * sampled returns come from {@code rng} as the host path draws them (written from Java, as the policy noise).
     *
     * @return on the device, per trained critic m, {@code [loss, mean Q, sigma_bar, mean omega]}
     */
    INDArray dsacCritic(ReplayBuffer.DeviceBatch b, SplittableRandom rng, double gamma, DsacTTrainer.Refinements ref,
            double[] sigmaBar) {
        int n = b.size();
        int d = policy.distribution().dim();
        int members = ref.twin() ? 2 : 1;
        INDArray nextObs = typed(b.nextObs());
        Tensor next = sample(Tape.inference().constant(policy.network().predict(nextObs)), rng);
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = Math.max(-3, Math.min(3, rng.nextGaussian()));
        INDArray xNext = critic.input(nextObs, columns(next.value(), 0, d));
        INDArray t0 = critic.predictTargetOnDevice(0, xNext);
        INDArray mean = columns(t0, 0, 1).dup();
        INDArray raw = columns(t0, 1, 2).dup();
        if (members == 2) {
            INDArray t1 = critic.predictTargetOnDevice(1, xNext);
            INDArray pick1 = columns(t1, 0, 1).lt(mean).castTo(dt); // critic 2 where its mean is smaller, as the host
            INDArray keep0 = pick1.rsub(1);
            mean = mean.muli(keep0).addi(columns(t1, 0, 1).mul(pick1));
            raw = raw.muli(keep0).addi(columns(t1, 1, 2).mul(pick1));
        }
        INDArray soft = mean.subi(Broadcast.mul(columns(next.value(), d, d + 1).castTo(dt), alpha()));
        INDArray discount = typed(b.terminated()).rsub(1).muli(gamma);
        INDArray r = typed(b.rewards());
        INDArray noise = Nd4j.create(z, new long[] {n, 1}, DataType.DOUBLE).castTo(dt);
        INDArray yz = DistributionalLossOps.sigma(raw).muli(noise).addi(soft).muli(discount).addi(r);
        INDArray yq = soft.mul(discount).addi(r);
        INDArray x = critic.input(typed(b.obs()), typed(b.actions()));
        critic.observe(x);
        INDArray[] stats = new INDArray[4 * members];
        for (int m = 0; m < members; m++) {
            Tape tape = Tape.training();
            Tensor out = tape.leaf(critic.forwardOnDevice(m, x));
            INDArray qD = columns(out.value(), 0, 1).dup();
            INDArray sigmaD = DistributionalLossOps.sigma(columns(out.value(), 1, 2).dup());
            INDArray meanSigma = sigmaD.mean().reshape(1, 1);
            INDArray bar = Double.isNaN(sigmaBar[m]) ? meanSigma
                    : meanSigma.mul(ref.tauB()).addi((1 - ref.tauB()) * sigmaBar[m]);
            INDArray bound = Broadcast.mul(Nd4j.ones(dt, n, 1), bar).muli(3);
            INDArray dev = Transforms.min(Transforms.max(yz.sub(qD), bound.neg(), true), bound, false);
            INDArray yb = dev.addi(qD);
            INDArray omega = ref.varianceAdjustment()
                    ? Transforms.min(Transforms.max(Broadcast.div(Broadcast.mul(Nd4j.ones(dt, n, 1), bar.mul(bar)),
                            sigmaD.mul(sigmaD).addi(DsacTTrainer.BIAS)), 0.1, false), 10, false)
                    : Nd4j.ones(dt, n, 1);
            Tensor loss = DistributionalLossOps.dsacCritic(out, ref.expectedValueSubstitution() ? yq : yb, yb, qD,
                    sigmaD, omega);
            tape.backward(loss);
            critic.backwardOnDevice(m, out.grad(), false);
            stats[4 * m] = loss.value().reshape(1);
            stats[4 * m + 1] = qD.mean().reshape(1);
            stats[4 * m + 2] = bar.reshape(1);
            stats[4 * m + 3] = omega.mean().reshape(1);
        }
        return Nd4j.concat(0, stats);
    }

    /** What the actor step leaves on the device for the temperature and the metrics. */
    record Actor(INDArray loss, INDArray meanLogp) {}

    /**
     * The actor step: accumulates the policy's gradient of {@code mean(alpha log pi(a~|s) - Q(s, a~))}, Q the
     * smaller critic ({@code twin}) or critic 1, through the critics' action gradient and the squash.
     */
    Actor actor(ReplayBuffer.DeviceBatch b, SplittableRandom rng, boolean twin) {
        int n = b.size();
        int d = policy.distribution().dim();
        int outs = critic.outputs();
        INDArray obs = typed(b.obs());
        Tape tape = Tape.training();
        Tensor headOut = tape.leaf(policy.network().forward(obs));
        Tensor smp = sample(headOut, rng);
        INDArray action = columns(smp.value(), 0, d);
        INDArray logp = columns(smp.value(), d, d + 1).castTo(dt);
        INDArray x = critic.input(obs, action);
        INDArray alpha = alpha();
        INDArray q0 = columns(critic.forwardOnDevice(0, x), 0, 1).dup();
        INDArray pick1 = null;
        INDArray q = q0;
        if (twin) {
            INDArray q1 = columns(critic.forwardOnDevice(1, x), 0, 1).dup();
            pick1 = q1.lt(q0).castTo(dt); // the smaller critic; critic 1 at ties, as the host path
            q = Transforms.min(q0, q1, true);
        }
        INDArray loss = Broadcast.mul(logp, alpha).subi(q).mean();
        // d loss / d Q_m = -1/n where member m is the one picked; only the Q column (DSAC-T's sigma gets none).
        INDArray dAction = null;
        for (int m = 0; m < (twin ? 2 : 1); m++) {
            INDArray w = pick1 == null ? Nd4j.ones(dt, n, 1) : (m == 1 ? pick1 : pick1.rsub(1));
            INDArray dq = Nd4j.zeros(dt, n, outs);
            columns(dq, 0, 1).assign(w.mul(-1.0 / n));
            INDArray da = critic.actionGradientOnDevice(m, dq); // the critic's own update zeroes its gradients first
            dAction = dAction == null ? da : dAction.addi(da);
        }
        INDArray dLogp = Broadcast.mul(Nd4j.ones(dt, n, 1), alpha).divi(n);
        tape.backward(smp, Nd4j.hstack(dAction, dLogp).castTo(DataType.DOUBLE));
        policy.network().backward(headOut.grad(), false);
        return new Actor(loss.reshape(1), logp.mean().reshape(1));
    }
}
