package io.rlwb.plugins.llm.policy;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.engine.nn.layers.KvCache;
import io.rlwb.engine.nn.layers.Module;
import io.rlwb.plugins.llm.text.SequenceBatch;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A decoder-only transformer language policy: the engine's {@link DecoderModel} (token embedding, learned or
 * rotary positions, pre-norm blocks, final layer norm, tied or separate LM head) with what policy optimisation
 * needs on top: per-token log-probabilities and entropies of given completions on a recording tape, a frozen
 * deep copy for the reference model, and a context-length check. Generation lives in {@link Generator}.
 */
public final class TransformerPolicy implements Module {
    private final PolicyConfig config;
    private final int vocab;
    private final DecoderModel model;

    /** A policy with fresh weights drawn from {@code config.seed()}. */
    public TransformerPolicy(PolicyConfig config, int vocab) {
        if (vocab <= 0) {
            throw new IllegalArgumentException("policy: vocabulary size must be > 0, got " + vocab);
        }
        this.config = config;
        this.vocab = vocab;
        this.model = new DecoderModel(config.modelConfig(vocab));
    }

    public PolicyConfig config() {
        return config;
    }

    public int vocabSize() {
        return vocab;
    }

    /** The underlying engine model (for kernels that need its shape, and for benchmarks). */
    public DecoderModel model() {
        return model;
    }

    /** Logits {@code [B, T, V]} of ids {@code [B, T]} in one self-contained pass (no cache). */
    public Tensor logits(Tape tape, INDArray ids) {
        checkLength(ids.size(1), 0);
        return model.forward(tape, ids, null);
    }

    /**
     * Logits of the next {@code T} positions after what {@code cache} holds; the cache advances by {@code T}.
     * Inference tapes only.
     */
    public Tensor logits(Tape tape, INDArray ids, KvCache cache) {
        checkLength(ids.size(1), cache.position());
        return model.forward(tape, ids, cache);
    }

    /**
     * Log-probability under the policy of every completion token of {@code batch}, a {@code [B, T]} tensor that is
     * 0 off the completion ({@link SequenceBatch#completionMask()} says where it counts). On a training tape the
     * result backpropagates into the policy's parameters (GRPO's ratio, DPO's implicit reward).
     */
    public Tensor tokenLogProbs(Tape tape, SequenceBatch batch) {
        return TokenOps.tokenLogProbs(logits(tape, batch.inputs()), batch.targets(), SequenceBatch.IGNORE);
    }

    /** Log-probabilities and entropies of the completion tokens from one forward pass. */
    public TokenScores score(Tape tape, SequenceBatch batch) {
        Tensor logits = logits(tape, batch.inputs());
        return new TokenScores(TokenOps.tokenLogProbs(logits, batch.targets(), SequenceBatch.IGNORE),
                TokenOps.entropy(logits, batch.completionMask()));
    }

    /** Per-token log-probabilities and entropies, both {@code [B, T]}, 0 off the completion. */
    public record TokenScores(Tensor logProbs, Tensor entropy) {}

    /** Mean cross-entropy of the completion tokens (teacher forcing): the supervised loss. */
    public Tensor completionLoss(Tape tape, SequenceBatch batch) {
        return io.rlwb.engine.nn.autodiff.Ops.crossEntropy(logits(tape, batch.inputs()), batch.targets(),
                SequenceBatch.IGNORE);
    }

    /** A new policy with the same configuration and a copy of this one's current weights (nothing shared). */
    public TransformerPolicy copy() {
        TransformerPolicy c = new TransformerPolicy(config, vocab);
        c.copyWeightsFrom(this);
        return c;
    }

    /** A frozen copy of the current weights: the reference model of GRPO's KL term and of DPO. */
    public FrozenPolicy frozenCopy() {
        return new FrozenPolicy(copy());
    }

    /** Overwrites this policy's weights with {@code other}'s (same configuration and vocabulary). */
    public void copyWeightsFrom(TransformerPolicy other) {
        if (!other.config.equals(config) || other.vocab != vocab) {
            throw new IllegalArgumentException("cannot copy weights between policies of different shapes: "
                    + other.config + " (vocab " + other.vocab + ") into " + config + " (vocab " + vocab + ")");
        }
        Map<String, Parameter> mine = namedParameters();
        for (Map.Entry<String, Parameter> e : other.namedParameters().entrySet()) {
            mine.get(e.getKey()).value().assign(e.getValue().value());
        }
    }

    private void checkLength(long t, long offset) {
        if (offset + t > config.contextLength()) {
            throw new IllegalArgumentException("policy parameter 'contextLength' is " + config.contextLength()
                    + " but the input reaches position " + (offset + t) + " (" + t + " tokens after " + offset
                    + ")");
        }
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return model.namedParameters();
    }

    @Override
    public String toString() {
        return "TransformerPolicy" + Arrays.asList(config, "vocab " + vocab);
    }
}
