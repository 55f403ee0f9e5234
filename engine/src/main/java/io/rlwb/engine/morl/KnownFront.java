package io.rlwb.engine.morl;

import java.util.List;

/**
 * Implemented by environment definitions (an {@link io.rlwb.engine.env.EnvFactory}) that know their true Pareto
 * front, so a Pareto monitor can report IGD and pick a sensible hypervolume reference point.
 */
public interface KnownFront {
    /** The true front of undiscounted expected returns, objectives in the environment's order. */
    List<double[]> trueFront();

    /** The hypervolume reference point customary for this environment. */
    double[] referencePoint();
}
