package io.rlwb.engine.env;

/** How a step ended its episode, if it did. */
public enum StepEnd {
    NONE,
    /** A terminal state: no value beyond it. */
    TERMINATED,
    /** A time limit: the episode was cut, the state still has a value (bootstrap it). */
    TRUNCATED;

    public boolean done() {
        return this != NONE;
    }
}
