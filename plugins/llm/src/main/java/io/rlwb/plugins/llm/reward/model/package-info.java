/**
 * A learned multi-label reward model ({@link io.rlwb.plugins.llm.reward.model.RewardModel}: a small transformer
 * over prompt and completion with one regression head per label), its trainer on completions labelled by the
 * rule-based reward heads, and an ensemble of such models from different seeds combined by mean, worst case or
 * mean minus kappa standard deviations ({@link io.rlwb.plugins.llm.reward.model.RewardEnsemble}). See
 * docs/algorithms/reward-model.md.
 */
package io.rlwb.plugins.llm.reward.model;
