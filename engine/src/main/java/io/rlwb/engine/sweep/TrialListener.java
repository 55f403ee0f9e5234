package io.rlwb.engine.sweep;

/**
 * Hears about trials while they run: the sweep table and the app's live table move with it. Executors call it
 * from any thread, several trials at once, so implementations must be thread-safe, return quickly and never
 * block. An executor that runs trials in other processes streams at least {@link #started}, {@link #finished} and
 * some {@link #progress}; {@link #metric} may be thinned (every metric of every step need not cross the network).
 */
public interface TrialListener {
    /** The trial claimed its run directory ({@code runDir}, a path string of the machine it runs on). */
    default void started(String trialId, String runDir) {}

    /** A scalar metric the trial recorded (a row of its metrics.csv). */
    default void metric(String trialId, long step, String key, double value) {}

    /** Fraction of the trial's env_steps budget spent, 0 to 1. */
    default void progress(String trialId, double fraction) {}

    /** The trial ended; called exactly once per trial that {@link #started}, and for trials that failed to start. */
    default void finished(TrialResult result) {}

    TrialListener NONE = new TrialListener() {};
}
