package io.rlwb.engine.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.env.CartPole;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.testkit.TestRunServices;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class PpoTrainerTest {
    private final EnvSpec spec = new CartPole(500).spec();

    private AdvantageBatch batch(float advantage) {
        TrajectoryBatch t = new TrajectoryBatch(spec, 8, 2);
        Arrays.fill(t.ends, StepEnd.NONE);
        for (int i = 0; i < t.rows(); i++) {
            t.actions[i] = i % 2;
            t.logProb[i] = (float) Math.log(0.5);
            for (int k = 0; k < 4; k++) t.obs[i * 4 + k] = 0.01f * (i + k);
        }
        float[] adv = new float[t.rows()];
        Arrays.fill(adv, advantage);
        adv[0] = 1; // not all equal, so normalisation is defined
        return new AdvantageBatch(t, adv, new float[t.rows()], new float[t.rows()]);
    }

    private PpoTrainer trainer(AdvantageBatch b) {
        var policy = new CategoricalMlpPolicy(spec, new int[] {8}, Activation.TANH, 1, DataType.FLOAT);
        var critic = new MlpCritic(spec, new int[] {8}, Activation.TANH, 2, DataType.FLOAT);
        PpoLoss loss = new PpoLoss(policy, critic, 0.2, 0.5, 0.01, true, false);
        return new PpoTrainer(() -> b, loss, new Adam(loss.parameters(), 1e-3, 0.9, 0.999, 1e-5, false), 2, 2, 0.5, 0, 3);
    }

    @Test
    void aNonFiniteLossStopsTrainingWithAMessageSayingWhere() {
        TestRunServices run = new TestRunServices(1, 1000);
        assertThatThrownBy(() -> trainer(batch(Float.NaN)).iterate(run))
                .isInstanceOf(io.rlwb.engine.nn.DivergenceException.class)
                .hasMessageContaining("policy loss is NaN").hasMessageContaining("PPO at iteration")
                .hasMessageContaining("epoch 1, minibatch 1");
    }

    @Test
    void anIterationLogsCleanRlsLossMetrics() {
        TestRunServices run = new TestRunServices(1, 1000);
        trainer(batch(0.5f)).iterate(run);
        for (String k : new String[] {"losses/policy_loss", "losses/value_loss", "losses/entropy", "losses/approx_kl",
                "losses/old_approx_kl", "losses/clipfrac", "losses/explained_variance", "charts/learning_rate"}) {
            assertThat(run.metrics).as(k).containsKey(k);
        }
        // Two actions with logits near zero: entropy close to log 2.
        assertThat(run.last("losses/entropy")).isBetween(0.68, 0.6932);
    }

    @Test
    void explainedVarianceIsOneForAPerfectCriticAndNanForConstantReturns() {
        float[] r = {1, 2, 3, 4};
        assertThat(PpoTrainer.explainedVariance(r, r)).isEqualTo(1.0);
        assertThat(PpoTrainer.explainedVariance(new float[] {0, 0, 0, 0}, r)).isEqualTo(0.0);
        assertThat(PpoTrainer.explainedVariance(r, new float[] {2, 2, 2, 2})).isNaN();
    }
}
