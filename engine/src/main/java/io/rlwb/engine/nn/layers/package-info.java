/**
 * Transformer layers on the autodiff tape ({@link io.rlwb.engine.nn.autodiff}): linear, embedding, norms,
 * causal self-attention with a pluggable {@link io.rlwb.engine.nn.layers.KvCache}, the pre-norm block and a
 * small decoder-only model (docs/nn.md).
 */
package io.rlwb.engine.nn.layers;
