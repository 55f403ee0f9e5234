package io.rlwb.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.rl.AdvantageBatch;
import io.rlwb.engine.rl.Critic;
import io.rlwb.engine.rl.GaeEstimator;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.telemetry.CreditSnapshot;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import io.rlwb.engine.testkit.TestRunServices;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EstimatorTelemetryTest {
    private static final EnvSpec SPEC = new EnvSpec("test", 2, ActionSpace.discrete(2), List.of("reward"), 0);
    private static final double GAMMA = 0.9;
    private static final double LAMBDA = 0.8;

    /** Env 0 ends its episode at the given steps (TERMINATED, or TRUNCATED when negative). */
    private static AdvantageBatch batch(Random r, int steps, int envs, int... ends) {
        TrajectoryBatch b = new TrajectoryBatch(SPEC, steps, envs);
        java.util.Arrays.fill(b.ends, StepEnd.NONE);
        for (int i = 0; i < b.rows(); i++) {
            b.rewards[i] = (float) r.nextGaussian();
            b.obs[2 * i] = i;
        }
        for (int t : ends) {
            int row = Math.abs(t) * envs;
            b.ends[row] = t < 0 ? StepEnd.TRUNCATED : StepEnd.TERMINATED;
            if (t < 0) b.finalObs[row] = new float[] {1, 2};
        }
        float[] v = new float[b.rows()];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        float[] vNext = {(float) r.nextGaussian(), (float) r.nextGaussian()};
        float[] vFinal = new float[b.rows()];
        for (int i = 0; i < v.length; i++) vFinal[i] = (float) r.nextGaussian();
        return GaeEstimator.estimate(b, v, vNext, vFinal, GAMMA, LAMBDA);
    }

    @Test
    void creditOfAnEpisodeSpanningTwoBatchesHasTheEstimatorsNumbersAndTdErrors() {
        Random r = new Random(7);
        AdvantageBatch first = batch(r, 8, 2);
        AdvantageBatch second = batch(r, 8, 2, 3);
        TestRunServices run = new TestRunServices(1, 1000);
        CreditPublisher p = new CreditPublisher("gae", GAMMA, LAMBDA, 1);
        p.observe(first, run);
        assertThat(run.snapshots).isEmpty();
        p.observe(second, run);
        assertThat(run.snapshots).hasSize(1);
        CreditSnapshot c = (CreditSnapshot) run.snapshots.get(0);
        assertThat(c.source()).isEqualTo("gae");
        assertThat(c.episode()).isEqualTo(1);
        assertThat(c.steps()).hasSize(12);
        // Step 10 is row 2 * 2 of the second batch; its TD error from the definition r + gamma V(s') - V(s).
        CreditSnapshot.Step s = c.steps().get(10);
        TrajectoryBatch b = second.trajectories();
        double delta = b.rewards[4] + GAMMA * second.values()[6] - second.values()[4];
        assertThat(s.t()).isEqualTo(10);
        assertThat(s.reward()).isEqualTo(b.rewards[4]);
        assertThat(s.tdError()).isCloseTo(delta, within(1e-5));
        assertThat(s.ret()).isCloseTo(s.advantage() + s.value(), within(1e-5));
        // The terminal step's TD error is r - V(s) and equals its advantage.
        CreditSnapshot.Step last = c.steps().get(11);
        assertThat(last.tdError()).isCloseTo(b.rewards[6] - second.values()[6], within(1e-5));
        // The last step of the first batch bootstraps from the next batch's first value: delta is A there.
        assertThat(c.steps().get(7).tdError()).isCloseTo(c.steps().get(7).advantage(), within(1e-6));
    }

    @Test
    void creditIsPublishedAtMostOnceEveryNIterations() {
        Random r = new Random(3);
        TestRunServices run = new TestRunServices(1, 1000);
        CreditPublisher p = new CreditPublisher("gae", GAMMA, LAMBDA, 3);
        for (int it = 0; it < 7; it++) {
            p.observe(batch(r, 8, 2, 2, 5), run);
            run.nextIteration();
        }
        assertThat(p.episodes()).isEqualTo(14);
        assertThat(run.snapshots).hasSize(3);
        assertThat(run.snapshots).extracting(o -> ((CreditSnapshot) o).episode()).containsExactly(1L, 7L, 13L);
    }

    /** V(s) = first observation value, so the probes' values are known. */
    private static final Critic FIRST_OBS = new Critic() {
        @Override public EnvSpec spec() { return SPEC; }

        @Override public List<Parameter> parameters() { return List.of(); }

        @Override public INDArray values(INDArray obs) { return obs.getColumn(0).dup(); }

        @Override public double fitValues(INDArray o, INDArray r, INDArray v, double c, double k) { return 0; }
    };

    @Test
    void probeValuesAreTheFirstResetStatesWithTheMeanDiscountedReturnOfFinishedEpisodes() {
        TrajectoryBatch b = new TrajectoryBatch(SPEC, 4, 2);
        java.util.Arrays.fill(b.ends, StepEnd.NONE);
        for (int i = 0; i < b.rows(); i++) {
            b.rewards[i] = 1;
            b.obs[2 * i] = 10 + i;
        }
        b.ends[2 * 2] = StepEnd.TERMINATED; // env 0: rewards 1, 1, 1 then terminated
        float[] v = new float[b.rows()];
        AdvantageBatch a = GaeEstimator.estimate(b, v, new float[2], new float[b.rows()], GAMMA, 1.0);
        TestRunServices run = new TestRunServices(1, 1000);
        ProbeValuePublisher p = new ProbeValuePublisher("critic", FIRST_OBS, GAMMA, 5, 3);
        p.observe(a, run);
        assertThat(run.snapshots).hasSize(1);
        ValueDistributionSnapshot d = (ValueDistributionSnapshot) run.snapshots.get(0);
        assertThat(d.probes()).hasSize(2);
        assertThat(d.probes().get(1).kind()).isEqualTo("scalar");
        assertThat(d.probes().get(1).mean()).isEqualTo(11.0);
        assertThat(d.probes().get(1).obs()).containsExactly(11.0, 0.0);
        assertThat(d.probes().get(0).empiricalReturn()).isCloseTo(1 + GAMMA + GAMMA * GAMMA, within(1e-6));
        for (int it = 1; it < 5; it++) {
            run.nextIteration();
            p.observe(a, run);
        }
        assertThat(run.snapshots).hasSize(1);
        run.nextIteration();
        p.observe(a, run);
        ValueDistributionSnapshot later = (ValueDistributionSnapshot) run.snapshots.get(1);
        assertThat(later.probes().get(0).obs()).isEqualTo(d.probes().get(0).obs());
    }
}
