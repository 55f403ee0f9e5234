package io.rlwb.engine.rl;

import io.rlwb.engine.nn.GradClip;
import io.rlwb.engine.nn.Optimizer;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import io.rlwb.engine.spi.RunServices;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Drives PPO: each iteration pulls one advantage batch through the wired estimator (which pulls the
 * collector), then runs {@code epochs} passes of shuffled minibatches through the wired loss, clipping the
 * global gradient norm and stepping the wired optimiser. Logs CleanRL's loss metrics once per iteration.
 * Every row is used in every epoch: when the batch is not a multiple of the minibatch count, the first
 * minibatch sizes differ by at most one row (CleanRL would drop the remainder).
 */
public final class PpoTrainer {
    private final Supplier<AdvantageBatch> batches;
    private final PpoLoss loss;
    private final Optimizer optimizer;
    private final int epochs;
    private final int minibatches;
    private final double maxGradNorm;
    private final double targetKl;
    private final SplittableRandom rng;

    public PpoTrainer(Supplier<AdvantageBatch> batches, PpoLoss loss, Optimizer optimizer, int epochs, int minibatches,
                      double maxGradNorm, double targetKl, long seed) {
        this.batches = batches;
        this.loss = loss;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.minibatches = minibatches;
        this.maxGradNorm = maxGradNorm;
        this.targetKl = targetKl;
        this.rng = new SplittableRandom(seed);
    }

    public void iterate(RunServices run) {
        AdvantageBatch batch = batches.get();
        TrajectoryBatch tb = batch.trajectories();
        int rows = tb.rows();
        int od = tb.spec.obsDim();
        int ad = TrajectoryBatch.actionValues(tb.spec);
        int[] idx = new int[rows];
        for (int i = 0; i < rows; i++) idx[i] = i;
        DataType dt = loss.parameters().get(0).value().dataType();

        double sPg = 0, sV = 0, sEnt = 0, sKl = 0, sOldKl = 0, sClip = 0, sNorm = 0;
        int count = 0;
        boolean stop = false;
        for (int epoch = 0; epoch < epochs && !stop && !run.cancelled(); epoch++) {
            shuffle(idx);
            for (int m = 0; m < minibatches; m++) {
                int start = minibatchStart(m, rows, minibatches);
                int mbSize = minibatchStart(m + 1, rows, minibatches) - start;
                if (mbSize == 0) continue; // more minibatches than rows
                float[] obs = new float[mbSize * od];
                float[] act = new float[mbSize * ad];
                float[] oldLogp = new float[mbSize];
                float[] adv = new float[mbSize];
                float[] ret = new float[mbSize];
                float[] oldV = new float[mbSize];
                for (int k = 0; k < mbSize; k++) {
                    int r = idx[start + k];
                    System.arraycopy(tb.obs, r * od, obs, k * od, od);
                    System.arraycopy(tb.actions, r * ad, act, k * ad, ad);
                    oldLogp[k] = tb.logProb[r];
                    adv[k] = batch.advantages()[r];
                    ret[k] = batch.returns()[r];
                    oldV[k] = batch.values()[r];
                }
                Parameters.zeroGrad(loss.parameters());
                PpoLoss.Stats s = loss.step(matrix(obs, mbSize, od, dt), matrix(act, mbSize, ad, dt), oldLogp, adv,
                        vector(ret, dt), vector(oldV, dt));
                if (!Double.isFinite(s.loss())) {
                    throw new IllegalStateException("PPO loss is " + s.loss() + " at iteration " + run.iteration()
                            + " (policy loss " + s.policyLoss() + ", value loss " + s.valueLoss()
                            + "); try a lower learning rate");
                }
                sNorm += GradClip.clipGradNorm(loss.parameters(), maxGradNorm);
                optimizer.step(run.progress());
                sPg += s.policyLoss();
                sV += s.valueLoss();
                sEnt += s.entropy();
                sKl += s.approxKl();
                sOldKl += s.oldApproxKl();
                sClip += s.clipFrac();
                count++;
                if (targetKl > 0 && s.approxKl() > targetKl) {
                    stop = true;
                    break;
                }
            }
        }
        if (count == 0) return;
        run.metric("charts/learning_rate", optimizer.currentLearningRate());
        run.metric("losses/policy_loss", sPg / count);
        run.metric("losses/value_loss", sV / count);
        run.metric("losses/entropy", sEnt / count);
        run.metric("losses/approx_kl", sKl / count);
        run.metric("losses/old_approx_kl", sOldKl / count);
        run.metric("losses/clipfrac", sClip / count);
        run.metric("losses/grad_norm", sNorm / count);
        run.metric("losses/explained_variance", explainedVariance(batch.values(), batch.returns()));
    }

    /** 1 - Var(returns - values) / Var(returns); NaN when the returns do not vary (as CleanRL). */
    public static double explainedVariance(float[] values, float[] returns) {
        int n = returns.length;
        double mr = 0, md = 0;
        for (int i = 0; i < n; i++) {
            mr += returns[i];
            md += returns[i] - values[i];
        }
        mr /= n;
        md /= n;
        double vr = 0, vd = 0;
        for (int i = 0; i < n; i++) {
            vr += (returns[i] - mr) * (returns[i] - mr);
            double d = returns[i] - values[i] - md;
            vd += d * d;
        }
        return vr == 0 ? Double.NaN : 1 - vd / vr;
    }

    private void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * First row of minibatch {@code m} of {@code count} over {@code rows} shuffled rows: sizes differ by at most one
     * and together cover every row.
     */
    static int minibatchStart(int m, int rows, int count) {
        return (int) ((long) m * rows / count);
    }

    private static INDArray matrix(float[] data, int rows, int cols, DataType dt) {
        return Nd4j.create(data, new long[] {rows, cols}, 'c').castTo(dt); // create copies the array
    }

    private static INDArray vector(float[] data, DataType dt) {
        return Nd4j.create(data, new long[] {data.length}, 'c').castTo(dt);
    }
}
