package io.rlwb.engine.sweep;

/**
 * Makes a {@link TrialRunner} by executor name. Found with {@link java.util.ServiceLoader} in the class loader
 * {@link TrialRunners#open} is given ({@code META-INF/services/io.rlwb.engine.sweep.TrialRunnerProvider}), so an
 * executor with heavy dependencies (Spark) stays off the application's classpath until it is asked for.
 */
public interface TrialRunnerProvider {
    /** The executor name {@code --executor} selects: {@code spark}. */
    String name();

    /** Starts an executor; throws {@link IllegalArgumentException} with a user-facing message for bad settings. */
    TrialRunner open(ExecutorSettings settings);
}
