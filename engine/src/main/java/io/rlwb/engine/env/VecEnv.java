package io.rlwb.engine.env;

/**
 * Several environment instances stepped together, with automatic reset (Gymnasium's same-step autoreset):
 * when an instance's episode ends, {@link #step} returns the reset observation in {@code obs} and keeps the
 * final observation of the ended episode in {@link #finalObs} so a truncated episode can be bootstrapped.
 */
public interface VecEnv {
    EnvSpec spec();

    int numEnvs();

    /** Resets every instance; instance i gets seed {@code seed + i}. {@code obs} is [numEnvs][obsDim]. */
    void reset(long seed, float[][] obs);

    /**
     * Steps every instance. {@code actions} is [numEnvs][actionValues]; {@code rewards} [numEnvs][objectives];
     * {@code ends} receives each instance's step end.
     */
    void step(float[][] actions, float[][] obs, float[][] rewards, StepEnd[] ends);

    /** The last observation of the episode instance {@code i} just ended (valid after a step with an end). */
    float[] finalObs(int i);

    /** Undiscounted return of the episode instance {@code i} just ended (first objective). */
    double finalReturn(int i);

    /**
     * Undiscounted return vector (one value per objective) of the episode instance {@code i} just ended. The
     * default, for vector envs of one objective, wraps {@link #finalReturn(int)}.
     */
    default double[] finalReturns(int i) {
        if (spec().numObjectives() != 1) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " does not record return vectors");
        }
        return new double[] {finalReturn(i)};
    }

    /** Length of the episode instance {@code i} just ended. */
    int finalLength(int i);
}
