package io.rlwb.engine.rl;

import io.rlwb.engine.nn.NamedTensors;
import io.rlwb.engine.nn.Optimizer;
import io.rlwb.engine.nn.UpdatePath;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import io.rlwb.engine.spi.Streams;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.RunServices;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Drives PPO: each iteration pulls one advantage batch through the wired estimator (which pulls the
 * collector), then runs the {@link PpoUpdate} over it through the wired loss's surrogate and critic, clipping the
 * global gradient norm and stepping the wired optimiser. Logs CleanRL's loss metrics once per iteration.
 * Every row is used in every epoch: when the batch is not a multiple of the minibatch count, the first
 * minibatch sizes differ by at most one row (CleanRL would drop the remainder).
 *
 * <p>State (ADR 0020): the optimiser's (Adam's moments and step count; the learning-rate schedule follows the run's
 * progress). The minibatch shuffle of iteration {@code i} draws from {@link Streams#at}{@code (seed, i)}, so it needs
 * no saved generator.
 */
public final class PpoTrainer implements Stateful {
    public static final MetricSpec LEARNING_RATE = MetricSpec.of("charts/learning_rate", MetricSpec.Role.DETAIL,
            "The optimiser's learning rate after the iteration");
    public static final MetricSpec POLICY_LOSS = MetricSpec.of("losses/policy_loss", MetricSpec.Role.KEY,
            "Clipped surrogate loss, mean over the iteration's minibatches");
    public static final MetricSpec VALUE_LOSS = MetricSpec.of("losses/value_loss", MetricSpec.Role.KEY,
            "The critic's loss, mean over the minibatches");
    public static final MetricSpec ENTROPY = MetricSpec.of("losses/entropy", MetricSpec.Role.KEY,
            "Mean policy entropy");
    public static final MetricSpec APPROX_KL = MetricSpec.of("losses/approx_kl", MetricSpec.Role.KEY,
            "Approximate KL between the old and the new policy ((r - 1) - log r)");
    public static final MetricSpec OLD_APPROX_KL = MetricSpec.of("losses/old_approx_kl", MetricSpec.Role.DETAIL,
            "Approximate KL as -log r");
    public static final MetricSpec CLIPFRAC = MetricSpec.of("losses/clipfrac", MetricSpec.Role.KEY,
            "Fraction of samples whose ratio left the clip range");
    public static final MetricSpec GRAD_NORM = MetricSpec.of("losses/grad_norm", MetricSpec.Role.DETAIL,
            "Global gradient norm before clipping");
    public static final MetricSpec EXPLAINED_VARIANCE = MetricSpec.of("losses/explained_variance",
            MetricSpec.Role.KEY, "1 - Var(returns - values) / Var(returns) of the batch");
    /** What a PPO trainer records. */
    public static final List<MetricSpec> METRICS = List.of(LEARNING_RATE, POLICY_LOSS, VALUE_LOSS, ENTROPY,
            APPROX_KL, OLD_APPROX_KL, CLIPFRAC, GRAD_NORM, EXPLAINED_VARIANCE);

    private final Supplier<AdvantageBatch> batches;
    private final PpoLoss loss;
    private final Optimizer optimizer;
    private final PpoUpdate update;
    private final long seed;

    public PpoTrainer(Supplier<AdvantageBatch> batches, PpoLoss loss, Optimizer optimizer, int epochs, int minibatches,
                      double maxGradNorm, double targetKl, long seed) {
        this.batches = batches;
        this.loss = loss;
        this.optimizer = optimizer;
        this.seed = seed;
        this.update = new PpoUpdate(loss.surrogate(), loss.vfCoef(), loss.parameters(), optimizer, epochs, minibatches,
                maxGradNorm, targetKl, new SplittableRandom(seed), loss.divergenceGuard());
    }

    public void iterate(RunServices run) {
        AdvantageBatch batch = batches.get();
        update.useStream(Streams.at(seed, run.iteration()));
        PpoUpdate.Totals t = update.path() == UpdatePath.DEVICE
                ? update.updateOnDevice(batch.trajectories(), batch.advantages(), batch.returns(), batch.values(),
                        loss::fitValues,
                        run.progress(), run::cancelled, () -> "PPO at iteration " + run.iteration())
                : updateOnHost(batch, run);
        int count = t.count();
        if (count == 0) return;
        run.metric(LEARNING_RATE.key(), optimizer.currentLearningRate());
        run.metric(POLICY_LOSS.key(), t.policyLoss() / count);
        run.metric(VALUE_LOSS.key(), t.valueLoss() / count);
        run.metric(ENTROPY.key(), t.entropy() / count);
        run.metric(APPROX_KL.key(), t.approxKl() / count);
        run.metric(OLD_APPROX_KL.key(), t.oldApproxKl() / count);
        run.metric(CLIPFRAC.key(), t.clipFrac() / count);
        run.metric(GRAD_NORM.key(), t.gradNorm() / count);
        run.metric(EXPLAINED_VARIANCE.key(), explainedVariance(batch.values(), batch.returns()));
    }

    /** The host path: each minibatch gathered in Java and written to the parameters' arrays (ADR 0031). */
    private PpoUpdate.Totals updateOnHost(AdvantageBatch batch, RunServices run) {
        float[] returns = batch.returns();
        float[] values = batch.values();
        PpoUpdate.ValueTerm critic = (obs, rows) -> {
            float[] ret = new float[rows.length];
            float[] oldV = new float[rows.length];
            for (int k = 0; k < rows.length; k++) {
                ret[k] = returns[rows[k]];
                oldV[k] = values[rows[k]];
            }
            return loss.fitValues(obs, PpoUpdate.vector(ret, obs.dataType()), PpoUpdate.vector(oldV, obs.dataType()));
        };
        return update.update(batch.trajectories(), batch.advantages(), critic, run.progress(), run::cancelled,
                () -> "PPO at iteration " + run.iteration());
    }

    @Override
    public void saveState(StateWriter out) {
        out.tensors("optimizer", optimizerState());
    }

    @Override
    public void restoreState(StateReader in) {
        optimizerState().load(in.tensors("optimizer"));
    }

    private NamedTensors optimizerState() {
        if (optimizer instanceof NamedTensors n) return n;
        throw new UnsupportedOperationException("the optimiser " + optimizer.getClass().getSimpleName()
                + " cannot save its state");
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
}
