package io.rlwb.engine.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.FiniteDifferences;
import io.rlwb.engine.nn.Parameter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CategoricalMlpPolicyTest {
    private static final EnvSpec SPEC = new EnvSpec("Test-v0", 3, ActionSpace.discrete(4), List.of("reward"), 100);

    /**
     * A policy whose head is scaled up from the near-zero init (gain 0.01), so the distribution is far from
     * uniform and the entropy gradient is not ~0.
     */
    private static CategoricalMlpPolicy sharpPolicy(Activation act, long seed) {
        CategoricalMlpPolicy p = new CategoricalMlpPolicy(SPEC, new int[] {6, 5}, act, seed, DataType.DOUBLE);
        List<Parameter> ps = p.parameters();
        ps.get(ps.size() - 2).value().muli(150);
        SplittableRandom rng = new SplittableRandom(seed);
        for (Parameter q : ps) {
            if (q.name().endsWith(".b")) {
                q.value().assign(FiniteDifferences.uniform(rng, 1, (int) q.value().columns(), 0.3));
            }
        }
        return p;
    }

    private static double[] softmax(INDArray logitsRow) {
        double[] z = logitsRow.toDoubleVector();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double sum = 0;
        double[] p = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            p[j] = Math.exp(z[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < z.length; j++) p[j] /= sum;
        return p;
    }

    private static float[][] toFloats(INDArray m) {
        float[][] out = new float[(int) m.rows()][(int) m.columns()];
        for (int r = 0; r < out.length; r++) {
            for (int c = 0; c < out[r].length; c++) out[r][c] = (float) m.getDouble(r, c);
        }
        return out;
    }

    private static INDArray randomActions(SplittableRandom rng, int rows) {
        double[] a = new double[rows];
        for (int i = 0; i < rows; i++) a[i] = rng.nextInt(SPEC.actions().n());
        return Nd4j.create(a, new long[] {rows, 1}, DataType.DOUBLE);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void evaluateAndBackwardMatchFiniteDifferencesOfAWeightedLogProbPlusEntropyLoss(Activation act) {
        CategoricalMlpPolicy policy = sharpPolicy(act, 21);
        SplittableRandom rng = new SplittableRandom(22);
        int b = 7;
        INDArray obs = FiniteDifferences.uniform(rng, b, 3, 1.0);
        INDArray actions = randomActions(rng, b);
        INDArray wLogp = FiniteDifferences.uniform(rng, 1, b, 1.0).reshape(b);
        INDArray wEnt = FiniteDifferences.uniform(rng, 1, b, 1.0).reshape(b);

        policy.network().zeroGrad();
        Policy.Evaluation ev = policy.evaluate(obs, actions);
        assertThat(ev.logProb().shape()).containsExactly(b);
        assertThat(ev.entropy().shape()).containsExactly(b);
        ev.backward(wLogp, wEnt);

        for (Parameter p : policy.parameters()) {
            double[] numeric = FiniteDifferences.gradient(p.value(), () -> {
                Policy.Evaluation e = policy.evaluate(obs, actions);
                return e.logProb().mul(wLogp).sumNumber().doubleValue() + e.entropy().mul(wEnt).sumNumber().doubleValue();
            });
            FiniteDifferences.assertMatches(act + " " + p.name(), p.grad(), numeric);
        }
    }

    @Test
    void logProbAndEntropyMatchAPlainJavaSoftmaxOfTheLogits() {
        CategoricalMlpPolicy policy = sharpPolicy(Activation.TANH, 31);
        SplittableRandom rng = new SplittableRandom(32);
        INDArray obs = FiniteDifferences.uniform(rng, 5, 3, 1.0);
        INDArray actions = randomActions(rng, 5);
        INDArray logits = policy.network().predict(obs);
        Policy.Evaluation ev = policy.evaluate(obs, actions);
        for (int i = 0; i < 5; i++) {
            double[] p = softmax(logits.getRow(i));
            double h = 0;
            for (double pj : p) h -= pj * Math.log(pj);
            assertThat(ev.logProb().getDouble(i)).isCloseTo(Math.log(p[(int) actions.getDouble(i, 0)]), within(1e-10));
            assertThat(ev.entropy().getDouble(i)).isCloseTo(h, within(1e-10));
        }
    }

    @Test
    void greedyActingPicksTheArgmaxOfTheLogitsAndReportsItsLogProb() {
        CategoricalMlpPolicy policy = sharpPolicy(Activation.TANH, 41);
        INDArray obs = FiniteDifferences.uniform(new SplittableRandom(42), 16, 3, 1.0);
        INDArray logits = policy.network().predict(obs);
        float[][] actions = new float[16][1];
        float[] logp = new float[16];
        policy.act(toFloats(obs), true, null, actions, logp);
        int distinct = 0;
        boolean[] seen = new boolean[4];
        for (int i = 0; i < 16; i++) {
            int argmax = logits.getRow(i).argMax().getInt(0);
            assertThat(actions[i][0]).isEqualTo((float) argmax);
            assertThat(logp[i]).isCloseTo((float) Math.log(softmax(logits.getRow(i))[argmax]), within(1e-5f));
            if (!seen[argmax]) {
                seen[argmax] = true;
                distinct++;
            }
        }
        assertThat(distinct).as("the test's observations should not all share one argmax").isGreaterThan(1);
    }

    @Test
    void sampledActionFrequenciesMatchTheSoftmaxProbabilities() {
        CategoricalMlpPolicy policy = new CategoricalMlpPolicy(SPEC, new int[] {6, 5}, Activation.TANH, 51, DataType.FLOAT);
        policy.parameters().get(4).value().muli(60); // away from uniform
        float[] o = {0.3f, -0.7f, 0.5f};
        double[] p = softmax(policy.network().predict(Nd4j.create(new float[][] {o})).getRow(0));
        assertThat(p[0]).as("a non-uniform distribution makes the test meaningful").isNotCloseTo(0.25, within(0.05));

        int draws = 20_000;
        float[][] obs = new float[draws][];
        for (int i = 0; i < draws; i++) obs[i] = o;
        float[][] actions = new float[draws][1];
        float[] logp = new float[draws];
        policy.act(obs, false, new SplittableRandom(52), actions, logp);
        int[] counts = new int[4];
        for (int i = 0; i < draws; i++) {
            int a = (int) actions[i][0];
            counts[a]++;
            assertThat(logp[i]).isCloseTo((float) Math.log(p[a]), within(1e-5f));
        }
        for (int j = 0; j < 4; j++) {
            assertThat(counts[j] / (double) draws).as("frequency of action %d", j).isCloseTo(p[j], within(0.01));
        }
    }

    @Test
    void actingIsDeterministicForAFixedSeed() {
        CategoricalMlpPolicy a = new CategoricalMlpPolicy(SPEC, new int[] {8}, Activation.RELU, 61, DataType.FLOAT);
        CategoricalMlpPolicy b = new CategoricalMlpPolicy(SPEC, new int[] {8}, Activation.RELU, 61, DataType.FLOAT);
        float[][] obs = toFloats(FiniteDifferences.uniform(new SplittableRandom(62), 50, 3, 1.0));
        float[][] actA = new float[50][1];
        float[][] actB = new float[50][1];
        float[] logpA = new float[50];
        float[] logpB = new float[50];
        a.act(obs, false, new SplittableRandom(63), actA, logpA);
        b.act(obs, false, new SplittableRandom(63), actB, logpB);
        assertThat(actA).isDeepEqualTo(actB);
        assertThat(logpA).containsExactly(logpB);
    }

    @Test
    void sampledLogProbsAgreeWithEvaluate() {
        CategoricalMlpPolicy policy = sharpPolicy(Activation.TANH, 71);
        INDArray obs = FiniteDifferences.uniform(new SplittableRandom(72), 8, 3, 1.0);
        float[][] actions = new float[8][1];
        float[] logp = new float[8];
        policy.act(toFloats(obs), false, new SplittableRandom(73), actions, logp);
        INDArray acts = Nd4j.create(actions).castTo(DataType.DOUBLE);
        // act saw float observations; evaluate the same rounded values.
        Policy.Evaluation ev = policy.evaluate(Nd4j.create(toFloats(obs)).castTo(DataType.DOUBLE), acts);
        for (int i = 0; i < 8; i++) {
            assertThat(ev.logProb().getDouble(i)).isCloseTo(logp[i], within(1e-5));
        }
    }

    @Test
    void aContinuousActionSpaceIsRejectedByName() {
        EnvSpec box = new EnvSpec("Pendulum-v1", 3, ActionSpace.box(1, -2, 2), List.of("reward"), 200);
        assertThatThrownBy(() -> new CategoricalMlpPolicy(box, new int[] {64}, Activation.TANH, 1, DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Box(1, [-2.0, 2.0])")
                .hasMessageContaining("discrete");
    }

    @Test
    void aStaleOrRepeatedBackwardIsRefused() {
        CategoricalMlpPolicy policy = sharpPolicy(Activation.TANH, 81);
        SplittableRandom rng = new SplittableRandom(82);
        INDArray obs = FiniteDifferences.uniform(rng, 4, 3, 1.0);
        INDArray actions = randomActions(rng, 4);
        INDArray ones = Nd4j.ones(DataType.DOUBLE, 4);
        Policy.Evaluation first = policy.evaluate(obs, actions);
        Policy.Evaluation second = policy.evaluate(obs, actions);
        assertThatThrownBy(() -> first.backward(ones, ones)).isInstanceOf(IllegalStateException.class);
        second.backward(ones, null);
        assertThatThrownBy(() -> second.backward(ones, ones)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void actionsOutsideTheSpaceAreRejected() {
        CategoricalMlpPolicy policy = sharpPolicy(Activation.TANH, 91);
        INDArray obs = Nd4j.zeros(DataType.DOUBLE, 2, 3);
        assertThatThrownBy(() -> policy.evaluate(obs, Nd4j.create(new double[] {0, 4}, new long[] {2, 1}, DataType.DOUBLE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 4)");
        assertThatThrownBy(() -> policy.evaluate(obs, Nd4j.create(new double[] {0.5, 1}, new long[] {2, 1}, DataType.DOUBLE)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
