package io.rlwb.engine.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.Init;
import io.rlwb.engine.nn.Mlp;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.UpdatePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The device path's PPO heads (ADR 0031) against the host path's on the same inputs and weights: the same
 * losses, statistics and parameter gradients, to double rounding in DOUBLE and to float rounding in FLOAT, in
 * every clip regime (PpoLossGradientTest's minibatch), and the same golden values.
 */
class DeviceLossHeadsTest {
    private static final EnvSpec SPEC = new EnvSpec("test", 3, ActionSpace.discrete(3), List.of("reward"), 0);
    private static final int B = 10;
    private static final double[] OFFSETS = {0.0, 0.05, -0.05, 0.6, -0.6, 0.1, -0.7, 0.5, -0.1, 0.02};
    private static final double[] ADVANTAGES = {0.9, -1.2, 0.7, 1.4, -0.6, 1.1, 0.8, -1.3, 1.0, -0.5};

    private record Heads(CategoricalMlpPolicy policy, MlpCritic critic) {
        List<Parameter> parameters() {
            List<Parameter> all = new ArrayList<>(policy.parameters());
            all.addAll(critic.parameters());
            return all;
        }
    }

    private static Heads heads(UpdatePath path, DataType dt) {
        Mlp pi = new Mlp(3, new int[] {5, 4}, 3, Activation.TANH, Init.HIDDEN_GAIN, Init.POLICY_OUTPUT_GAIN, 11, dt);
        Mlp v = new Mlp(3, new int[] {6}, 1, Activation.TANH, Init.HIDDEN_GAIN, Init.CRITIC_OUTPUT_GAIN, 12, dt);
        return new Heads(new CategoricalMlpPolicy(SPEC, pi, path), new MlpCritic(SPEC, v, path));
    }

    /** One minibatch: observations, actions, old log-probs (offset as in PpoLossGradientTest), returns, old values. */
    private record Batch(INDArray obs, INDArray actions, float[] oldLogp, float[] adv, INDArray returns,
            INDArray oldValues) {}

    private static Batch batch(DataType dt) {
        Random r = new Random(5);
        double[] o = new double[B * 3];
        for (int i = 0; i < o.length; i++) o[i] = 2 * r.nextDouble() - 1;
        double[] a = new double[B];
        for (int i = 0; i < B; i++) a[i] = r.nextInt(3);
        INDArray obs = Nd4j.create(o, new long[] {B, 3}, dt);
        INDArray actions = Nd4j.create(a, new long[] {B, 1}, dt);
        float[] logp = heads(UpdatePath.HOST, DataType.DOUBLE).policy().evaluate(obs.castTo(DataType.DOUBLE),
                actions.castTo(DataType.DOUBLE)).logProb().toFloatVector();
        float[] old = new float[B];
        float[] adv = new float[B];
        for (int i = 0; i < B; i++) {
            old[i] = (float) (logp[i] - OFFSETS[i]);
            adv[i] = (float) ADVANTAGES[i];
        }
        double[] ret = new double[B];
        double[] oldV = new double[B];
        for (int i = 0; i < B; i++) {
            ret[i] = 3 * r.nextDouble();
            oldV[i] = r.nextDouble() - 0.5;
        }
        return new Batch(obs, actions, old, adv, Nd4j.create(ret, new long[] {B}, dt), Nd4j.create(oldV, new long[] {B}, dt));
    }

    /** Policy loss, entropy, approx KL, old approx KL, clipfrac, value loss; then every parameter gradient. */
    private static double[] step(Heads h, Batch b, UpdatePath path, boolean normalize, double valueClip) {
        for (Parameter p : h.parameters()) p.zeroGrad();
        PpoSurrogate s = new PpoSurrogate(h.policy(), 0.2, 0.01, normalize, path);
        PpoSurrogate.Stats st = s.step(b.obs(), b.actions(), b.oldLogp(), b.adv());
        double v = h.critic().fitValues(b.obs(), b.returns(), b.oldValues(), valueClip, 0.5);
        List<Double> out = new ArrayList<>(List.of(st.policyLoss(), st.entropy(), st.approxKl(), st.oldApproxKl(),
                st.clipFrac(), v));
        for (Parameter p : h.parameters()) for (double g : p.grad().dup().data().asDouble()) out.add(g);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void theDeviceHeadsComputeTheHostHeadsLossesAndGradients(DataType dt) {
        double tol = dt == DataType.DOUBLE ? 1e-10 : 2e-5;
        Batch b = batch(dt);
        for (boolean normalize : new boolean[] {true, false}) {
            for (double clip : new double[] {0.2, 0.0}) {
                double[] host = step(heads(UpdatePath.HOST, dt), b, UpdatePath.HOST, normalize, clip);
                double[] device = step(heads(UpdatePath.DEVICE, dt), b, UpdatePath.DEVICE, normalize, clip);
                assertThat(device).hasSameSizeAs(host);
                for (int i = 0; i < host.length; i++) {
                    assertThat(device[i]).as("%s normalize=%s clip=%s element %d", dt, normalize, clip, i)
                            .isCloseTo(host[i], within(tol * Math.max(1, Math.abs(host[i]))));
                }
                assertThat(host[4]).isCloseTo(0.4, within(1e-9)); // every regime occurs
            }
        }
    }

    @Test
    void theDevicePathGivesPpoLossGradientTestsGoldenValues() {
        Batch b = batch(DataType.DOUBLE);
        double[] s = step(heads(UpdatePath.DEVICE, DataType.DOUBLE), b, UpdatePath.DEVICE, false, 0.2);
        assertThat(s[2]).isCloseTo(0.07289472079911741, within(1e-6));
        assertThat(s[3]).isCloseTo(0.018, within(1e-6));
        assertThat(s[4]).isCloseTo(0.4, within(1e-9));
        assertThat(s[0]).isCloseTo(-0.1368690630528026, within(1e-6));
    }

    @Test
    void aStaleOrRepeatedDeviceBackwardIsRefused() {
        Heads h = heads(UpdatePath.DEVICE, DataType.DOUBLE);
        Batch b = batch(DataType.DOUBLE);
        Policy.Evaluation first = h.policy().evaluate(b.obs(), b.actions());
        Policy.Evaluation second = h.policy().evaluate(b.obs(), b.actions());
        assertThatThrownBy(() -> first.backward(first.logProb(), null)).hasMessageContaining("stale");
        second.backward(second.logProb(), second.entropy());
        assertThatThrownBy(() -> second.backward(second.logProb(), null)).hasMessageContaining("already");
    }
}
