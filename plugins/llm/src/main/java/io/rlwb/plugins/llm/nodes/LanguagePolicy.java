package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.plugins.llm.policy.Generator;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.util.List;
import java.util.Objects;

/**
 * What flows on a {@code language-policy} wire: a {@link TransformerPolicy}, the tokenizer whose ids it reads,
 * and the attention kernel wired into the policy node. Trainers update {@link #policy()}'s parameters in place;
 * decoders get their KV caches from {@link #kernel()}, bound to the policy as it is when they decode.
 */
public final class LanguagePolicy {
    private final String nodeId;
    private final TransformerPolicy policy;
    private final CharTokenizer tokenizer;
    private final AttentionKernel kernel;

    public LanguagePolicy(String nodeId, TransformerPolicy policy, CharTokenizer tokenizer, AttentionKernel kernel) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        if (tokenizer.vocabSize() != policy.vocabSize()) {
            throw new IllegalArgumentException("node '" + nodeId + "': tokenizer of " + tokenizer.vocabSize()
                    + " tokens for a policy of " + policy.vocabSize());
        }
    }

    /** The id of the node that made this policy (for messages). */
    public String nodeId() {
        return nodeId;
    }

    public TransformerPolicy policy() {
        return policy;
    }

    public CharTokenizer tokenizer() {
        return tokenizer;
    }

    /** The attention kernel wired into the policy node (the full cache when none is wired). */
    public AttentionKernel kernel() {
        return kernel;
    }

    /** The trainable parameters. */
    public List<Parameter> parameters() {
        return policy.parameters();
    }

    /** A generator whose KV caches come from the wired kernel, bound to the policy's current weights. */
    public Generator generator() {
        return new Generator(policy, kernel.bind(policy, tokenizer));
    }
}
