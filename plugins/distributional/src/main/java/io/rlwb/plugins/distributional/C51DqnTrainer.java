package io.rlwb.plugins.distributional;

import io.rlwb.engine.nn.DivergenceGuard;
import io.rlwb.engine.nn.Optimizer;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.RunServices;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DQN with a C51 critic, as CleanRL's {@code c51.py}: after {@code learningStarts} env steps, every
 * {@code trainFrequency} steps one update on a sampled batch: the target network's distribution of the greedy
 * next action (greedy by the target network's own means) is projected by {@link C51#project} and the online
 * distribution of the taken action is fitted to it by cross-entropy. The target network is copied from the
 * online one every {@code targetFrequency} env steps. Logs {@code losses/loss} and {@code losses/q_values}.
 */
final class C51DqnTrainer implements io.rlwb.engine.spi.Stateful {
    static final MetricSpec LOSS = MetricSpec.of("losses/loss", MetricSpec.Role.KEY,
            "Cross-entropy to the projected target, mean over the iteration's updates");
    static final MetricSpec Q_VALUES = MetricSpec.of("losses/q_values", MetricSpec.Role.DETAIL,
            "Mean Q of the taken actions in the sampled batches");
    /** What the trainer records. */
    static final List<MetricSpec> METRICS = List.of(LOSS, Q_VALUES);

    private final ReplayBuffer replay;
    private final C51Critic critic;
    private final Optimizer optimizer;
    private final double gamma;
    private final int batchSize;
    private final long learningStarts;
    private final int trainFrequency;
    private final int targetFrequency;
    private final int stepsPerIteration;
    private SplittableRandom rng;
    private final long seed;
    private final DivergenceGuard guard;
    private long steps;
    private double sumLoss;
    private double sumQ;
    private int updates;
    private final io.rlwb.engine.nn.UpdatePath path;

    C51DqnTrainer(ReplayBuffer replay, C51Critic critic, Optimizer optimizer, double gamma, int batchSize,
            long learningStarts, int trainFrequency, int targetFrequency, int stepsPerIteration, long seed) {
        this(replay, critic, optimizer, gamma, batchSize, learningStarts, trainFrequency, targetFrequency,
                stepsPerIteration, seed, io.rlwb.engine.nn.UpdatePath.forBackend());
    }

    /** As the other constructor, with the loss computed on {@code path} (tests; ADR 0035). */
    C51DqnTrainer(ReplayBuffer replay, C51Critic critic, Optimizer optimizer, double gamma, int batchSize,
            long learningStarts, int trainFrequency, int targetFrequency, int stepsPerIteration, long seed,
            io.rlwb.engine.nn.UpdatePath path) {
        this.path = path;
        this.replay = replay;
        this.critic = critic;
        this.optimizer = optimizer;
        this.gamma = gamma;
        this.batchSize = batchSize;
        this.learningStarts = learningStarts;
        this.trainFrequency = trainFrequency;
        this.targetFrequency = targetFrequency;
        this.stepsPerIteration = stepsPerIteration;
        this.rng = new SplittableRandom(seed);
        this.seed = seed;
        this.guard = DivergenceGuard.of("critic", critic.parameters());
    }

    void iterate(RunServices run) {
        // Iteration i samples its batches from a stream derived from (seed, i) (ADR 0020).
        rng = io.rlwb.engine.spi.Streams.at(seed, run.iteration());
        for (int k = 0; k < stepsPerIteration && !run.cancelled(); k++) {
            replay.collectStep(run);
            steps++;
            if (run.envSteps() <= learningStarts) continue;
            if (steps % trainFrequency == 0) {
                if (path == io.rlwb.engine.nn.UpdatePath.DEVICE) {
                    updateOnDevice(replay.sampleOnDevice(batchSize, rng), run.progress()); // ADR 0037
                } else {
                    update(replay.sample(batchSize, rng), run.progress());
                }
            }
            if (steps % targetFrequency == 0) critic.syncTarget();
        }
        if (updates > 0) {
            run.metric(LOSS.key(), sumLoss / updates);
            run.metric(Q_VALUES.key(), sumQ / updates);
            sumLoss = 0;
            sumQ = 0;
            updates = 0;
        }
    }

    /** One C51 update; returns the loss. */
    double update(ReplayBuffer.Batch b, double progress) {
        if (path == io.rlwb.engine.nn.UpdatePath.DEVICE) return updateOnDevice(ReplayBuffer.DeviceBatch.of(b), progress);
        int n = b.size();
        int na = critic.actions();
        int atoms = critic.c51().atoms();
        INDArray next = Nd4j.create(b.nextObs(), new long[] {n, b.obsDim()}, 'c');
        double[] tl = critic.predictTarget(next);
        INDArray obs = Nd4j.create(b.obs(), new long[] {n, b.obsDim()}, 'c');
        critic.observe(obs);
        Parameters.zeroGrad(critic.parameters());
        double[] lg = critic.forward(obs);
        double[] dLogits = new double[lg.length];
        double loss = 0;
        double meanQ = 0;
        double[] pNext = new double[atoms];
        for (int i = 0; i < n; i++) {
            int aStar = C51Critic.argmax(critic.q(tl, i));
            Categorical.softmax(tl, (i * na + aStar) * atoms, atoms, pNext, 0);
            double[] m = critic.c51().project(pNext, 0, b.rewards()[i], gamma, b.terminated()[i]);
            int a = (int) b.actions()[i];
            loss += critic.c51().crossEntropy(lg, (i * na + a) * atoms, m, 1.0 / n, dLogits) / n;
            meanQ += critic.q(lg, i)[a] / n;
        }
        critic.backward(dLogits, n);
        return finish(loss, meanQ, progress);
    }

    /** One C51 update on the device path (ADR 0035) on a minibatch that lives in arrays (ADR 0037); the loss. */
    double updateOnDevice(ReplayBuffer.DeviceBatch b, double progress) {
        Parameters.zeroGrad(critic.parameters());
        // The named host read of a device update: the loss (for the divergence check and logging) and mean Q.
        double[] stats = io.rlwb.engine.nn.HostArrays.toDoubles(DeviceC51Update.step(critic, b, gamma));
        return finish(stats[0], stats[1], progress);
    }

    /** The optimiser step and the bookkeeping both paths share, after the gradient is in place. */
    private double finish(double loss, double meanQ, double progress) {
        DivergenceGuard.check(LOSS.key(), loss, "update " + (guard.steps() + 1));
        sumQ += meanQ;
        optimizer.step(progress);
        guard.parameters();
        sumLoss += loss;
        updates++;
        return loss;
    }

    /**
     * State (ADR 0020): the optimiser's moments and steps and the step count that times updates and target syncs.
     * The networks are the critic node's state, the replay its node's.
     */
    @Override
    public void saveState(io.rlwb.engine.spi.StateWriter out) {
        out.tensors("optimizer", SoftActorCritic.named(optimizer));
        out.value("steps", steps);
    }

    @Override
    public void restoreState(io.rlwb.engine.spi.StateReader in) {
        SoftActorCritic.named(optimizer).load(in.tensors("optimizer"));
        steps = in.longValue("steps");
    }
}
