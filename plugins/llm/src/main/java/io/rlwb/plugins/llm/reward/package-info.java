/**
 * Reward heads for language policies: rule-based scores of a completion (correctness, format, brevity, safety)
 * that form a vector reward, combined by the engine's reward combiners.
 */
package io.rlwb.plugins.llm.reward;
