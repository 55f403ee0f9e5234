package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.CartPole;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Optimizer;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.UpdatePath;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The distributional critics on the device path (ADR 0035): a value critic's fit (HL-Gauss, quantile, Gaussian)
 * and a C51 update give the host path's losses and parameter gradients on the same batch (1e-10 in DOUBLE, float
 * rounding in FLOAT), and on the device path throughout they read exactly their one named metrics array per
 * update from the device, nothing else (a reintroduced per-sample copy is a counted {@code HostArrays} read).
 */
class DistributionalDeviceFitTest {
    private static final int B = 16;
    private static final EnvSpec SPEC = CartPole.spec(500);

    private static double tolerance(DataType dt) {
        return dt == DataType.DOUBLE ? 1e-10 : 1e-4;
    }

    private static List<double[]> gradients(List<Parameter> ps) {
        List<double[]> g = new ArrayList<>();
        for (Parameter p : ps) g.add(HostArrays.toDoubles(p.grad()));
        return g;
    }

    private static void assertSameGradients(String what, List<double[]> h, List<double[]> d, DataType dt) {
        assertThat(d).hasSameSizeAs(h);
        for (int k = 0; k < h.size(); k++) {
            double scale = 0;
            for (double v : h.get(k)) scale = Math.max(scale, Math.abs(v));
            assertThat(scale).as("%s gradient %d is not trivially zero", what, k).isGreaterThan(0);
            for (int i = 0; i < h.get(k).length; i++) {
                assertThat(d.get(k)[i]).as("%s gradient %d element %d", what, k, i)
                        .isCloseTo(h.get(k)[i], within(tolerance(dt) * Math.max(1, scale)));
            }
        }
    }

    private static INDArray observations(DataType dt) {
        SplittableRandom rng = new SplittableRandom(11);
        double[] o = new double[B * SPEC.obsDim()];
        for (int i = 0; i < o.length; i++) o[i] = rng.nextDouble() * 2 - 1;
        return Nd4j.create(o, new long[] {B, SPEC.obsDim()}, DataType.DOUBLE).castTo(dt);
    }

    private static INDArray returns(DataType dt) {
        SplittableRandom rng = new SplittableRandom(12);
        double[] y = new double[B];
        for (int i = 0; i < B; i++) y[i] = 8 * rng.nextDouble() - 1; // partly outside HL-Gauss's [0, 6] support
        return Nd4j.create(y, new long[] {B}, DataType.DOUBLE).castTo(dt);
    }

    /** The three value critics, each a fresh one (same seed) per call. */
    private static List<Function<DataType, DistributionalValueCritic>> valueCritics() {
        return List.of(
                dt -> new HlGaussCritic(SPEC, new int[] {8}, Activation.TANH, new HlGauss(13, 0, 6, 0.75), 3, dt, null),
                dt -> new QuantileCritic(SPEC, new int[] {8}, Activation.TANH, 5, 1.0, 3, dt, null),
                dt -> new GaussianCritic(SPEC, new int[] {8}, Activation.TANH, 3, dt, null));
    }

    @Test
    void aDeviceValueFitComputesTheHostFitsLossValuesAndGradients() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (Function<DataType, DistributionalValueCritic> make : valueCritics()) {
                DistributionalValueCritic host = make.apply(dt).onPath(UpdatePath.HOST);
                DistributionalValueCritic dev = make.apply(dt).onPath(UpdatePath.DEVICE);
                String what = host.getClass().getSimpleName() + " " + dt;
                double hl = host.fitValues(observations(dt), returns(dt), null, 0.2, 0.5);
                double dl = dev.fitValues(observations(dt), returns(dt), null, 0.2, 0.5);
                assertThat(dl).as(what + " loss").isCloseTo(hl, within(tolerance(dt) * Math.max(1, Math.abs(hl))));
                assertSameGradients(what, gradients(host.parameters()), gradients(dev.parameters()), dt);
                double[] hv = HostArrays.toDoubles(host.values(observations(dt)));
                double[] dv = HostArrays.toDoubles(dev.values(observations(dt)));
                assertThat(dv).as(what + " values").containsExactly(hv, within(tolerance(dt) * 10));
            }
        }
    }

    /** An optimiser that leaves the weights alone, so both paths' gradients can be compared after an update. */
    private static Optimizer frozen(List<Parameter> ps) {
        return new Optimizer() {
            @Override public void step(double progress) {}

            @Override public double currentLearningRate() { return 0; }

            @Override public List<Parameter> parameters() { return ps; }
        };
    }

    /** A CartPole-shaped batch with terminal steps and rewards that push r + gamma z past both ends of the support. */
    private static ReplayBuffer.Batch batch() {
        SplittableRandom rng = new SplittableRandom(13);
        int od = SPEC.obsDim();
        float[] obs = new float[B * od];
        float[] next = new float[B * od];
        float[] actions = new float[B];
        float[] rewards = new float[B];
        float[] done = new float[B];
        for (int i = 0; i < B * od; i++) {
            obs[i] = (float) (rng.nextDouble() * 2 - 1);
            next[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < B; i++) {
            actions[i] = rng.nextInt(2);
            rewards[i] = i % 5 == 0 ? -3f : i % 7 == 0 ? 12f : 1f;
            done[i] = i % 4 == 0 ? 1f : 0f;
        }
        return new ReplayBuffer.Batch(B, od, 1, obs, actions, rewards, next, done);
    }

    private record C51Setup(C51DqnTrainer trainer, C51Critic critic) {}

    private static C51Setup c51(DataType dt, UpdatePath path) {
        C51Critic critic = new C51Critic(SPEC, new int[] {8}, Activation.TANH, new C51(11, 0, 10), 5, dt, null);
        // the target network differs from the online one, as it does between syncs
        for (Parameter p : critic.parameters()) p.value().muli(0.9);
        C51DqnTrainer t = new C51DqnTrainer(null, critic, frozen(critic.parameters()), 0.99, B, 0, 1, 100, 1, 7, path);
        return new C51Setup(t, critic);
    }

    @Test
    void aDeviceC51UpdateComputesTheHostUpdatesLossAndGradients() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            C51Setup host = c51(dt, UpdatePath.HOST);
            C51Setup dev = c51(dt, UpdatePath.DEVICE);
            double hl = host.trainer().update(batch(), 0);
            double dl = dev.trainer().update(batch(), 0);
            assertThat(dl).as("C51 loss " + dt).isCloseTo(hl, within(tolerance(dt) * Math.max(1, Math.abs(hl))));
            assertSameGradients("C51 " + dt, gradients(host.critic().parameters()), gradients(dev.critic().parameters()), dt);
        }
    }

    /** Runs {@code body} with the whole device path forced (networks, zeroing, guards), restoring the property. */
    private static <T> T onDevice(Supplier<T> body) {
        return io.rlwb.engine.testkit.ForcedPath.on(UpdatePath.DEVICE, body);
    }

    @Test
    void aDeviceValueFitReadsOnlyItsLossAndValuesReadNothing() {
        onDevice(() -> {
            for (Function<DataType, DistributionalValueCritic> make : valueCritics()) {
                DistributionalValueCritic c = make.apply(DataType.FLOAT);
                INDArray obs = observations(DataType.FLOAT);
                INDArray y = returns(DataType.FLOAT);
                c.fitValues(obs, y, null, 0.2, 0.5); // warm-up
                long transfers = HostArrays.transfers();
                c.fitValues(obs, y, null, 0.2, 0.5);
                assertThat(HostArrays.transfers() - transfers).as(c.getClass().getSimpleName() + " fit").isEqualTo(1);
                transfers = HostArrays.transfers();
                c.values(obs);
                assertThat(HostArrays.transfers() - transfers).as(c.getClass().getSimpleName() + " values").isZero();
                // the host path's loss is a counted copy of the outputs and of the returns
                DistributionalValueCritic h = make.apply(DataType.FLOAT).onPath(UpdatePath.HOST);
                transfers = HostArrays.transfers();
                h.fitValues(obs, y, null, 0.2, 0.5);
                assertThat(HostArrays.transfers() - transfers).isGreaterThan(1);
            }
            return null;
        });
    }

    @Test
    void aDeviceC51UpdateReadsOnlyItsNamedMetricsArray() {
        onDevice(() -> {
            C51Setup dev = c51(DataType.FLOAT, UpdatePath.DEVICE);
            ReplayBuffer.DeviceBatch b = ReplayBuffer.DeviceBatch.of(batch()); // DeviceReplayTest: sampled on the device
            dev.trainer().updateOnDevice(b, 0);
            long transfers = HostArrays.transfers();
            dev.trainer().updateOnDevice(b, 0);
            assertThat(HostArrays.transfers() - transfers).isEqualTo(1);
            C51Setup host = c51(DataType.FLOAT, UpdatePath.HOST);
            transfers = HostArrays.transfers();
            host.trainer().update(batch(), 0);
            assertThat(HostArrays.transfers() - transfers).isGreaterThan(1);
            return null;
        });
    }
}
