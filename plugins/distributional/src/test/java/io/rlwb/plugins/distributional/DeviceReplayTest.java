package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.env.SyncVecEnv;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.UpdatePath;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.testkit.TestRunServices;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The replay buffer's device storage (ADR 0037) against its host storage: the same minibatches from the same
 * stream, a device-path SAC update (sampling included) that moves only its named arrays, and checkpoints in the
 * host path's keys and layout that either storage restores.
 */
class DeviceReplayTest {
    /** A buffer of capacity 7 over two Pendulum envs, filled by 10 steps (20 transitions: it wraps, mid-step too). */
    private static ReplayBuffer filled(UpdatePath path, int steps) {
        var spec = Pendulum.spec(6);
        TanhGaussianPolicy policy = new TanhGaussianPolicy(spec, new int[] {8}, Activation.RELU, 1, DataType.FLOAT);
        ReplayBuffer rb = new ReplayBuffer(new SyncVecEnv(Pendulum.factory(6), 2), policy, 7, 4, 11, path);
        TestRunServices run = new TestRunServices(1, 1000);
        for (int i = 0; i < steps; i++) rb.collectStep(run); // random actions for 4 env steps, then the policy's
        return rb;
    }

    private static float[] floats(INDArray a) {
        double[] d = HostArrays.toDoubles(a);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    private static void assertSame(ReplayBuffer.DeviceBatch d, ReplayBuffer.Batch h) {
        assertThat(d.size()).isEqualTo(h.size());
        assertThat(floats(d.obs())).containsExactly(h.obs());
        assertThat(floats(d.actions())).containsExactly(h.actions());
        assertThat(floats(d.rewards())).containsExactly(h.rewards());
        assertThat(floats(d.nextObs())).containsExactly(h.nextObs());
        assertThat(floats(d.terminated())).containsExactly(h.terminated());
        assertThat(d.obs().shape()).containsExactly(h.size(), h.obsDim());
        assertThat(d.actions().shape()).containsExactly(h.size(), h.actDim());
        assertThat(d.rewards().shape()).containsExactly(h.size(), 1);
    }

    @Test
    void bothStoragesGiveTheSameMinibatchesForTheSameStream() {
        ReplayBuffer host = filled(UpdatePath.HOST, 10);
        ReplayBuffer device = filled(UpdatePath.DEVICE, 10);
        assertThat(device.onDevice()).isTrue();
        assertThat(host.onDevice()).isFalse();
        assertThat(device.size()).isEqualTo(7);
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        for (int k = 0; k < 3; k++) assertSame(device.sampleOnDevice(64, b), host.sample(64, a));
        assertThat(b.nextLong()).as("both drew the same number of values").isEqualTo(a.nextLong());
        // A host-storage buffer serves the device path by writing its own gather, a device-storage buffer the host
        // path by reading its: the same rows again.
        assertSame(host.sampleOnDevice(64, new SplittableRandom(6)), host.sample(64, new SplittableRandom(6)));
        assertSame(host.sampleOnDevice(64, new SplittableRandom(7)), device.sample(64, new SplittableRandom(7)));
    }

    @Test
    void moreEnvironmentsThanRowsWrapAsOnTheHostPath() {
        var spec = Pendulum.spec(6);
        TanhGaussianPolicy policy = new TanhGaussianPolicy(spec, new int[] {8}, Activation.RELU, 1, DataType.FLOAT);
        ReplayBuffer host = new ReplayBuffer(new SyncVecEnv(Pendulum.factory(6), 5), policy, 3, 100, 2, UpdatePath.HOST);
        ReplayBuffer device = new ReplayBuffer(new SyncVecEnv(Pendulum.factory(6), 5), policy, 3, 100, 2,
                UpdatePath.DEVICE);
        TestRunServices a = new TestRunServices(1, 1000);
        TestRunServices b = new TestRunServices(1, 1000);
        for (int i = 0; i < 3; i++) {
            host.collectStep(a);
            device.collectStep(b);
        }
        assertSame(device.sampleOnDevice(30, new SplittableRandom(3)), host.sample(30, new SplittableRandom(3)));
    }

    @Test
    void anEnvStepWritesItsTransitionsOnceAndReadsNothing() {
        ReplayBuffer device = filled(UpdatePath.DEVICE, 1);
        TestRunServices run = new TestRunServices(1, 1000);
        run.addEnvSteps(2);
        long transfers = HostArrays.transfers();
        long read = HostArrays.elementsRead();
        device.collectStep(run); // random actions: the policy does not act
        assertThat(HostArrays.transfers() - transfers).as("one named write of the step's two transitions").isEqualTo(1);
        assertThat(HostArrays.elementsRead() - read).isZero();
    }

    @Test
    void aDeviceSacUpdateWithItsSamplingMovesOnlyTheIndicesAndTheMetrics() throws Exception {
        io.rlwb.engine.testkit.ForcedPath.run(UpdatePath.DEVICE, () -> { // zeroing, Adam, guards, replay: the device path throughout
            PendulumFixture f = PendulumFixture.of(false, UpdatePath.DEVICE);
            assertThat(f.replay().onDevice()).isTrue();
            SacTrainer t = new SacTrainer(f.replay(), f.policy(), f.critic(),
                    new io.rlwb.engine.nn.Adam(f.policy().parameters(), 1e-3, false),
                    new io.rlwb.engine.nn.Adam(f.critic().parameters(), 1e-3, false), f.settings(), 9, UpdatePath.DEVICE);
            SplittableRandom rng = new SplittableRandom(17);
            t.rng = rng;
            long transfers = HostArrays.transfers();
            long read = HostArrays.elementsRead();
            ReplayBuffer.DeviceBatch b = f.replay().sampleOnDevice(32, rng);
            t.updateCriticOnDevice(b, 0);
            t.updateActorAndAlphaOnDevice(b, 0);
            // The named writes and reads: the 32 row indices; the critic's 4 metrics and the actor's 4.
            assertThat(HostArrays.transfers() - transfers).isEqualTo(3);
            assertThat(HostArrays.elementsRead() - read).isEqualTo(8);
        });
    }

    @Test
    void aDeviceC51UpdateWithItsSamplingMovesOnlyTheIndicesAndTheMetrics() throws Exception {
        io.rlwb.engine.testkit.ForcedPath.run(UpdatePath.DEVICE, () -> {
            var spec = io.rlwb.engine.env.CartPole.spec(500);
            C51Critic critic = new C51Critic(spec, new int[] {8}, Activation.RELU, new C51(11, 0, 10), 1, DataType.FLOAT,
                    null);
            EpsilonGreedyPolicy policy = new EpsilonGreedyPolicy(critic, null, 1.0, 1.0, 0.5);
            ReplayBuffer replay = new ReplayBuffer(new SyncVecEnv(io.rlwb.engine.env.CartPole.factory(500), 1), policy,
                    1000, 1000, 3, UpdatePath.DEVICE);
            TestRunServices run = new TestRunServices(1, 10_000);
            for (int i = 0; i < 100; i++) replay.collectStep(run);
            C51DqnTrainer t = new C51DqnTrainer(replay, critic, new io.rlwb.engine.nn.Adam(critic.parameters(), 1e-3, false),
                    0.99, 32, 0, 1, 100, 1, 7, UpdatePath.DEVICE);
            SplittableRandom rng = new SplittableRandom(4);
            t.updateOnDevice(replay.sampleOnDevice(32, rng), 0); // warm-up
            long transfers = HostArrays.transfers();
            long read = HostArrays.elementsRead();
            t.updateOnDevice(replay.sampleOnDevice(32, rng), 0);
            // The 32 row indices (one write) and the step's [loss, mean Q] (one read of 2).
            assertThat(HostArrays.transfers() - transfers).isEqualTo(2);
            assertThat(HostArrays.elementsRead() - read).isEqualTo(2);
        });
    }

    /** A checkpoint in memory: what a node writes, to read back through {@link #reader}. */
    private static final class MemoryState implements StateWriter {
        final Map<String, INDArray> tensors = new LinkedHashMap<>();
        final Map<String, Object> values = new LinkedHashMap<>();

        @Override public void tensor(String name, INDArray value) { tensors.put(name, value.dup()); }
        @Override public void value(String name, long value) { values.put(name, value); }
        @Override public void value(String name, double value) { values.put(name, value); }
        @Override public void value(String name, String value) { values.put(name, value); }

        StateReader reader() {
            return new StateReader() {
                @Override public boolean has(String name) { return tensors.containsKey(name) || values.containsKey(name); }
                @Override public INDArray tensor(String name) { return tensors.get(name); }

                @Override
                public Map<String, INDArray> tensors(String prefix) {
                    Map<String, INDArray> out = new LinkedHashMap<>();
                    tensors.forEach((k, v) -> {
                        if (k.startsWith(prefix + ".")) out.put(k.substring(prefix.length() + 1), v);
                    });
                    return out;
                }

                @Override public long longValue(String name) { return ((Number) values.get(name)).longValue(); }
                @Override public double doubleValue(String name) { return ((Number) values.get(name)).doubleValue(); }
                @Override public String stringValue(String name) { return (String) values.get(name); }
            };
        }
    }

    @Test
    void aCheckpointHasTheHostLayoutOnBothPathsAndEitherStorageRestoresIt() {
        MemoryState fromHost = new MemoryState();
        MemoryState fromDevice = new MemoryState();
        filled(UpdatePath.HOST, 10).saveState(fromHost);
        filled(UpdatePath.DEVICE, 10).saveState(fromDevice);
        assertThat(fromDevice.tensors.keySet()).isEqualTo(fromHost.tensors.keySet());
        for (String k : fromHost.tensors.keySet()) {
            assertThat(fromDevice.tensors.get(k)).as(k).isEqualTo(fromHost.tensors.get(k));
        }
        assertThat(fromDevice.values).isEqualTo(fromHost.values);
        // Each storage restores the other's checkpoint into a fresh buffer; both then sample and step alike.
        ReplayBuffer device = filled(UpdatePath.DEVICE, 0);
        ReplayBuffer host = filled(UpdatePath.HOST, 0);
        device.restoreState(fromHost.reader());
        host.restoreState(fromDevice.reader());
        assertSame(device.sampleOnDevice(50, new SplittableRandom(8)), host.sample(50, new SplittableRandom(8)));
        TestRunServices run = new TestRunServices(1, 1000);
        run.addEnvSteps(20);
        device.collectStep(run);
        TestRunServices run2 = new TestRunServices(1, 1000);
        run2.addEnvSteps(20);
        host.collectStep(run2);
        assertSame(device.sampleOnDevice(50, new SplittableRandom(9)), host.sample(50, new SplittableRandom(9)));
    }
}
