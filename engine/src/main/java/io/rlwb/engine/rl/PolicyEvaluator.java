package io.rlwb.engine.rl;

import io.rlwb.engine.env.Env;
import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import io.rlwb.engine.spi.StepSchedule;
import io.rlwb.engine.spi.Streams;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Evaluates a policy on episodes of its own, apart from training: {@code episodes} fresh environment
 * instances run in lock-step (one batched forward pass per step) until each ends once. Reports
 * {@code eval/return_mean}, {@code eval/return_std} and {@code eval/length_mean} every {@code everySteps}
 * training steps and at the end of the run; with a target return it also reports
 * {@code eval/steps_to_target}, the training step at which the mean first reached it, and may end the run.
 */
public final class PolicyEvaluator implements Stateful {
    /** Mean undiscounted return of the evaluation episodes: a run's headline result. */
    public static final MetricSpec RETURN_MEAN = MetricSpec.of("eval/return_mean", MetricSpec.Role.EVALUATION_RETURN,
            "Mean undiscounted return of the evaluation episodes");
    public static final MetricSpec RETURN_STD = MetricSpec.of("eval/return_std", MetricSpec.Role.DETAIL,
            "Standard deviation of the evaluation returns");
    public static final MetricSpec LENGTH_MEAN = MetricSpec.of("eval/length_mean", MetricSpec.Role.DETAIL,
            "Mean length of the evaluation episodes");
    public static final MetricSpec STEPS_TO_TARGET = MetricSpec.of("eval/steps_to_target", MetricSpec.Role.DETAIL,
            "Training steps when the mean evaluation return first reached the target");
    /** What an evaluator records. */
    public static final List<MetricSpec> METRICS = List.of(RETURN_MEAN, RETURN_STD, LENGTH_MEAN, STEPS_TO_TARGET);

    private final EnvFactory envs;
    private final Policy policy;
    private final int episodes;
    private final StepSchedule schedule;
    private final boolean greedy;
    private final double targetReturn;
    private final boolean stopAtTarget;
    private SplittableRandom rng;
    private long lastEvaluatedAt = -1;
    private boolean reachedTarget;
    private long evalRound;
    private final long seed;

    /** Result of one evaluation. */
    public record Result(double mean, double std, double meanLength, double[] returns) {}

    public PolicyEvaluator(EnvFactory envs, Policy policy, int episodes, long everySteps, boolean greedy,
                           double targetReturn, boolean stopAtTarget, long seed) {
        this.envs = envs;
        this.policy = policy;
        this.episodes = episodes;
        this.schedule = new StepSchedule(everySteps);
        this.greedy = greedy;
        this.targetReturn = targetReturn;
        this.stopAtTarget = stopAtTarget;
        this.seed = seed;
        this.rng = new SplittableRandom(seed);
    }

    public void afterIteration(RunServices run) {
        if (schedule.due(run.envSteps())) evaluateAndLog(run);
    }

    public void finish(RunServices run) {
        if (lastEvaluatedAt != run.envSteps()) evaluateAndLog(run);
    }

    private void evaluateAndLog(RunServices run) {
        Result r = evaluate();
        lastEvaluatedAt = run.envSteps();
        run.metric(RETURN_MEAN.key(), r.mean());
        run.metric(RETURN_STD.key(), r.std());
        run.metric(LENGTH_MEAN.key(), r.meanLength());
        if (targetReturn != 0 && !reachedTarget && r.mean() >= targetReturn) {
            reachedTarget = true;
            run.metric(STEPS_TO_TARGET.key(), run.envSteps());
            if (stopAtTarget) run.requestStop("eval/return_mean reached " + targetReturn);
        }
    }

    /** Runs the episodes; each evaluation round uses fresh seeds derived from the evaluator's seed. */
    public Result evaluate() {
        Env[] env = new Env[episodes];
        float[][] obs = new float[episodes][];
        float[][] act = new float[episodes][TrajectoryBatch.actionValues(envs.spec())];
        float[][] reward = new float[episodes][envs.spec().numObjectives()];
        double[] ret = new double[episodes];
        int[] len = new int[episodes];
        boolean[] done = new boolean[episodes];
        long roundSeed = seed * 31 + (++evalRound) * 1_000_003L;
        // Actions of round k draw from a stream derived from (seed, k): no generator to save (ADR 0020).
        rng = Streams.at(seed, evalRound);
        for (int i = 0; i < episodes; i++) {
            env[i] = envs.create();
            obs[i] = new float[envs.spec().obsDim()];
            env[i].reset(roundSeed + i, obs[i]);
        }
        int alive = episodes;
        int maxSteps = envs.spec().maxEpisodeSteps() > 0 ? envs.spec().maxEpisodeSteps() : 100_000;
        float[][] batchObs = new float[episodes][];
        int[] which = new int[episodes];
        for (int step = 0; alive > 0 && step < maxSteps + 1; step++) {
            int k = 0;
            for (int i = 0; i < episodes; i++) if (!done[i]) { batchObs[k] = obs[i]; which[k++] = i; }
            float[][] o = k == episodes ? batchObs : java.util.Arrays.copyOf(batchObs, k);
            float[][] a = k == episodes ? act : java.util.Arrays.copyOf(act, k);
            policy.act(o, greedy, rng, a, null);
            for (int j = 0; j < k; j++) {
                int i = which[j];
                StepEnd end = env[i].step(a[j], obs[i], reward[i]);
                ret[i] += reward[i][0];
                len[i]++;
                if (end.done()) {
                    done[i] = true;
                    alive--;
                }
            }
        }
        double mean = 0, meanLen = 0;
        for (int i = 0; i < episodes; i++) {
            mean += ret[i];
            meanLen += len[i];
        }
        mean /= episodes;
        meanLen /= episodes;
        double var = 0;
        for (double r : ret) var += (r - mean) * (r - mean);
        return new Result(mean, Math.sqrt(var / episodes), meanLen, ret);
    }

    /** State (ADR 0020): rounds done, the next due step, the last evaluated step and whether the target was met. */
    @Override
    public void saveState(StateWriter out) {
        out.value("eval_round", evalRound);
        out.value("next_due", schedule.nextAt());
        out.value("last_evaluated_at", lastEvaluatedAt);
        out.value("reached_target", reachedTarget ? 1 : 0);
    }

    @Override
    public void restoreState(StateReader in) {
        evalRound = in.longValue("eval_round");
        schedule.resumeAt(in.longValue("next_due"));
        lastEvaluatedAt = in.longValue("last_evaluated_at");
        reachedTarget = in.longValue("reached_target") != 0;
    }
}
