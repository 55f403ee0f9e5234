package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.plugins.llm.kv.KvKernel;
import io.rlwb.plugins.llm.kv.KvShape;
import io.rlwb.plugins.llm.kv.KvStore;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.util.Objects;

/**
 * An {@link AttentionKernel} from a name, a fit, an optional store and a binder. The binder sees the policy and
 * tokenizer once per {@link #bind}, and returns the per-batch maker; most kernels ignore both and build from the
 * cache shape alone.
 */
final class KernelRecipe implements AttentionKernel {
    /** Makes the per-batch kernel maker for a policy. */
    @FunctionalInterface
    interface Binder {
        Maker bind(TransformerPolicy policy, CharTokenizer tokenizer);
    }

    /** Makes one kernel for a cache of {@code shape}. */
    @FunctionalInterface
    interface Maker {
        KvKernel make(KvShape shape);
    }

    private final String name;
    private final KernelFit fit;
    private final KvStore.Factory store;
    private final Binder binder;

    KernelRecipe(String name, KernelFit fit, KvStore.Factory store, Binder binder) {
        this.name = Objects.requireNonNull(name);
        this.fit = Objects.requireNonNull(fit);
        this.store = store;
        this.binder = Objects.requireNonNull(binder);
    }

    /** A recipe whose kernels need nothing of the policy beyond the cache shape. */
    static KernelRecipe of(String name, KernelFit fit, KvStore.Factory store, Maker maker) {
        return new KernelRecipe(name, fit, store, (p, t) -> maker);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public KernelFit fit() {
        return fit;
    }

    @Override
    public KvStore.Factory store() {
        return store;
    }

    @Override
    public Bound bind(TransformerPolicy policy, CharTokenizer tokenizer) {
        Maker m = binder.bind(policy, tokenizer);
        return (DecoderModel.Config model, int batch, int capacity) -> m.make(new KvShape(model.layers(), batch,
                model.heads(), model.width() / model.heads(), model.dtype()));
    }

    @Override
    public String toString() {
        return name;
    }
}
