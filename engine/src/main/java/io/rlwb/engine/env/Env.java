package io.rlwb.engine.env;

/**
 * One environment instance with Gymnasium's conventions: {@code reset(seed)} then {@code step(action)}.
 * A time-limit end is {@code truncated}, a terminal state is {@code terminated}.
 */
public interface Env {
    EnvSpec spec();

    /** Resets with a seed and writes the first observation into {@code obs}. */
    void reset(long seed, float[] obs);

    /** Resets continuing the instance's own random stream. */
    void reset(float[] obs);

    /**
     * Takes one step. {@code action} holds one value for discrete spaces (the index) or {@code dim} values.
     * Writes the next observation into {@code obs} and the reward vector into {@code reward}
     * (length {@code numObjectives}).
     *
     * @return the step's end: {@link StepEnd#NONE}, {@link StepEnd#TERMINATED} or {@link StepEnd#TRUNCATED}
     */
    StepEnd step(float[] action, float[] obs, float[] reward);
}
