package io.rlwb.app.cli;

import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.nn.GradClip;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import io.rlwb.engine.rl.MlpCritic;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.PpoLoss;
import io.rlwb.engine.rl.TrajectoryBatch;
import java.io.PrintWriter;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code bench --breakdown}: times the parts of one PPO minibatch update on the graph's own policy and critic,
 * so docs/benchmarks.md can say where an update's time goes. Steps a throwaway Adam on the parameters: run it
 * after the speed part, never inside a run.
 */
final class UpdateBreakdown {
    private UpdateBreakdown() {}

    static void print(PrintWriter out, PpoLoss loss, TrajectoryBatch batch, int b, int reps) {
        int od = batch.spec.obsDim();
        int ad = TrajectoryBatch.actionValues(batch.spec);
        b = Math.min(b, batch.rows());
        DataType dt = loss.parameters().get(0).value().dataType();
        INDArray obs = Nd4j.create(java.util.Arrays.copyOf(batch.obs, b * od), new long[] {b, od}, 'c').castTo(dt);
        INDArray act = Nd4j.create(java.util.Arrays.copyOf(batch.actions, b * ad), new long[] {b, ad}, 'c').castTo(dt);
        INDArray target = Nd4j.rand(dt, b);
        INDArray oldV = Nd4j.rand(dt, b);
        INDArray dLogp = Nd4j.zeros(dt, b).addi(1.0 / b);
        INDArray dEnt = Nd4j.zeros(dt, b);
        Policy policy = loss.policy();
        Adam adam = new Adam(loss.parameters(), 1e-6, 0.9, 0.999, 1e-5, false);
        long[] t = new long[5];
        for (int r = 0; r < reps + 200; r++) { // the first 200 warm up
            long t0 = System.nanoTime();
            Parameters.zeroGrad(loss.parameters());
            long t1 = System.nanoTime();
            Policy.Evaluation ev = policy.evaluate(obs, act);
            ev.backward(dLogp, dEnt);
            long t2 = System.nanoTime();
            loss.critic().fitValues(obs, target, oldV, 0.2, 0.5);
            long t3 = System.nanoTime();
            GradClip.clipGradNorm(loss.parameters(), 0.5);
            long t4 = System.nanoTime();
            adam.step(0);
            long t5 = System.nanoTime();
            if (r >= 200) {
                t[0] += t1 - t0;
                t[1] += t2 - t1;
                t[2] += t3 - t2;
                t[3] += t4 - t3;
                t[4] += t5 - t4;
            }
        }
        String critic = loss.critic() instanceof MlpCritic ? "critic forward+backward (clipped loss)" : "critic fitValues";
        out.printf(Locale.ROOT, "update breakdown at batch %d (mean of %d): zero grads %.0f us, policy forward+backward "
                + "%.0f us, %s %.0f us, clip %.0f us, Adam %.0f us%n", b, reps, t[0] / 1e3 / reps, t[1] / 1e3 / reps,
                critic, t[2] / 1e3 / reps, t[3] / 1e3 / reps, t[4] / 1e3 / reps);
    }
}
