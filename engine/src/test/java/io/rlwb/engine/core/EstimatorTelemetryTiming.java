package io.rlwb.engine.core;

import io.rlwb.engine.env.CartPole;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.rl.AdvantageBatch;
import io.rlwb.engine.rl.GaeEstimator;
import io.rlwb.engine.rl.MlpCritic;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.testkit.TestRunServices;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Times what the core GAE node adds per iteration when it publishes telemetry ({@code telemetry_every} 0, 10, 1) on
 * the PPO CartPole sample's batch shape (8 envs x 64 steps, 64x64 critic); not a test, a measurement:
 * {@code java -cp engine/target/classes:engine/target/test-classes:$(cat app/target/classpath.txt)
 * io.rlwb.engine.core.EstimatorTelemetryTiming} with {@code OMP_NUM_THREADS=1}.
 */
public final class EstimatorTelemetryTiming {
    public static void main(String[] a) {
        EnvSpec spec = CartPole.spec(500);
        MlpCritic critic = new MlpCritic(spec, new int[] {64, 64}, Activation.TANH, 1, DataType.FLOAT);
        GaeEstimator gae = new GaeEstimator(critic, 0.99, 0.95);
        Random r = new Random(1);
        TrajectoryBatch b = new TrajectoryBatch(spec, 64, 8);
        for (int i = 0; i < b.obs.length; i++) b.obs[i] = (float) r.nextGaussian() * 0.1f;
        for (int i = 0; i < b.rows(); i++) { b.rewards[i] = 1; b.ends[i] = r.nextInt(40) == 0 ? StepEnd.TERMINATED : StepEnd.NONE; }
        for (int every : new int[] {0, 10, 1, 0, 10, 1, 0, 10, 1}) {
            TestRunServices run = new TestRunServices(1, 1_000_000);
            CreditPublisher c = every > 0 ? new CreditPublisher("gae", 0.99, 0.95, every) : null;
            ProbeValuePublisher p = every > 0 ? new ProbeValuePublisher("gae", critic, 0.99, every, 3) : null;
            long best = Long.MAX_VALUE;
            long bestGae = Long.MAX_VALUE;
            for (int rep = 0; rep < 7; rep++) {
                long tel = 0;
                long g = 0;
                for (int it = 0; it < 300; it++) {
                    long t0 = System.nanoTime();
                    AdvantageBatch ab = gae.estimate(b);
                    long t1 = System.nanoTime();
                    if (c != null) { c.observe(ab, run); p.observe(ab, run); }
                    tel += System.nanoTime() - t1;
                    g += t1 - t0;
                    run.nextIteration();
                }
                best = Math.min(best, tel);
                bestGae = Math.min(bestGae, g);
                run.snapshots.clear();
            }
            System.out.printf("telemetry_every=%d: gae %.1f us, telemetry %.1f us per iteration (best of 7 x 300)%n", every, bestGae / 300e3, best / 300e3);
        }
    }
}
