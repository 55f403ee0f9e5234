package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.rl.CategoricalMlpPolicy;
import io.rlwb.engine.rl.MlpCritic;
import io.rlwb.engine.rl.PpoSurrogate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 11 deliverable 3 for PPO's loss heads (ADR 0031): a whole PPO minibatch update on the device path
 * (zeroing, the categorical head, the clipped surrogate, the clipped value loss, both backward passes, the
 * divergence guard, clipping, Adam) touches parameter memory only through ND4J ops ({@link HostAccessRecorder})
 * and copies exactly the named scalars to Java: the minibatch's statistics (one copy), the value loss and the
 * gradient norm. A head computed on the host again is caught by the count.
 */
class LossHeadResidencyTest {
    /** The named host reads of one device minibatch: PPO statistics, value loss, gradient norm. */
    static final int NAMED_READS = 3;
    private static final EnvSpec SPEC = new EnvSpec("test", 4, ActionSpace.discrete(2), List.of("reward"), 0);
    private static final int B = 16;

    private final HostAccessRecorder rec = new HostAccessRecorder();

    private final class Ppo {
        final Mlp pi = new Mlp(4, new int[] {8, 8}, 2, Activation.TANH, Init.HIDDEN_GAIN, Init.POLICY_OUTPUT_GAIN, 3,
                DataType.FLOAT, rec.storage(), UpdatePath.DEVICE);
        final Mlp v = new Mlp(4, new int[] {8, 8}, 1, Activation.TANH, Init.HIDDEN_GAIN, Init.CRITIC_OUTPUT_GAIN, 4,
                DataType.FLOAT, rec.storage(), UpdatePath.DEVICE);
        final CategoricalMlpPolicy policy;
        final MlpCritic critic;
        final PpoSurrogate surrogate;
        final List<Parameter> all = new ArrayList<>();
        final Adam adam;
        final DivergenceGuard guard;
        final INDArray obs = Nd4j.rand(DataType.FLOAT, B, 4).subi(0.5);
        final INDArray actions;
        final float[] oldLogp = new float[B];
        final float[] adv = new float[B];
        final INDArray returns = Nd4j.rand(DataType.FLOAT, B);
        final INDArray oldValues = Nd4j.rand(DataType.FLOAT, B).subi(0.5);

        Ppo(UpdatePath headPath) {
            policy = new CategoricalMlpPolicy(SPEC, pi, headPath);
            critic = new MlpCritic(SPEC, v, headPath);
            surrogate = new PpoSurrogate(policy, 0.2, 0.01, true, headPath);
            all.addAll(pi.parameters());
            all.addAll(v.parameters());
            adam = new Adam(all, 2.5e-4, 0.9, 0.999, 1e-5, true, UpdatePath.DEVICE);
            guard = DivergenceGuard.of(Map.of("ppo", all), UpdatePath.DEVICE);
            SplittableRandom r = new SplittableRandom(8);
            float[] a = new float[B];
            for (int i = 0; i < B; i++) {
                a[i] = r.nextInt(2);
                oldLogp[i] = (float) (Math.log(0.5) + 0.3 * (r.nextDouble() - 0.5));
                adv[i] = (float) r.nextGaussian();
            }
            actions = Nd4j.create(a, new long[] {B, 1}, 'c');
        }

        /** One minibatch as PpoUpdate runs it; returns the policy loss. */
        double minibatch() {
            Parameters.zeroGrad(all, UpdatePath.DEVICE);
            PpoSurrogate.Stats s = surrogate.step(obs, actions, oldLogp, adv);
            double vLoss = critic.fitValues(obs, returns, oldValues, 0.2, 0.5);
            DivergenceGuard.check("value loss", vLoss, "test");
            guard.gradients();
            GradClip.clipGradNorm(all, 0.5, UpdatePath.DEVICE);
            adam.step(0.1);
            guard.parameters();
            return s.policyLoss();
        }
    }

    @Test
    void aDevicePpoMinibatchCopiesOnlyItsNamedScalars() {
        Ppo p = new Ppo(UpdatePath.DEVICE);
        double[] before = HostArrays.toDoubles(p.pi.block().values());
        long transfers = HostArrays.transfers();
        rec.arm();
        for (int i = 0; i < 3; i++) p.minibatch();
        rec.disarm();
        assertThat(rec.accesses()).isEmpty();
        assertThat(HostArrays.transfers() - transfers).isEqualTo(3 * NAMED_READS);
        assertThat(HostArrays.toDoubles(p.pi.block().values())).isNotEqualTo(before);
    }

    @Test
    void aHeadComputedOnTheHostIsCaught() {
        Ppo p = new Ppo(UpdatePath.HOST);
        long transfers = HostArrays.transfers();
        rec.arm();
        p.minibatch();
        rec.disarm();
        // logits, actions, log-probs, entropies, gradients, values, returns, old values: each a counted copy.
        assertThat(HostArrays.transfers() - transfers).isGreaterThan(NAMED_READS);
    }
}
