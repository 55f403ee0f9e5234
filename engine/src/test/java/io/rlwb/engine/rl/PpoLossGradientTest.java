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
 * the case SameDiff's min gets wrong (docs/stack.md): a doubled gradient would fail here.
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
        obs = uniform(r, B, 3).subi(0.5).muli(2);
        double[] a = new double[B];
        for (int i = 0; i < B; i++) a[i] = r.nextInt(3);
        actions = Nd4j.create(a, new long[] {B, 1}, DataType.DOUBLE);
        float[] logp = policy.evaluate(obs, actions).logProb().toFloatVector();
        // log-ratio offsets: inside the range (|offset| < log 1.2), far above and far below it.
        // Signs chosen so that every regime occurs: samples 3 and 4 are clipped with the clipped term chosen
        // (zero gradient); samples 6 and 7 are outside the range but the unclipped term is the max.
        double[] offsets = {0.0, 0.05, -0.05, 0.6, -0.6, 0.1, -0.7, 0.5, -0.1, 0.02};
        for (int i = 0; i < B; i++) {
            oldLogp[i] = (float) (logp[i] - offsets[i]);
            adv[i] = (float) ADVANTAGES[i];
        }
        returns = uniform(r, B).muli(3);
        oldValues = critic.values(obs).add(uniform(r, B).subi(0.5));
    }

    /** Advantages of the ten samples: both signs, in and out of the clip range (see the offsets above). */
    private static final double[] ADVANTAGES = {0.9, -1.2, 0.7, 1.4, -0.6, 1.1, 0.8, -1.3, 1.0, -0.5};

    /** Uniform [0, 1) values in double precision from the seeded {@code r}. */
    private static INDArray uniform(Random r, long... shape) {
        int n = 1;
        for (long d : shape) n *= (int) d;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextDouble();
        return Nd4j.create(v, shape, DataType.DOUBLE);
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
        // The log-ratios are the offsets set in the constructor (up to float rounding of oldLogp), so the
        // metrics are known without running the policy: CleanRL ppo.py's definitions, computed by hand (Python)
        // from the offsets and ADVANTAGES:
        //   approx_kl     = mean((r - 1) - log r)                                = 0.07289472079911741
        //   old_approx_kl = mean(-log r)                                         = 0.018
        //   clipfrac      = mean(|r - 1| > 0.2)                                  = 0.4
        //   pg_loss       = mean(max(-A r, -A clip(r, 0.8, 1.2)))                = -0.1368690630528026
        PpoLoss l = new PpoLoss(policy, critic, 0.2, 0.5, 0.0, false, false);
        PpoLoss.Stats s = l.step(obs, actions, oldLogp, adv, returns, oldValues);
        assertThat(s.approxKl()).isCloseTo(0.07289472079911741, within(1e-6));
        assertThat(s.oldApproxKl()).isCloseTo(0.018, within(1e-6));
        assertThat(s.clipFrac()).isCloseTo(0.4, within(1e-9));
        assertThat(s.policyLoss()).isCloseTo(-0.1368690630528026, within(1e-6));
    }
}
