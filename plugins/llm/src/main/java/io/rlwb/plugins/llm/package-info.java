/**
 * Plugin {@code llm}: a decoder-only transformer language policy over the engine's tape and layers
 * ({@link io.rlwb.plugins.llm.policy}), a character tokenizer ({@link io.rlwb.plugins.llm.text}), verifiable tasks
 * generated from a seed ({@link io.rlwb.plugins.llm.task}) and supervised pre-training ({@link
 * io.rlwb.plugins.llm.sft}), attention kernels with an exact KV-cache ledger ({@link io.rlwb.plugins.llm.kv}).
 * Library classes with validated configuration records; the node types in {@link io.rlwb.plugins.llm.nodes}
 * wrap them.
 * docs/algorithms/transformer-policy.md describes them.
 */
package io.rlwb.plugins.llm;
