package io.rlwb.engine.rl;

/**
 * A critic that publishes its own value-distribution snapshots (a distributional critic knows its bins,
 * quantiles or sigma). The GAE estimator's probe publisher, which reports a plain critic's mean at probe
 * states, leaves such critics alone, so each run has one producer of {@code distribution} snapshots per critic.
 */
public interface SelfProbingCritic extends Critic {}
