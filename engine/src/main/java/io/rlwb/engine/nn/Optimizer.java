package io.rlwb.engine.nn;

import java.util.List;

/** Steps a fixed list of parameters along their accumulated gradients. */
public interface Optimizer {
    /**
     * One update from the gradients now in the parameters.
     *
     * @param progress fraction of the training budget spent, in [0, 1], for learning-rate schedules
     */
    void step(double progress);

    /** The learning rate the last {@link #step} used (for the {@code charts/learning_rate} metric). */
    double currentLearningRate();

    List<Parameter> parameters();
}
