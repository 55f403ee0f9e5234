package io.rlwb.engine.core;

import io.rlwb.engine.rl.AdvantageBatch;
import io.rlwb.engine.rl.Critic;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Publishes a scalar critic's value at a few fixed probe states as a {@link ValueDistributionSnapshot} of kind
 * {@code scalar}, every {@code every} iterations. The probes are the reset states of the first environments in
 * the run's first batch (drawn from the run's seed, so the same states for a given seed) and stay fixed for the
 * whole run, so their values can be followed over training.
 *
 * <p>The empirical return beside each probe is the mean discounted return {@code G_0} of the episodes of every
 * environment that finished since the previous snapshot, measured from their reset states: the probes are reset
 * states too, drawn from the same start distribution, so {@code V(probe)} should approach it. A truncated
 * episode's tail is bootstrapped as the estimator does ({@code G_0} ends with {@code gamma^(T-1)} times the
 * return target of its last step). It is null when no episode finished in between. Reads only; evaluating the
 * critic at the probes records nothing for backpropagation, so training is unchanged.
 */
final class ProbeValuePublisher {
    private final String critic;
    private final Critic values;
    private final double gamma;
    private final int every;
    private final int wanted;
    private float[] probes;
    private int count;
    private double[] running;
    private double[] discount;
    private double finishedSum;
    private int finished;

    /**
     * @param critic id written in the snapshot (the node that evaluated the critic)
     * @param every publish every this many iterations (at least 1)
     * @param wanted number of probe states (the first environments' reset states)
     */
    ProbeValuePublisher(String critic, Critic values, double gamma, int every, int wanted) {
        this.critic = critic;
        this.values = values;
        this.gamma = gamma;
        this.every = Math.max(1, every);
        this.wanted = wanted;
    }

    /** Follows the episodes of {@code a}; publishes the probe values when this iteration is due. */
    void observe(AdvantageBatch a, RunServices run) {
        TrajectoryBatch b = a.trajectories();
        int n = b.numEnvs;
        int od = b.spec.obsDim();
        if (probes == null) {
            count = Math.min(wanted, n);
            probes = new float[count * od];
            System.arraycopy(b.obs, 0, probes, 0, count * od);
            running = new double[n];
            discount = new double[n];
            java.util.Arrays.fill(discount, 1.0);
        }
        for (int t = 0; t < b.numSteps; t++) {
            for (int e = 0; e < n; e++) {
                int i = t * n + e;
                if (b.ends[i].done()) {
                    finishedSum += running[e] + discount[e] * a.returns()[i];
                    finished++;
                    running[e] = 0;
                    discount[e] = 1.0;
                } else {
                    running[e] += discount[e] * b.rewards[i];
                    discount[e] *= gamma;
                }
            }
        }
        if (run.iteration() % every == 0) publish(run, od);
    }

    private void publish(RunServices run, int od) {
        float[] v = values.values(Nd4j.create(probes, new long[] {count, od}, 'c')).toFloatVector();
        Double empirical = finished == 0 ? null : finishedSum / finished;
        List<ValueDistributionSnapshot.Probe> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            double[] obs = new double[od];
            for (int j = 0; j < od; j++) obs[j] = probes[k * od + j];
            out.add(ValueDistributionSnapshot.Probe.scalar("reset " + k, obs, v[k], empirical));
        }
        run.telemetry(ValueDistributionSnapshot.KIND, new ValueDistributionSnapshot(critic, out));
        finishedSum = 0;
        finished = 0;
    }
}
