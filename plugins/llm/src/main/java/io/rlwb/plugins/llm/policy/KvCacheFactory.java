package io.rlwb.plugins.llm.policy;

import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.engine.nn.layers.FullKvCache;
import io.rlwb.engine.nn.layers.KvCache;

/**
 * Makes the KV cache of one generation batch. This is where an attention kernel plugs into the policy: the
 * generator asks for a fresh cache for every batch of sequences it decodes together, and attention reads past
 * keys and values only through it (see {@link KvCache}).
 */
@FunctionalInterface
public interface KvCacheFactory {
    /** The plain cache that keeps every position exactly. */
    KvCacheFactory FULL = (model, batch, capacity) -> new FullKvCache(model.layers(), batch, model.heads(),
            model.width() / model.heads(), capacity, model.dtype());

    /**
     * @param model the policy's model shape (layers, heads, head size {@code width / heads}, data type)
     * @param batch sequences decoded together
     * @param capacity the most positions this batch will feed (prompt + new tokens); a hint for preallocation
     */
    KvCache create(DecoderModel.Config model, int batch, int capacity);
}
