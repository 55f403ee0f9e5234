package io.rlwb.engine.rl;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;

/**
 * Steps collected from {@code numEnvs} environments over {@code numSteps} steps, flattened time-major:
 * step t of environment e is row {@code t * numEnvs + e}. What flows on a {@code trajectories} port.
 *
 * <p>Rewards come twice: {@link #rewardVectors} keeps every objective the environment names (row-major,
 * {@code numObjectives} per row), and {@link #rewards} is the scalar reward that scalar estimators read. A
 * collector sets the scalar reward to the first objective (for a single-objective environment the two are the
 * same numbers); a reward-combiner node replaces it with a scalarisation of the vectors
 * ({@link #withRewards(float[])}). See docs/decisions/0005-vector-rewards.md.
 */
public final class TrajectoryBatch {
    public final EnvSpec spec;
    public final int numSteps;
    public final int numEnvs;
    /** [rows * obsDim] observations before each step. */
    public final float[] obs;
    /** [rows * actionValues] actions taken. */
    public final float[] actions;
    /** [rows] log pi(a|s) at collection time. */
    public final float[] logProb;
    /** [rows] scalar reward of each step: the first objective, or a combiner's scalarisation. */
    public final float[] rewards;
    /** [rows * numObjectives] reward vector of each step, objectives in the order of {@code spec.objectives()}. */
    public final float[] rewardVectors;
    /** [rows] how each step ended its episode. */
    public final StepEnd[] ends;
    /** [rows][] final observation of a truncated episode (null elsewhere), for bootstrapping. */
    public final float[][] finalObs;
    /** [numEnvs * obsDim] observations after the last step, for bootstrapping the tail. */
    public final float[] nextObs;

    public TrajectoryBatch(EnvSpec spec, int numSteps, int numEnvs) {
        this.spec = spec;
        this.numSteps = numSteps;
        this.numEnvs = numEnvs;
        int rows = numSteps * numEnvs;
        this.obs = new float[rows * spec.obsDim()];
        this.actions = new float[rows * actionValues(spec)];
        this.logProb = new float[rows];
        this.rewards = new float[rows];
        this.rewardVectors = new float[rows * spec.numObjectives()];
        this.ends = new StepEnd[rows];
        this.finalObs = new float[rows][];
        this.nextObs = new float[numEnvs * spec.obsDim()];
    }

    /** A batch sharing every array with {@code src} except the scalar rewards and the reward vectors. */
    private TrajectoryBatch(TrajectoryBatch src, float[] rewards, float[] rewardVectors) {
        this.spec = src.spec;
        this.numSteps = src.numSteps;
        this.numEnvs = src.numEnvs;
        this.obs = src.obs;
        this.actions = src.actions;
        this.logProb = src.logProb;
        this.rewards = rewards;
        this.rewardVectors = rewardVectors;
        this.ends = src.ends;
        this.finalObs = src.finalObs;
        this.nextObs = src.nextObs;
    }

    /**
     * The same steps with other scalar rewards (what a reward combiner hands on); every other array is shared,
     * not copied, so consumers must treat batches as read-only.
     *
     * @throws IllegalArgumentException if {@code scalarRewards} has not one value per row
     */
    public TrajectoryBatch withRewards(float[] scalarRewards) {
        if (scalarRewards.length != rows()) {
            throw new IllegalArgumentException("need one scalar reward per row (" + rows() + "), got " + scalarRewards.length);
        }
        return new TrajectoryBatch(this, scalarRewards, rewardVectors);
    }

    /**
     * The same steps with other scalar rewards and other reward vectors (what a reward-shaping node hands on);
     * every other array is shared.
     *
     * @throws IllegalArgumentException if the arrays have not one value (vector) per row
     */
    public TrajectoryBatch withRewards(float[] scalarRewards, float[] vectors) {
        if (scalarRewards.length != rows() || vectors.length != rewardVectors.length) {
            throw new IllegalArgumentException("need " + rows() + " scalar rewards and " + rewardVectors.length
                    + " reward-vector values, got " + scalarRewards.length + " and " + vectors.length);
        }
        return new TrajectoryBatch(this, scalarRewards, vectors);
    }

    /** Number of reward objectives per step. */
    public int numObjectives() {
        return spec.numObjectives();
    }

    public int rows() {
        return numSteps * numEnvs;
    }

    /** Values per action: 1 for a discrete space (the index), dim for a box. */
    public static int actionValues(EnvSpec spec) {
        return spec.actions().discrete() ? 1 : spec.actions().dim();
    }
}
