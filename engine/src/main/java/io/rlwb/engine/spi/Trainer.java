package io.rlwb.engine.spi;

/** A node instance that drives training: the runtime calls {@link #iterate} until the budget is spent. */
public interface Trainer extends NodeInstance {
    /** One iteration: pull a batch through the upstream data nodes, then update. */
    void iterate(RunServices run);
}
