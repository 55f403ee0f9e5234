package io.rlwb.engine.morl;

import java.util.List;

/**
 * Implemented by environment definitions (an {@link io.rlwb.engine.env.EnvFactory}) that know their true Pareto
 * front, so a Pareto monitor can report IGD and pick a sensible hypervolume reference point.
 */
public interface KnownFront {
    /** The true front of undiscounted expected returns, objectives in the environment's order. */
    List<double[]> trueFront();

    /**
     * The true front of expected returns discounted by {@code gamma} ({@code sum_t gamma^t r_(t+1)}), or an empty
     * list when this environment does not know it; by default known only for {@code gamma = 1}.
     */
    default List<double[]> trueFront(double gamma) {
        return gamma == 1.0 ? trueFront() : List.of();
    }

    /** The hypervolume reference point customary for this environment. */
    double[] referencePoint();
}
