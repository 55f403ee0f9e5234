package io.rlwb.engine.spi;

/** What the runtime does with a node's instance besides wiring it. */
public enum NodeRole {
    /** Provides components or data to other nodes. */
    PART,
    /** Drives iterations: the runtime calls {@link Trainer#iterate} until the budget is spent. */
    TRAINER,
    /** Observes after each iteration ({@link Monitor}). */
    MONITOR
}
