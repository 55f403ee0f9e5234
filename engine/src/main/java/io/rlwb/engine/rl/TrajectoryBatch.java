package io.rlwb.engine.rl;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;

/**
 * Steps collected from {@code numEnvs} environments over {@code numSteps} steps, flattened time-major:
 * step t of environment e is row {@code t * numEnvs + e}. What flows on a {@code trajectories} port.
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
    /** [rows] reward of each step (first objective). */
    public final float[] rewards;
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
        this.ends = new StepEnd[rows];
        this.finalObs = new float[rows][];
        this.nextObs = new float[numEnvs * spec.obsDim()];
    }

    public int rows() {
        return numSteps * numEnvs;
    }

    /** Values per action: 1 for a discrete space (the index), dim for a box. */
    public static int actionValues(EnvSpec spec) {
        return spec.actions().discrete() ? 1 : spec.actions().dim();
    }
}
