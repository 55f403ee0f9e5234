package io.rlwb.engine.spi;

import java.util.function.Consumer;

/** A node instance that drives training: the runtime calls {@link #iterate} until the budget is spent. */
public interface Trainer extends NodeInstance {
    /** One iteration: pull a batch through the upstream data nodes, then update. */
    void iterate(RunServices run);

    /**
     * A trainer keeps state (optimiser moments, counters) beyond parameters, so unless it says what that state is,
     * it cannot be resumed: the checkpoint records it as unsupported and a resume is refused naming the node.
     */
    @Override
    default void saveState(StateWriter out) {
        throw new UnsupportedOperationException(getClass().getName() + " does not save its state");
    }

    @Override
    default void restoreState(StateReader in) {
        throw new UnsupportedOperationException(getClass().getName() + " does not restore its state");
    }

    /**
     * A trainer that iterates with {@code iterate} and whose complete state is {@code state}'s (closed with it when
     * {@code state} is {@link AutoCloseable}).
     */
    static Trainer of(Consumer<RunServices> iterate, Stateful state) {
        return new Trainer() {
            @Override public void iterate(RunServices run) { iterate.accept(run); }

            @Override public void saveState(StateWriter out) { state.saveState(out); }

            @Override public void restoreState(StateReader in) { state.restoreState(in); }

            @Override public void close() throws Exception {
                if (state instanceof AutoCloseable c) c.close();
            }
        };
    }
}
