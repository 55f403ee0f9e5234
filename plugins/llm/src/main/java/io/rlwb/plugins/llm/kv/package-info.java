/**
 * Attention kernels: {@link io.rlwb.engine.nn.layers.KvCache} policies with an exact ledger of what they hold.
 * The full cache and KIVI ({@link io.rlwb.plugins.llm.kv.FullKernel}), sliding window with attention sinks,
 * MiniCache cross-layer merging, Double Sparsity, SentenceKV and heavy-hitter eviction; kernels that keep rows in
 * order compose over a {@link io.rlwb.plugins.llm.kv.KvStore} (dense or KIVI-quantised). Every kernel reports a
 * {@link io.rlwb.plugins.llm.kv.KvLedger} read off the arrays it keeps, and the KV view's
 * {@link io.rlwb.engine.telemetry.KvCacheSnapshot}; {@link io.rlwb.plugins.llm.kv.KvQuality} measures a kernel
 * against the full cache on the same inputs. See docs/algorithms/kv-kernels.md.
 */
package io.rlwb.plugins.llm.kv;
