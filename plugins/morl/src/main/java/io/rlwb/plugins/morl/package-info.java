/**
 * Plugin {@code morl}: multi-objective environments (Deep Sea Treasure, concave and convex maps; Resource
 * Gathering) that know their true Pareto fronts, and the C-MORL population trainer. Vector rewards, combiners and
 * the Pareto monitor it uses are the engine's ({@code io.rlwb.engine.morl}, {@code io.rlwb.engine.rl.vector}).
 */
package io.rlwb.plugins.morl;
