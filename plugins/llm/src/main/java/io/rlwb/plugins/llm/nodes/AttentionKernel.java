package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.plugins.llm.kv.KvKernel;
import io.rlwb.plugins.llm.kv.KvStore;
import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.text.CharTokenizer;

/**
 * What flows on an {@code attention-kernel} wire (ADR 0017): a recipe for a KV-cache kernel, not a kernel. A
 * kernel's state belongs to one batch of sequences decoded together, so the policy asks the recipe, bound to
 * itself, for a fresh {@link KvKernel} for every batch ({@link Bound#create}). Binding happens when decoding
 * starts, not when the graph is built, because some kernels read the policy as it is then: Double Sparsity
 * calibrates its label channels on the trained weights, SentenceKV looks up its delimiter tokens in the
 * tokenizer.
 *
 * <p>A kernel that keeps every row it is given in a {@link KvStore} (the full cache, KIVI) also offers that store
 * ({@link #store()}), so another kernel may compose over it: MiniCache merging over KIVI 4-bit, a sink window
 * over quantised storage. The composition's ledger is the outer kernel's, which counts its inner store's bytes.
 */
public interface AttentionKernel {
    /** The kernel's name as its ledger reports it ({@code kivi-4bit}, {@code minicache+kivi-4bit}). */
    String name();

    /** What the kernel needs of the policy it serves; the policy node validates it ({@link KernelFit#misfit}). */
    KernelFit fit();

    /**
     * The store this kernel keeps its rows in, for a kernel that composes over it; null when this kernel cannot
     * serve as storage (it selects or evicts rows itself).
     */
    KvStore.Factory store();

    /** This kernel for {@code policy}, reading {@code tokenizer}'s token ids. */
    Bound bind(TransformerPolicy policy, CharTokenizer tokenizer);

    /** A kernel recipe bound to a policy: makes a fresh kernel for each batch of sequences. */
    @FunctionalInterface
    interface Bound extends KvCacheFactory {
        @Override
        KvKernel create(DecoderModel.Config model, int batch, int capacity);
    }
}
