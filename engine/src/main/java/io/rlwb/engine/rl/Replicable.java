package io.rlwb.engine.rl;

/**
 * A component that can make fresh copies of its own architecture: population trainers (C-MORL) take the policy
 * wired into them as a template and replicate it, so the graph says what every member of the population is.
 *
 * @param <T> the component type ({@link Policy})
 */
public interface Replicable<T> {
    /** A new instance of the same architecture with its own initial weights drawn from {@code seed}. */
    T replicate(long seed);
}
