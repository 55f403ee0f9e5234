package io.rlwb.engine.rl;

import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.env.VecEnv;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import io.rlwb.engine.spi.Streams;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Collects {@code numSteps} steps from every environment of a vector env with the wired policy, continuing
 * the episodes where the previous batch stopped (as CleanRL's PPO does). Logs
 * {@code charts/episodic_return} and {@code charts/episodic_length} for every finished training episode, and for
 * a multi-objective environment {@code charts/episodic_return/<objective>} per objective. The batch carries
 * each step's whole reward vector and, as its scalar reward, the first objective.
 *
 * <p>State (ADR 0020): the current observations and whether the environments were reset; the vector env keeps its
 * own. The actions of iteration {@code i} are sampled from {@link Streams#at}{@code (seed, i)}.
 */
public final class RolloutCollector implements Stateful {
    /** Undiscounted return of each finished training episode. */
    public static final MetricSpec EPISODIC_RETURN = MetricSpec.of("charts/episodic_return",
            MetricSpec.Role.TRAINING_RETURN, "Undiscounted return of each finished training episode");
    /** Length of each finished training episode. */
    public static final MetricSpec EPISODIC_LENGTH = MetricSpec.of("charts/episodic_length",
            MetricSpec.Role.DETAIL, "Steps of each finished training episode");
    /** Per-objective return of each finished episode of a multi-objective environment. */
    public static final MetricSpec EPISODIC_RETURN_PER_OBJECTIVE = MetricSpec.of("charts/episodic_return/<objective>",
            MetricSpec.Role.DETAIL, "Return of one objective of each finished training episode (reward vectors)");
    /** What a collector records. */
    public static final List<MetricSpec> METRICS = List.of(EPISODIC_RETURN, EPISODIC_LENGTH,
            EPISODIC_RETURN_PER_OBJECTIVE);

    private final VecEnv env;
    private final Policy policy;
    private final int numSteps;
    private SplittableRandom rng;
    private final long seed;
    private final float[][] obs;
    private final float[][] nextObs;
    private final float[][] actions;
    private final float[][] rewards;
    private final float[] logp;
    private final StepEnd[] ends;
    private boolean started;

    public RolloutCollector(VecEnv env, Policy policy, int numSteps, long seed) {
        this.env = env;
        this.policy = policy;
        this.numSteps = numSteps;
        this.seed = seed;
        this.rng = new SplittableRandom(seed);
        int n = env.numEnvs();
        this.obs = new float[n][env.spec().obsDim()];
        this.nextObs = new float[n][env.spec().obsDim()];
        this.actions = new float[n][TrajectoryBatch.actionValues(env.spec())];
        this.rewards = new float[n][env.spec().numObjectives()];
        this.logp = new float[n];
        this.ends = new StepEnd[n];
    }

    /** Collects one batch; adds the steps to the run's counter. */
    public TrajectoryBatch collect(RunServices run) {
        int n = env.numEnvs();
        int od = env.spec().obsDim();
        int ad = actions[0].length;
        int k = rewards[0].length;
        if (!started) {
            env.reset(seed, obs);
            started = true;
        }
        rng = Streams.at(seed, run.iteration());
        TrajectoryBatch b = new TrajectoryBatch(env.spec(), numSteps, n);
        for (int t = 0; t < numSteps; t++) {
            policy.act(obs, false, rng, actions, logp);
            env.step(actions, nextObs, rewards, ends);
            for (int e = 0; e < n; e++) {
                int row = t * n + e;
                System.arraycopy(obs[e], 0, b.obs, row * od, od);
                System.arraycopy(actions[e], 0, b.actions, row * ad, ad);
                b.logProb[row] = logp[e];
                b.rewards[row] = rewards[e][0];
                System.arraycopy(rewards[e], 0, b.rewardVectors, row * k, k);
                b.ends[row] = ends[e];
                if (ends[e] == StepEnd.TRUNCATED) b.finalObs[row] = env.finalObs(e).clone();
            }
            run.addEnvSteps(n);
            for (int e = 0; e < n; e++) {
                if (ends[e].done()) {
                    run.metric(EPISODIC_RETURN.key(), env.finalReturn(e));
                    run.metric(EPISODIC_LENGTH.key(), env.finalLength(e));
                    if (k > 1) {
                        double[] vr = env.finalReturns(e);
                        for (int j = 0; j < k; j++) {
                            run.metric(EPISODIC_RETURN.key() + "/" + env.spec().objectives().get(j), vr[j]);
                        }
                    }
                }
                float[] tmp = obs[e];
                obs[e] = nextObs[e];
                nextObs[e] = tmp;
            }
        }
        for (int e = 0; e < n; e++) System.arraycopy(obs[e], 0, b.nextObs, e * od, od);
        return b;
    }

    @Override
    public void saveState(StateWriter out) {
        out.value("started", started ? 1 : 0);
        out.floatRows("obs", obs);
    }

    @Override
    public void restoreState(StateReader in) {
        started = in.longValue("started") != 0;
        in.floatRows("obs", obs);
    }
}
