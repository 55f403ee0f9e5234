package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Optimizer;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.UpdatePath;
import io.rlwb.engine.nn.autodiff.GradCheck;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SAC's device path (ADR 0031): the fused squashed-Gaussian operation against finite differences and against the
 * host class, a whole SAC gradient step (critic, actor, temperature) against the host path on the same batch,
 * and the step's host traffic: the one named metrics read of each half, nothing else.
 */
class DeviceSoftUpdatesTest {
    private static final int B = 5;
    private static final int D = 2;

    @Test
    void squashedSampleGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        INDArray eps = GradCheck.uniform(rng, 1.5, B, D);
        GradCheck.check("squashedSample", List.of(GradCheck.uniform(rng, 1.0, B, 2 * D)),
                in -> SquashedGaussianOps.sample(in.get(0), eps, 2.5, 0.5));
    }

    @Test
    void squashedSampleComputesTheHostClassesSampleAndBackward() {
        SplittableRandom rng = new SplittableRandom(4);
        SquashedGaussian g = new SquashedGaussian(D, -2, 3);
        INDArray out = GradCheck.uniform(rng, 1.0, B, 2 * D);
        INDArray eps = GradCheck.uniform(rng, 1.5, B, D);
        INDArray dAction = GradCheck.uniform(rng, 1.0, B, D);
        INDArray dLogp = GradCheck.uniform(rng, 1.0, B, 1);
        SquashedGaussian.Sample host = g.sample(HostArrays.toDoubles(out), HostArrays.toDoubles(eps));
        double[] hostGrad = g.backward(host, HostArrays.toDoubles(dAction), HostArrays.toDoubles(dLogp));
        Tape tape = Tape.training();
        Tensor leaf = tape.leaf(out);
        Tensor s = SquashedGaussianOps.sample(leaf, eps, 2.5, 0.5);
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < D; j++) assertThat(s.value().getDouble(i, j)).isCloseTo(host.action[i * D + j], within(1e-12));
            assertThat(s.value().getDouble(i, D)).isCloseTo(host.logp[i], within(1e-12));
        }
        tape.backward(s, Nd4j.hstack(dAction, dLogp));
        assertThat(HostArrays.toDoubles(leaf.grad())).containsExactly(hostGrad, within(1e-12));
    }

    /** An optimiser that leaves the weights alone, so both paths' gradients can be compared after a step. */
    private static Optimizer frozen(List<Parameter> ps) {
        return new Optimizer() {
            @Override public void step(double progress) {}

            @Override public double currentLearningRate() { return 0; }

            @Override public List<Parameter> parameters() { return ps; }
        };
    }

    private record Sac(SacTrainer trainer, TanhGaussianPolicy policy, TwinQCritic critic, ReplayBuffer.Batch batch) {
        /** Critic, actor and temperature gradients after one step, in that order. */
        List<double[]> gradients() {
            List<double[]> g = new ArrayList<>();
            for (Parameter p : critic.parameters()) g.add(HostArrays.toDoubles(p.grad()));
            for (Parameter p : policy.parameters()) g.add(HostArrays.toDoubles(p.grad()));
            g.add(HostArrays.toDoubles(trainer.logAlpha.grad()));
            return g;
        }
    }

    private static Sac sac(UpdatePath path) {
        PendulumFixture f = PendulumFixture.of(false);
        TanhGaussianPolicy policy = f.policy();
        TwinQCritic critic = f.critic();
        ReplayBuffer replay = f.replay();
        var s = f.settings();
        SacTrainer t = new SacTrainer(replay, policy, critic, frozen(policy.parameters()), frozen(critic.parameters()),
                s, 9, path);
        return new Sac(t, policy, critic, replay.sample(32, new SplittableRandom(5)));
    }

    private static void step(Sac s) {
        s.trainer().rng = new SplittableRandom(17);
        s.trainer().updateCritic(s.batch(), 0);
        s.trainer().updateActorAndAlpha(s.batch(), 0);
    }

    @Test
    void aDeviceSacStepComputesTheHostStepsLossesAndGradients() {
        Sac host = sac(UpdatePath.HOST);
        Sac device = sac(UpdatePath.DEVICE);
        step(host);
        step(device);
        List<double[]> h = host.gradients();
        List<double[]> d = device.gradients();
        assertThat(d).hasSameSizeAs(h);
        for (int k = 0; k < h.size(); k++) {
            double scale = 0;
            for (double v : h.get(k)) scale = Math.max(scale, Math.abs(v));
            assertThat(scale).as("gradient %d is not trivially zero", k).isGreaterThan(0);
            for (int i = 0; i < h.get(k).length; i++) {
                assertThat(d.get(k)[i]).as("gradient %d element %d", k, i).isCloseTo(h.get(k)[i], within(1e-4 * scale + 1e-6));
            }
        }
        for (Map.Entry<String, double[]> e : host.trainer().sums.entrySet()) {
            double[] dv = device.trainer().sums.get(e.getKey());
            assertThat(dv).as(e.getKey()).isNotNull();
            assertThat(dv[0]).as(e.getKey()).isCloseTo(e.getValue()[0], within(1e-4 * Math.max(1, Math.abs(e.getValue()[0]))));
        }
    }

    /** DSAC-T's actor step (Gaussian critics: only the mean column gets gradient) after one host critic step. */
    private static List<double[]> dsacActorGradients(UpdatePath path, boolean twin) {
        PendulumFixture f = PendulumFixture.of(true);
        TanhGaussianPolicy policy = f.policy();
        TwinQCritic critic = f.critic();
        ReplayBuffer replay = f.replay();
        var s = f.settings();
        DsacTTrainer t = new DsacTTrainer(replay, policy, critic, frozen(policy.parameters()),
                frozen(critic.parameters()), s, new DsacTTrainer.Refinements(true, twin, true, 0.005), 9, path);
        t.rng = new SplittableRandom(17);
        t.updateActorAndAlpha(replay.sample(32, new SplittableRandom(5)), 0);
        List<double[]> g = new ArrayList<>();
        for (Parameter p : policy.parameters()) g.add(HostArrays.toDoubles(p.grad()));
        g.add(HostArrays.toDoubles(t.logAlpha.grad()));
        return g;
    }

    @Test
    void aDeviceDsacTActorStepComputesTheHostSteps() {
        for (boolean twin : new boolean[] {true, false}) {
            List<double[]> h = dsacActorGradients(UpdatePath.HOST, twin);
            List<double[]> d = dsacActorGradients(UpdatePath.DEVICE, twin);
            for (int k = 0; k < h.size(); k++) {
                double scale = 0;
                for (double v : h.get(k)) scale = Math.max(scale, Math.abs(v));
                assertThat(scale).isGreaterThan(0);
                for (int i = 0; i < h.get(k).length; i++) {
                    assertThat(d.get(k)[i]).as("twin %s gradient %d element %d", twin, k, i)
                            .isCloseTo(h.get(k)[i], within(1e-4 * scale + 1e-6));
                }
            }
        }
    }

    @Test
    void aDeviceSacStepReadsOnlyItsTwoNamedMetricArrays() throws Exception {
        io.rlwb.engine.testkit.ForcedPath.run(UpdatePath.DEVICE, () -> { // zeroing, Adam, guards: the device path throughout
            Sac s = sac(UpdatePath.DEVICE);
            s.trainer().rng = new SplittableRandom(17);
            ReplayBuffer.DeviceBatch b = ReplayBuffer.DeviceBatch.of(s.batch()); // DeviceReplayTest: sampled there
            long transfers = HostArrays.transfers();
            s.trainer().updateCriticOnDevice(b, 0);
            s.trainer().updateActorAndAlphaOnDevice(b, 0);
            assertThat(HostArrays.transfers() - transfers).isEqualTo(2);
            // The host path's heads are each a counted copy.
            Sac h = sac(UpdatePath.HOST);
            h.trainer().rng = new SplittableRandom(17);
            transfers = HostArrays.transfers();
            h.trainer().updateCritic(h.batch(), 0);
            h.trainer().updateActorAndAlpha(h.batch(), 0);
            assertThat(HostArrays.transfers() - transfers).isGreaterThan(2);
        });
    }
}
