package io.rlwb.app.viewmodel;

/** Where a run started from the window stands. */
public enum RunState {
    /** No run started yet. */
    IDLE,
    /** Overrides applied and the graph validated off the UI thread; the worker is starting. */
    STARTING,
    /** The worker is training. */
    RUNNING,
    /** Stop was asked for; the worker finishes its current step of work. */
    STOPPING,
    /** The budget was spent (or a node asked to stop early). */
    COMPLETED,
    /** The user stopped it. */
    CANCELLED,
    /** A node failed, the graph was invalid, or the run directory could not be written. */
    FAILED;

    /** True while a run is under way (Run disabled, Stop enabled). */
    public boolean active() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }

    /** True once a run has ended, however it ended. */
    public boolean ended() {
        return this == COMPLETED || this == CANCELLED || this == FAILED;
    }
}
