/**
 * The {@code distributional} plugin: HL-Gauss, quantile, C51 and Gaussian critics, Pendulum-v1, the
 * tanh-squashed Gaussian policy, a replay buffer, and the SAC, DSAC-T and C51-DQN trainers. Node type ids live
 * under {@code distributional/...}; see docs/algorithms/ for each algorithm.
 */
package io.rlwb.plugins.distributional;
