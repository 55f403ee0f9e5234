package io.rlwb.engine.spi;

/**
 * Something whose complete state can be written to a checkpoint and read back into a freshly built instance of the
 * same configuration, so that a resumed run continues where the saved one stopped (ADR 0020). Node instances are
 * stateful ({@link NodeInstance#saveState}); so are the components they hand out when those keep state of their own
 * (an environment's episode, a vector env's running returns).
 */
public interface Stateful {
    /** Writes everything this object needs to continue exactly: tensors and scalars, under stable names. */
    void saveState(StateWriter out);

    /**
     * Restores what {@link #saveState} wrote into this freshly built object of the same configuration.
     *
     * @throws IllegalArgumentException naming the first missing or misshapen entry
     */
    void restoreState(StateReader in);
}
