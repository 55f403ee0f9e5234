/**
 * The transformer language policy: configuration, per-token log-probabilities and entropies on the tape, a frozen
 * reference copy, batched generation through a pluggable KV cache, sampling, and weight checkpoints.
 */
package io.rlwb.plugins.llm.policy;
