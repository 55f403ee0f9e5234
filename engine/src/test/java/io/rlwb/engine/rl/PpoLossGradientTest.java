package io.rlwb.engine.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.Parameter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The PPO loss's hand-written gradient against central finite differences, in double precision, with
 * samples inside the clip range, clipped above and clipped below, for both signs of the advantage. This is
 * the case SameDiff's min gets wrong (STACK.md): a doubled gradient would fail here.
 */
class PpoLossGradientTest {
    private static final EnvSpec SPEC = new EnvSpec("test", 3, ActionSpace.discrete(3), List.of("reward"), 0);
    private static final int B = 10;

    private final CategoricalMlpPolicy policy = new CategoricalMlpPolicy(SPEC, new int[] {5, 4}, Activation.TANH, 11, DataType.DOUBLE);
    private final MlpCritic critic = new MlpCritic(SPEC, new int[] {6}, Activation.TANH, 12, DataType.DOUBLE);
    private final INDArray obs;
    private final INDArray actions;
    private final float[] oldLogp = new float[B];
    private final float[] adv = new float[B];
    private final INDArray returns;
    private final INDArray oldValues;

    PpoLossGradientTest() {
        Random r = new Random(5);
        obs = Nd4j.rand(DataType.DOUBLE, B, 3).subi(0.5).muli(2);
        double[] a = new double[B];
        for (int i = 0; i < B; i++) a[i] = r.nextInt(3);
        actions = Nd4j.create(a, new long[] {B, 1}, DataType.DOUBLE);
        float[] logp = policy.evaluate(obs, actions).logProb().toFloatVector();
        // log-ratio offsets: inside the range (|offset| < log 1.2), far above and far below it.
        // Signs chosen so that every regime occurs: samples 3 and 4 are clipped with the clipped term chosen
        // (zero gradient); samples 6 and 7 are outside the range but the unclipped term is the max.
        double[] offsets = {0.0, 0.05, -0.05, 0.6, -0.6, 0.1, -0.7, 0.5, -0.1, 0.02};
        int[] signs = {1, -1, 1, 1, -1, 1, 1, -1, 1, -1};
        for (int i = 0; i < B; i++) {
            oldLogp[i] = (float) (logp[i] - offsets[i]);
            adv[i] = (float) (signs[i] * (0.5 + r.nextDouble()));
        }
        returns = Nd4j.rand(DataType.DOUBLE, B).muli(3);
        oldValues = critic.values(obs).add(Nd4j.rand(DataType.DOUBLE, B).subi(0.5));
    }

    private double loss(PpoLoss l) {
        for (Parameter p : l.parameters()) p.zeroGrad();
        return l.step(obs, actions, oldLogp, adv, returns, oldValues).loss();
    }

    private void checkGradients(PpoLoss l) {
        loss(l);
        List<Parameter> params = l.parameters();
        double[][] analytic = new double[params.size()][];
        for (int k = 0; k < params.size(); k++) analytic[k] = params.get(k).grad().dup().data().asDouble();
        double eps = 1e-6;
        int checked = 0;
        for (int k = 0; k < params.size(); k++) {
            INDArray v = params.get(k).value();
            for (int j = 0; j < v.length(); j++) {
                double orig = v.getDouble(j);
                v.putScalar(j, orig + eps);
                double plus = loss(l);
                v.putScalar(j, orig - eps);
                double minus = loss(l);
                v.putScalar(j, orig);
                double numeric = (plus - minus) / (2 * eps);
                assertThat(analytic[k][j]).as("%s[%d]", params.get(k).name(), j)
                        .isCloseTo(numeric, within(1e-6 + 1e-4 * Math.abs(numeric)));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(80);
    }

    @Test
    void gradientMatchesFiniteDifferencesWithClippedAndUnclippedSamples() {
        PpoLoss l = new PpoLoss(policy, critic, 0.2, 0.5, 0.01, true, true);
        PpoLoss.Stats s = l.step(obs, actions, oldLogp, adv, returns, oldValues);
        assertThat(s.clipFrac()).isGreaterThan(0.3).isLessThan(0.7);
        checkGradients(l);
    }

    @Test
    void gradientMatchesFiniteDifferencesWithoutNormalisationOrValueClipping() {
        checkGradients(new PpoLoss(policy, critic, 0.2, 0.7, 0.05, false, false));
    }

    @Test
    void metricsFollowCleanRlDefinitions() {
        PpoLoss l = new PpoLoss(policy, critic, 0.2, 0.5, 0.0, false, false);
        PpoLoss.Stats s = l.step(obs, actions, oldLogp, adv, returns, oldValues);
        double[] logp = policy.evaluate(obs, actions).logProb().toDoubleVector();
        double kl = 0, oldKl = 0, clip = 0, pg = 0;
        for (int i = 0; i < B; i++) {
            double lr = logp[i] - oldLogp[i];
            double ratio = Math.exp(lr);
            kl += (ratio - 1) - lr;
            oldKl += -lr;
            clip += Math.abs(ratio - 1) > 0.2 ? 1 : 0;
            pg += Math.max(-adv[i] * ratio, -adv[i] * Math.min(1.2, Math.max(0.8, ratio)));
        }
        assertThat(s.approxKl()).isCloseTo(kl / B, within(1e-9));
        assertThat(s.oldApproxKl()).isCloseTo(oldKl / B, within(1e-9));
        assertThat(s.clipFrac()).isCloseTo(clip / B, within(1e-12));
        assertThat(s.policyLoss()).isCloseTo(pg / B, within(1e-9));
    }
}
