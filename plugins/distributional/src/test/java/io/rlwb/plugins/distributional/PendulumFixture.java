package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.SyncVecEnv;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.testkit.TestRunServices;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The small SAC / DSAC-T setting the trainer tests start from: a tanh-Gaussian policy and twin critics of one
 * 16-unit ReLU layer on Pendulum (seeds 1 and 2), a replay buffer (seed 3) filled with 300 random steps, and
 * batch-32 settings (gamma 0.99, tau 0.005, alpha 0.2 tuned, lr 1e-3 for the temperature).
 */
record PendulumFixture(TanhGaussianPolicy policy, TwinQCritic critic, ReplayBuffer replay,
        SoftActorCritic.Settings settings) {
    /** @param gaussianCritic DSAC-T's critics (a mean and a sigma per member) instead of SAC's Q values */
    static PendulumFixture of(boolean gaussianCritic) {
        return of(gaussianCritic, io.rlwb.engine.nn.UpdatePath.HOST);
    }

    /** As {@link #of(boolean)}, with the replay's storage on {@code replayPath} (ADR 0037). */
    static PendulumFixture of(boolean gaussianCritic, io.rlwb.engine.nn.UpdatePath replayPath) {
        var spec = Pendulum.spec(200);
        TanhGaussianPolicy policy = new TanhGaussianPolicy(spec, new int[] {16}, Activation.RELU, 1, DataType.FLOAT);
        TwinQCritic critic = new TwinQCritic(spec, new int[] {16}, Activation.RELU, gaussianCritic, 2, DataType.FLOAT,
                null);
        ReplayBuffer replay = new ReplayBuffer(new SyncVecEnv(Pendulum.factory(200), 1), policy, 1000, 100, 3,
                replayPath);
        TestRunServices run = new TestRunServices(1, 10_000);
        for (int i = 0; i < 300; i++) replay.collectStep(run);
        return new PendulumFixture(policy, critic, replay,
                new SoftActorCritic.Settings(0.99, 0.005, 32, 0, 1, 1, 0.2, true, 1e-3, 1.0));
    }
}
