package io.rlwb.engine.rl;

import io.rlwb.engine.nn.DivergenceGuard;
import io.rlwb.engine.nn.GradClip;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Optimizer;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import io.rlwb.engine.nn.UpdatePath;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PPO's update of one batch: {@code epochs} passes of shuffled minibatches (every row used: sizes differ by at
 * most one), each through the {@link PpoSurrogate}
 * and a value term, with the global gradient norm clipped before every optimiser step, stopping early when the
 * approximate KL passes {@code targetKl}. The value term is the caller's: the PPO trainer fits its loss's critic,
 * C-MORL fits a vector critic, so every PPO-style trainer composes this one loop instead of copying it.
 */
public final class PpoUpdate {
    /** The value half of one minibatch: fits a critic on batch rows {@code rows} and returns its loss. */
    @FunctionalInterface
    public interface ValueTerm {
        /**
         * @param obs the minibatch's observations [B, obsDim], in the parameters' data type
         * @param rows the batch rows of the minibatch, in order
         */
        double fit(INDArray obs, int[] rows);
    }

    /**
     * The value half of one minibatch on the device path: the minibatch's returns and collection-time values
     * gathered on the device with its observations ([B], the parameters' data type).
     */
    @FunctionalInterface
    public interface DeviceValueTerm {
        double fit(INDArray obs, INDArray returns, INDArray oldValues);
    }

    /** One minibatch's surrogate statistics and value loss, from its batch rows (in order). */
    @FunctionalInterface
    private interface MinibatchStep {
        Result run(int[] picked);
    }

    private record Result(PpoSurrogate.Stats stats, double valueLoss) {}

    /** Sums over the minibatches of one update, with CleanRL's metric meanings; divide by {@link #count}. */
    public record Totals(double policyLoss, double valueLoss, double entropy, double approxKl, double oldApproxKl,
                         double clipFrac, double gradNorm, int count) {}

    private final PpoSurrogate surrogate;
    private final double vfCoef;
    private final List<Parameter> parameters;
    private final Optimizer optimizer;
    private final int epochs;
    private final int minibatches;
    private final double maxGradNorm;
    private final double targetKl;
    private SplittableRandom rng;
    private final DivergenceGuard guard;
    /** {@link #input}'s observation and action arrays by minibatch rows (two sizes at most: sizes differ by one). */
    @SuppressWarnings("unchecked")
    private final Map<Integer, INDArray>[] inputs = new Map[] {new HashMap<>(), new HashMap<>()};

    /**
     * @param vfCoef weight of the value term in the loss whose finiteness is checked
     * @param parameters everything the update moves: gradients zeroed, clipped and stepped together
     * @param targetKl stop the epochs once a minibatch's approximate KL exceeds this; 0 never stops
     * @param rng shuffles the rows
     */
    public PpoUpdate(PpoSurrogate surrogate, double vfCoef, List<Parameter> parameters, Optimizer optimizer,
                     int epochs, int minibatches, double maxGradNorm, double targetKl, SplittableRandom rng) {
        this(surrogate, vfCoef, parameters, optimizer, epochs, minibatches, maxGradNorm, targetKl, rng,
                DivergenceGuard.of(parameters));
    }

    /**
     * As the other constructor, with the {@link DivergenceGuard} that checks {@code parameters} (labelled by the
     * caller: {@code policy.l0.W}, {@code critic.l0.W}).
     */
    public PpoUpdate(PpoSurrogate surrogate, double vfCoef, List<Parameter> parameters, Optimizer optimizer,
                     int epochs, int minibatches, double maxGradNorm, double targetKl, SplittableRandom rng,
                     DivergenceGuard guard) {
        this.guard = guard;
        this.surrogate = surrogate;
        this.vfCoef = vfCoef;
        this.parameters = List.copyOf(parameters);
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.minibatches = minibatches;
        this.maxGradNorm = maxGradNorm;
        this.targetKl = targetKl;
        this.rng = rng;
    }

    /** The surrogate's update path: {@link #updateOnDevice} serves {@link UpdatePath#DEVICE}, {@link #update} both. */
    public UpdatePath path() {
        return surrogate.path();
    }

    /** Shuffles the following updates' rows with {@code stream} (a derived stream per iteration, ADR 0020). */
    public void useStream(SplittableRandom stream) {
        this.rng = stream;
    }

    /**
     * Updates on one batch.
     *
     * @param advantages one advantage per batch row
     * @param progress the run's progress, for learning-rate schedules
     * @param cancelled checked before every epoch
     * @param where names the update in the message of a non-finite loss ("PPO at iteration 3")
     * @throws io.rlwb.engine.nn.DivergenceException when a minibatch's losses, the gradients or the parameters
     *     after the step are not finite
     */
    public Totals update(TrajectoryBatch tb, float[] advantages, ValueTerm value, double progress,
                         BooleanSupplier cancelled, Supplier<String> where) {
        int od = tb.spec.obsDim();
        int ad = TrajectoryBatch.actionValues(tb.spec);
        DataType dt = parameters.get(0).value().dataType();
        return run(tb.rows(), picked -> {
            int mbSize = picked.length;
            float[] obs = new float[mbSize * od];
            float[] act = new float[mbSize * ad];
            float[] oldLogp = new float[mbSize];
            float[] adv = new float[mbSize];
            for (int k = 0; k < mbSize; k++) {
                int r = picked[k];
                System.arraycopy(tb.obs, r * od, obs, k * od, od);
                System.arraycopy(tb.actions, r * ad, act, k * ad, ad);
                oldLogp[k] = tb.logProb[r];
                adv[k] = advantages[r];
            }
            INDArray o = input(0, obs, mbSize, od, dt);
            PpoSurrogate.Stats s = surrogate.step(o, input(1, act, mbSize, ad, dt), oldLogp, adv);
            return new Result(s, value.fit(o, picked));
        }, progress, cancelled, where);
    }

    /**
     * Updates on one batch on the device path (ADR 0038): the batch's observations, actions, old log-probabilities,
     * advantages, returns and values go to the device once, by one named write of a {@code [rows, obs + act + 4]}
     * block, and each minibatch is gathered there by row index (the indices, from the same shuffle as
     * {@link #update}'s, one named write), so both forms train on the same minibatches in the same order.
     *
     * @param returns the critic's regression targets, one per batch row
     * @param values the values at collection time, one per batch row
     */
    public Totals updateOnDevice(TrajectoryBatch tb, float[] advantages, float[] returns, float[] values,
                                 DeviceValueTerm value, double progress, BooleanSupplier cancelled,
                                 Supplier<String> where) {
        DeviceMinibatches batch = DeviceMinibatches.of(tb, advantages, returns, values,
                parameters.get(0).value().dataType());
        return run(tb.rows(), picked -> {
            DeviceMinibatches.Minibatch mb = batch.gather(picked);
            PpoSurrogate.Stats s = surrogate.step(mb.obs(), mb.actions(), mb.oldLogProb(), mb.advantages());
            return new Result(s, value.fit(mb.obs(), mb.returns(), mb.oldValues()));
        }, progress, cancelled, where);
    }

    /** The epochs over {@code rows} shuffled rows, each minibatch through {@code step}, then clipped and stepped. */
    private Totals run(int rows, MinibatchStep step, double progress, BooleanSupplier cancelled,
                       Supplier<String> where) {
        int[] idx = new int[rows];
        for (int i = 0; i < rows; i++) idx[i] = i;

        double sPg = 0, sV = 0, sEnt = 0, sKl = 0, sOldKl = 0, sClip = 0, sNorm = 0;
        int count = 0;
        boolean stop = false;
        for (int epoch = 0; epoch < epochs && !stop && !cancelled.getAsBoolean(); epoch++) {
            shuffle(idx);
            for (int m = 0; m < minibatches; m++) {
                int start = minibatchStart(m, rows, minibatches);
                int mbSize = minibatchStart(m + 1, rows, minibatches) - start;
                if (mbSize == 0) continue; // more minibatches than rows
                int[] picked = Arrays.copyOfRange(idx, start, start + mbSize);
                Parameters.zeroGrad(parameters);
                Result res = step.run(picked);
                PpoSurrogate.Stats s = res.stats();
                double v = res.valueLoss();
                double loss = s.policyLoss() - surrogate.entCoef() * s.entropy() + vfCoef * v;
                if (!Double.isFinite(loss)) {
                    String at = where.get() + ", epoch " + (epoch + 1) + ", minibatch " + (m + 1);
                    DivergenceGuard.check("policy loss", s.policyLoss(), at);
                    DivergenceGuard.check("value loss", v, at);
                    DivergenceGuard.check("entropy", s.entropy(), at);
                    DivergenceGuard.check("loss", loss, at);
                }
                guard.gradients(); // before clipping, which would spread one NaN over every gradient
                sNorm += GradClip.clipGradNorm(parameters, maxGradNorm);
                optimizer.step(progress);
                guard.parameters();
                sPg += s.policyLoss();
                sV += v;
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
        return new Totals(sPg, sV, sEnt, sKl, sOldKl, sClip, sNorm, count);
    }

    /**
     * First row of minibatch {@code m} of {@code count} over {@code rows} shuffled rows: sizes differ by at most one
     * and together cover every row (CleanRL would drop the remainder).
     */
    static int minibatchStart(int m, int rows, int count) {
        return (int) ((long) m * rows / count);
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
     * The minibatch's observations ({@code which} 0) or actions (1) as a [rows, cols] array of the parameters' data
     * type. FLOAT minibatches are written into arrays kept per size (one named host write, {@link HostArrays#writeFloats},
     * instead of an allocation per minibatch: allocations measured 4% of PPO's run on the CPU backend, where
     * JavaCPP checks the process's memory at each one); the arrays are read only until the minibatch's backward
     * passes are done, before the next minibatch overwrites them. Other data types get fresh arrays.
     */
    private INDArray input(int which, float[] data, int rows, int cols, DataType dt) {
        if (dt != DataType.FLOAT) return matrix(data, rows, cols, dt);
        Map<Integer, INDArray> cache = inputs[which];
        INDArray a = cache.get(rows);
        if (a == null || a.columns() != cols) {
            a = Nd4j.create(DataType.FLOAT, rows, cols);
            cache.put(rows, a);
        }
        HostArrays.writeFloats(a, data);
        return a;
    }

    /** A [rows, cols] array of the parameters' data type (create copies the array). */
    public static INDArray matrix(float[] data, int rows, int cols, DataType dt) {
        return Nd4j.create(data, new long[] {rows, cols}, 'c').castTo(dt);
    }

    /** A [n] array of the parameters' data type. */
    public static INDArray vector(float[] data, DataType dt) {
        return Nd4j.create(data, new long[] {data.length}, 'c').castTo(dt);
    }
}
