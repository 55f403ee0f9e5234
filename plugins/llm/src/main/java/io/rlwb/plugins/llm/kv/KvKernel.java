package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.layers.KvCache;
import io.rlwb.engine.telemetry.KvCacheSnapshot;

/** An attention kernel: a {@link KvCache} policy that accounts exactly for what it holds. */
public interface KvKernel extends KvCache {
    /** A short name, e.g. {@code full}, {@code sink-window}, {@code kivi-4bit}, {@code minicache+kivi-4bit}. */
    String name();

    /** The geometry this kernel was built for. */
    KvShape shape();

    /** What the kernel holds now. */
    KvLedger ledger();

    /** The KV view's record of what the kernel holds now. */
    default KvCacheSnapshot snapshot(String kernelId, int decodeStep, Double top1Agreement, Double kl) {
        return ledger().snapshot(kernelId, decodeStep, top1Agreement, kl);
    }
}
