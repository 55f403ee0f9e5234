package io.rlwb.engine.runtime;

/**
 * A progress report after a trainer iteration, for progress lines and status bars.
 *
 * @param envSteps training steps so far
 * @param budget env_steps budget
 * @param iteration iterations so far
 * @param wallS seconds since start
 * @param sps environment steps per second over the run
 * @param lastReturn mean of recent training episode returns, NaN before the first episode ends
 * @param lastEval latest {@code eval/return_mean}, NaN before the first evaluation
 */
public record RunProgress(long envSteps, long budget, long iteration, double wallS, double sps, double lastReturn,
                          double lastEval) {
    public double fraction() {
        return budget <= 0 ? 0 : Math.min(1.0, envSteps / (double) budget);
    }
}
