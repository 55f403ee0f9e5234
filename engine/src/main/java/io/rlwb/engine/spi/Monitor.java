package io.rlwb.engine.spi;

/** A node instance that observes the run after every trainer iteration (evaluations, snapshots). */
public interface Monitor extends NodeInstance {
    void afterIteration(RunServices run);

    /** Called once when the run ends normally (budget reached), for a final measurement. */
    default void finish(RunServices run) {}

    /** Monitors keep state (schedules, archives): one that does not say what it is cannot be resumed (see Trainer). */
    @Override
    default void saveState(StateWriter out) {
        throw new UnsupportedOperationException(getClass().getName() + " does not save its state");
    }

    @Override
    default void restoreState(StateReader in) {
        throw new UnsupportedOperationException(getClass().getName() + " does not restore its state");
    }
}
