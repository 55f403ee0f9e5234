package io.rlwb.engine.core;

import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.rl.AdvantageBatch;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.telemetry.CreditSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes the credit assignment of one finished episode of environment 0 as a {@link CreditSnapshot}, at most
 * once every {@code every} iterations: per step the reward, the value at collection time, the TD error, the GAE
 * advantage and the return target, exactly as the estimator computed them for training. Episodes span batches,
 * so the steps of environment 0 are gathered across batches until its episode ends.
 *
 * <p>The TD error is recovered from the advantages by inverting GAE's recursion,
 * {@code delta_t = A_t - gamma * lambda * A_{t+1}} (no carry at an episode's end or a batch's last step), so this
 * class needs nothing from the estimator beyond its {@link AdvantageBatch}. Reads only; training is unchanged.
 */
final class CreditPublisher {
    /** Episodes longer than this are not recorded (memory stays bounded). */
    static final int MAX_STEPS = 20_000;

    private final String source;
    private final double gamma;
    private final double lambda;
    private final int every;
    private final List<CreditSnapshot.Step> current = new ArrayList<>();
    private boolean overflow;
    private long episodes;
    private long lastPublished = Long.MIN_VALUE;

    /**
     * @param source id of the estimator node
     * @param every publish at most once in this many iterations (at least 1)
     */
    CreditPublisher(String source, double gamma, double lambda, int every) {
        this.source = source;
        this.gamma = gamma;
        this.lambda = lambda;
        this.every = Math.max(1, every);
    }

    /** Takes the steps of environment 0 from {@code a}; publishes an episode that ended here when one is due. */
    void observe(AdvantageBatch a, RunServices run) {
        TrajectoryBatch b = a.trajectories();
        int n = b.numEnvs;
        for (int t = 0; t < b.numSteps; t++) {
            int i = t * n;
            StepEnd end = b.ends[i];
            boolean carry = !end.done() && t < b.numSteps - 1;
            double next = carry ? a.advantages()[i + n] : 0.0;
            double delta = a.advantages()[i] - gamma * lambda * next;
            if (current.size() < MAX_STEPS) {
                current.add(new CreditSnapshot.Step(current.size(), b.rewards[i], a.values()[i], delta,
                        a.advantages()[i], a.returns()[i]));
            } else {
                overflow = true;
            }
            if (end.done()) finishEpisode(run);
        }
    }

    private void finishEpisode(RunServices run) {
        episodes++;
        long it = run.iteration();
        if (!overflow && (lastPublished == Long.MIN_VALUE || it - lastPublished >= every)) {
            run.telemetry(CreditSnapshot.KIND, new CreditSnapshot(CreditSnapshot.VERSION, source, episodes,
                    List.copyOf(current), List.of(), List.of()));
            lastPublished = it;
        }
        current.clear();
        overflow = false;
    }

    /** Episodes of environment 0 finished so far. */
    long episodes() {
        return episodes;
    }
}
