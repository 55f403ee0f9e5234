package io.rlwb.engine.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Init;
import io.rlwb.engine.nn.Mlp;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.UpdatePath;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * PPO's minibatches on the device path (ADR 0038): gathered on the device from one write of the batch, they hold
 * what the host path gathers in Java, in the same order for the same shuffle stream, and the update built on them
 * matches the host path's; its update phase copies only the batch (once), each minibatch's indices and the named
 * scalars of the loss heads (LossHeadResidencyTest's three per minibatch).
 */
class DevicePpoMinibatchTest {
    private static final EnvSpec SPEC = new EnvSpec("test", 3, ActionSpace.discrete(3), List.of("reward"), 0);
    private static final int STEPS = 5;
    private static final int ENVS = 3;
    private static final int ROWS = STEPS * ENVS;
    private static final int MINIBATCHES = 4; // 15 rows: sizes 3 and 4
    private static final int EPOCHS = 2;
    /** The named host reads of one device minibatch (statistics, value loss, gradient norm), as LossHeadResidencyTest. */
    private static final int NAMED_READS = 3;

    private record Data(TrajectoryBatch tb, float[] adv, float[] ret, float[] val) {}

    private static Data data() {
        SplittableRandom r = new SplittableRandom(21);
        TrajectoryBatch tb = new TrajectoryBatch(SPEC, STEPS, ENVS);
        for (int i = 0; i < tb.obs.length; i++) tb.obs[i] = (float) (2 * r.nextDouble() - 1);
        float[] adv = new float[ROWS];
        float[] ret = new float[ROWS];
        float[] val = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            tb.actions[i] = r.nextInt(3);
            tb.logProb[i] = (float) (Math.log(1.0 / 3) + 0.4 * (r.nextDouble() - 0.5));
            tb.ends[i] = StepEnd.NONE;
            adv[i] = (float) r.nextGaussian();
            ret[i] = (float) (3 * r.nextDouble());
            val[i] = (float) (r.nextDouble() - 0.5);
        }
        return new Data(tb, adv, ret, val);
    }

    /** Policy, critic, surrogate, Adam and the update, all on {@code path} (the property drives clip and zeroing). */
    private record Fixture(MlpCritic critic, List<Parameter> all, PpoUpdate update) {}

    private static Fixture fixture(UpdatePath path, DataType dt) {
        Mlp pi = new Mlp(3, new int[] {5, 4}, 3, Activation.TANH, Init.HIDDEN_GAIN, Init.POLICY_OUTPUT_GAIN, 11, dt);
        Mlp v = new Mlp(3, new int[] {6}, 1, Activation.TANH, Init.HIDDEN_GAIN, Init.CRITIC_OUTPUT_GAIN, 12, dt);
        CategoricalMlpPolicy policy = new CategoricalMlpPolicy(SPEC, pi, path);
        MlpCritic critic = new MlpCritic(SPEC, v, path);
        PpoSurrogate surrogate = new PpoSurrogate(policy, 0.2, 0.01, true, path);
        List<Parameter> all = new ArrayList<>(policy.parameters());
        all.addAll(critic.parameters());
        Adam adam = new Adam(all, 1e-2, 0.9, 0.999, 1e-5, false, path);
        return new Fixture(critic, all, new PpoUpdate(surrogate, 0.5, all, adam, EPOCHS, MINIBATCHES, 0.5, 0.0,
                new SplittableRandom(7)));
    }

    private static <T> T onPath(UpdatePath path, Supplier<T> body) {
        return io.rlwb.engine.testkit.ForcedPath.on(path, body);
    }

    @Test
    void aGatheredMinibatchHoldsTheRowsTheHostPathCopies() {
        Data d = data();
        DeviceMinibatches dev = DeviceMinibatches.of(d.tb(), d.adv(), d.ret(), d.val(), DataType.DOUBLE);
        int[] picked = {14, 0, 7, 7, 3};
        DeviceMinibatches.Minibatch mb = dev.gather(picked);
        for (int k = 0; k < picked.length; k++) {
            int r = picked[k];
            for (int j = 0; j < 3; j++) assertThat(mb.obs().getDouble(k, j)).isEqualTo(d.tb().obs[r * 3 + j]);
            assertThat(mb.actions().getDouble(k, 0)).isEqualTo(d.tb().actions[r]);
            assertThat(mb.oldLogProb().getFloat(k)).isEqualTo(d.tb().logProb[r]);
            assertThat(mb.advantages().getFloat(k)).isEqualTo(d.adv()[r]);
            assertThat(mb.returns().getDouble(k)).isEqualTo(d.ret()[r]);
            assertThat(mb.oldValues().getDouble(k)).isEqualTo(d.val()[r]);
        }
        // The host path's data types: inputs and value targets in the parameters' type, the surrogate's FLOAT.
        assertThat(mb.obs().dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(mb.returns().dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(mb.oldLogProb().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(mb.obs().shape()).containsExactly(5, 3);
        assertThat(mb.returns().shape()).containsExactly(5);
    }

    @Test
    void bothPathsTrainOnTheSameMinibatchesInTheSameOrderToTheSameResult() {
        Data d = data();
        List<double[]> hostSeen = new ArrayList<>();
        PpoUpdate.Totals host = onPath(UpdatePath.HOST, () -> {
            Fixture f = fixture(UpdatePath.HOST, DataType.DOUBLE);
            return f.update().update(d.tb(), d.adv(), (obs, rows) -> {
                float[] ret = new float[rows.length];
                float[] oldV = new float[rows.length];
                for (int k = 0; k < rows.length; k++) {
                    ret[k] = d.ret()[rows[k]];
                    oldV[k] = d.val()[rows[k]];
                }
                INDArray r = PpoUpdate.vector(ret, obs.dataType());
                INDArray o = PpoUpdate.vector(oldV, obs.dataType());
                hostSeen.add(concat(obs, r, o));
                return f.critic().fitValues(obs, r, o, 0.2, 0.5);
            }, 0.0, () -> false, () -> "host");
        });
        List<double[]> deviceSeen = new ArrayList<>();
        PpoUpdate.Totals device = onPath(UpdatePath.DEVICE, () -> {
            Fixture f = fixture(UpdatePath.DEVICE, DataType.DOUBLE);
            return f.update().updateOnDevice(d.tb(), d.adv(), d.ret(), d.val(), (obs, r, o) -> {
                deviceSeen.add(concat(obs, r, o));
                return f.critic().fitValues(obs, r, o, 0.2, 0.5);
            }, 0.0, () -> false, () -> "device");
        });
        assertThat(deviceSeen).hasSize(EPOCHS * MINIBATCHES);
        for (int m = 0; m < hostSeen.size(); m++) {
            assertThat(deviceSeen.get(m)).as("minibatch %d", m).containsExactly(hostSeen.get(m));
        }
        assertThat(device.count()).isEqualTo(host.count());
        assertThat(device.policyLoss()).isCloseTo(host.policyLoss(), within(1e-9));
        assertThat(device.valueLoss()).isCloseTo(host.valueLoss(), within(1e-9));
        assertThat(device.entropy()).isCloseTo(host.entropy(), within(1e-9));
        assertThat(device.approxKl()).isCloseTo(host.approxKl(), within(1e-9));
        assertThat(device.clipFrac()).isCloseTo(host.clipFrac(), within(1e-12));
        assertThat(device.gradNorm()).isCloseTo(host.gradNorm(), within(1e-9));
    }

    @Test
    void aDeviceUpdateCopiesTheBatchOnceThenOnlyIndicesAndNamedScalars() {
        Data d = data();
        long[] counted = onPath(UpdatePath.DEVICE, () -> {
            Fixture f = fixture(UpdatePath.DEVICE, DataType.FLOAT);
            long transfers = HostArrays.transfers();
            long read = HostArrays.elementsRead();
            PpoUpdate.Totals t = f.update().updateOnDevice(d.tb(), d.adv(), d.ret(), d.val(),
                    (obs, r, o) -> f.critic().fitValues(obs, r, o, 0.2, 0.5), 0.0, () -> false, () -> "device");
            return new long[] {HostArrays.transfers() - transfers, HostArrays.elementsRead() - read, t.count()};
        });
        int minibatches = EPOCHS * MINIBATCHES;
        assertThat(counted[2]).isEqualTo(minibatches);
        // One write of the batch; per minibatch one write of its indices and the heads' named reads.
        assertThat(counted[0]).isEqualTo(1 + minibatches * (1 + NAMED_READS));
        // The reads are scalars: five statistics, the value loss, the gradient norm per minibatch.
        assertThat(counted[1]).isEqualTo(minibatches * 7L);
    }

    private static double[] concat(INDArray... parts) {
        List<Double> all = new ArrayList<>();
        for (INDArray p : parts) for (double x : p.dup().data().asDouble()) all.add(x);
        double[] out = new double[all.size()];
        for (int i = 0; i < out.length; i++) out[i] = all.get(i);
        return out;
    }
}
