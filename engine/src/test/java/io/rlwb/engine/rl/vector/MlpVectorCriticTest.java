package io.rlwb.engine.rl.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.FiniteDifferences;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.UpdatePath;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class MlpVectorCriticTest {
    private static final EnvSpec SPEC = new EnvSpec("Two-v0", 3, ActionSpace.discrete(4), List.of("treasure", "time"), 100);

    @ParameterizedTest
    @EnumSource(UpdatePath.class)
    void scaledPerHeadLossAndItsGradientMatchPlainJavaAndFiniteDifferences(UpdatePath path) {
        double[] scale = {4.0, 0.5};
        MlpVectorCritic critic = new MlpVectorCritic(SPEC, new int[] {6, 5}, Activation.TANH, scale, 3, DataType.DOUBLE,
                path);
        SplittableRandom rng = new SplittableRandom(7);
        INDArray obs = FiniteDifferences.uniform(rng, 8, 3, 1.0);
        float[] returns = new float[16];
        for (int i = 0; i < returns.length; i++) returns[i] = (float) (rng.nextDouble() * 4 - 2);
        float[] v = critic.values(obs);
        double expected = 0;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 2; j++) {
                double e = v[i * 2 + j] - returns[i * 2 + j];
                expected += e * e / (scale[j] * scale[j]);
            }
        }
        expected *= 0.5 / 8;
        for (Parameter p : critic.parameters()) p.zeroGrad();
        double loss = critic.fitValues(obs, returns, 0.9);
        assertThat(loss).isCloseTo(expected, within(1e-5));
        for (Parameter p : critic.parameters()) {
            double[] numeric = FiniteDifferences.gradient(p.value(), () -> 0.9 * critic.fitValues(obs, returns, 0.0));
            FiniteDifferences.assertMatches(p.name(), p.grad(), numeric);
        }
    }

    /** The device path's loss (ADR 0036) against the host path's: same loss and parameter gradients, either coef. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void theDevicePathComputesTheHostPathsLossAndGradients(DataType dt) {
        double tol = dt == DataType.DOUBLE ? 1e-10 : 2e-5;
        double[] scale = {4.0, 0.5};
        SplittableRandom rng = new SplittableRandom(11);
        INDArray obs = FiniteDifferences.uniform(rng, 12, 3, 1.5).castTo(dt);
        float[] returns = new float[24];
        for (int i = 0; i < returns.length; i++) returns[i] = (float) (rng.nextDouble() * 6 - 3);
        for (double coef : new double[] {0.9, 0.0}) {
            double[] host = fit(new MlpVectorCritic(SPEC, new int[] {7, 5}, Activation.RELU, scale, 5, dt,
                    UpdatePath.HOST), obs, returns, coef);
            double[] device = fit(new MlpVectorCritic(SPEC, new int[] {7, 5}, Activation.RELU, scale, 5, dt,
                    UpdatePath.DEVICE), obs, returns, coef);
            assertThat(device).hasSameSizeAs(host);
            assertThat(host[0]).isGreaterThan(0.1);
            for (int i = 0; i < host.length; i++) {
                assertThat(device[i]).as("%s coef=%s element %d", dt, coef, i)
                        .isCloseTo(host[i], within(tol * Math.max(1, Math.abs(host[i]))));
            }
        }
    }

    /** The loss, then every parameter gradient, of one fit from zeroed gradients. */
    private static double[] fit(MlpVectorCritic critic, INDArray obs, float[] returns, double coef) {
        for (Parameter p : critic.parameters()) p.zeroGrad();
        List<Double> out = new java.util.ArrayList<>(List.of(critic.fitValues(obs, returns, coef)));
        for (Parameter p : critic.parameters()) for (double g : p.grad().dup().data().asDouble()) out.add(g);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void aReplicaKeepsItsOriginalsPath() {
        MlpVectorCritic a = new MlpVectorCritic(SPEC, new int[] {4}, Activation.TANH, new double[] {2, 1}, 1,
                DataType.DOUBLE, UpdatePath.DEVICE);
        MlpVectorCritic b = (MlpVectorCritic) a.replicate(2);
        MlpVectorCritic host = new MlpVectorCritic(SPEC, new int[] {4}, Activation.TANH, new double[] {2, 1}, 2,
                DataType.DOUBLE, UpdatePath.HOST);
        INDArray obs = FiniteDifferences.uniform(new SplittableRandom(3), 5, 3, 1.0);
        float[] returns = new float[10];
        java.util.Arrays.fill(returns, 1.5f);
        long before = io.rlwb.engine.nn.HostArrays.transfers();
        double device = b.fitValues(obs, returns, 1.0);
        assertThat(io.rlwb.engine.nn.HostArrays.transfers() - before).isEqualTo(1); // the device fit's one read
        assertThat(device).isCloseTo(host.fitValues(obs, returns, 1.0), within(1e-12));
    }

    @Test
    void aScaleListOfTheWrongLengthIsRefusedNamingTheObjectives() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new MlpVectorCritic(SPEC, new int[] {4}, Activation.TANH, new double[] {1}, 1, DataType.FLOAT))
                .hasMessageContaining("treasure");
    }

    @Test
    void aReplicaHasTheSameShapeButItsOwnWeights() {
        MlpVectorCritic a = new MlpVectorCritic(SPEC, new int[] {4}, Activation.TANH, null, 1, DataType.FLOAT);
        VectorCritic b = a.replicate(2);
        assertThat(b.parameters()).hasSameSizeAs(a.parameters());
        // Its weights are those of a critic built from the replica's seed, not a copy of the original's...
        MlpVectorCritic fresh = new MlpVectorCritic(SPEC, new int[] {4}, Activation.TANH, null, 2, DataType.FLOAT);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertThat(b.parameters().get(i).value()).as("parameter %d", i).isEqualTo(fresh.parameters().get(i).value());
        }
        // ...and its own arrays: training the replica leaves the original untouched.
        var before = a.parameters().get(0).value().dup();
        b.parameters().get(0).value().addi(1.0);
        assertThat(a.parameters().get(0).value()).isEqualTo(before);
    }
}
