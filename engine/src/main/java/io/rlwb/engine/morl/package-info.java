/**
 * Multi-objective building blocks of the core: Pareto dominance and fronts, front metrics (hypervolume, expected
 * utility, sparsity, IGD, crowding distance), reward combiners (linear, Chebyshev, dynamic weighting, Lagrangian
 * constraints) and the Pareto archive that a Pareto monitor keeps. All objectives are maximised.
 */
package io.rlwb.engine.morl;
