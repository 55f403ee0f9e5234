package io.rlwb.engine.spi;

/** A node instance that observes the run after every trainer iteration (evaluations, snapshots). */
public interface Monitor extends NodeInstance {
    void afterIteration(RunServices run);

    /** Called once when the run ends normally (budget reached), for a final measurement. */
    default void finish(RunServices run) {}
}
