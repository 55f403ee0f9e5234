package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.CartPole;
import io.rlwb.engine.env.SyncVecEnv;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.testkit.TestRunServices;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class ReplayBufferTest {
    @Test
    void aTruncatedStepStoresTheFinalObservationAndIsNotTerminal() {
        var spec = Pendulum.spec(5);
        TanhGaussianPolicy policy = new TanhGaussianPolicy(spec, new int[] {4}, Activation.RELU, 1, DataType.FLOAT);
        ReplayBuffer rb = new ReplayBuffer(new SyncVecEnv(Pendulum.factory(5), 1), policy, 5, 0, 7);
        TestRunServices run = new TestRunServices(1, 100);
        for (int i = 0; i < 5; i++) rb.collectStep(run);
        assertThat(rb.size()).isEqualTo(5);
        assertThat(run.envSteps()).isEqualTo(5);
        // The buffer is full with exactly the episode; sample many times and look at each stored transition.
        ReplayBuffer.Batch b = rb.sample(200, new SplittableRandom(1));
        int chained = 0;
        for (int i = 0; i < 200; i++) {
            assertThat(b.terminated()[i]).as("Pendulum never terminates").isEqualTo(0f);
            // s' of every transition is a real successor: |cos|^2 + |sin|^2 = 1 and not the reset state of a new episode
            float c = b.nextObs()[i * 3];
            float s = b.nextObs()[i * 3 + 1];
            assertThat((double) (c * c + s * s)).isCloseTo(1.0, within(1e-5));
            for (int j = 0; j < 200; j++) {
                if (b.obs()[j * 3] == b.nextObs()[i * 3] && b.obs()[j * 3 + 2] == b.nextObs()[i * 3 + 2]) chained++;
            }
        }
        assertThat(run.metrics.get("charts/episodic_length")).containsExactly(5.0);
        assertThat(chained).as("successors of the first four steps are stored states").isPositive();
    }

    @Test
    void aTerminatedCartPoleStepIsMarkedTerminalWithItsFinalObservation() {
        var spec = CartPole.spec(500);
        C51Critic critic = new C51Critic(spec, new int[] {8}, Activation.RELU, new C51(11, 0, 10), 1, DataType.FLOAT, null);
        EpsilonGreedyPolicy policy = new EpsilonGreedyPolicy(critic, null, 1.0, 1.0, 0.5);
        ReplayBuffer rb = new ReplayBuffer(new SyncVecEnv(CartPole.factory(500), 1), policy, 1000, 1000, 3);
        TestRunServices run = new TestRunServices(1, 10_000);
        while (!run.metrics.containsKey("charts/episodic_length")) rb.collectStep(run);
        ReplayBuffer.Batch b = rb.sample(5000, new SplittableRandom(2));
        boolean sawTerminal = false;
        for (int i = 0; i < b.size(); i++) {
            if (b.terminated()[i] == 1f) {
                sawTerminal = true;
                float x = b.nextObs()[i * 4];
                float theta = b.nextObs()[i * 4 + 2];
                assertThat(Math.abs(x) > 2.4 || Math.abs(theta) > 12 * 2 * Math.PI / 360)
                        .as("the stored s' of a terminal step is the failed state, not a reset state").isTrue();
            }
        }
        assertThat(sawTerminal).isTrue();
    }

    @Test
    void epsilonFallsLinearlyOverTheExplorationFractionOfTheBudget() {
        var spec = CartPole.spec(500);
        C51Critic critic = new C51Critic(spec, new int[] {8}, Activation.RELU, new C51(11, 0, 10), 1, DataType.FLOAT, null);
        TestRunServices run = new TestRunServices(1, 1000);
        EpsilonGreedyPolicy p = new EpsilonGreedyPolicy(critic, run, 1.0, 0.05, 0.5);
        assertThat(p.epsilon()).isEqualTo(1.0);
        run.addEnvSteps(250);
        assertThat(p.epsilon()).isCloseTo(0.525, within(1e-12));
        run.addEnvSteps(500);
        assertThat(p.epsilon()).isEqualTo(0.05);
    }
}
