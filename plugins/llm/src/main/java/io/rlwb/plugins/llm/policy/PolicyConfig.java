package io.rlwb.plugins.llm.policy;

import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.engine.nn.layers.FeedForward;
import io.rlwb.engine.nn.layers.Norm;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Shape of a {@link TransformerPolicy}. The vocabulary size comes from the tokenizer, not from here.
 *
 * @param layers transformer blocks (default 2)
 * @param heads attention heads per block (default 4); {@code width} must be divisible by it
 * @param width model width C (default 64); the MLP is {@code mlpRatio * width} wide
 * @param contextLength most tokens (prompt + completion) the policy reads at once (default 64); also the learned
 *     position table's size
 * @param positions {@code ROTARY} (default: rotary embedding of queries and keys, base 10000, half-split form)
 *     or {@code LEARNED} (a {@code [contextLength, width]} table added to the token embedding)
 * @param tiedHead the LM head is the token embedding transposed (default true)
 * @param mlpRatio MLP hidden width over model width (default 4)
 * @param dropout residual dropout on training tapes (default 0)
 * @param seed initial weights (default 1)
 * @param dtype FLOAT (default) or DOUBLE (finite-difference tests)
 * @param initStd standard deviation of the initial weights (default GPT-2's 0.02; residual projections start at
 *     {@code initStd / sqrt(2 layers)}). At width 64, multi-pair recall needs about {@code 1/sqrt(width)} (0.1)
 *     and an untied head to leave its plateau: ADR 0039
 */
public record PolicyConfig(int layers, int heads, int width, int contextLength, DecoderModel.Positions positions,
        boolean tiedHead, int mlpRatio, double dropout, long seed, DataType dtype, double initStd) {
    public PolicyConfig {
        positive("layers", layers);
        positive("heads", heads);
        positive("width", width);
        positive("contextLength", contextLength);
        positive("mlpRatio", mlpRatio);
        if (width % heads != 0) {
            throw new IllegalArgumentException("policy parameter 'heads': width " + width + " is not divisible by "
                    + heads + " heads");
        }
        if (positions == null) {
            throw new IllegalArgumentException("policy parameter 'positions' must be ROTARY or LEARNED");
        }
        if (positions == DecoderModel.Positions.ROTARY && (width / heads) % 2 != 0) {
            throw new IllegalArgumentException("policy parameter 'positions': rotary embedding needs an even head "
                    + "size, and width " + width + " / heads " + heads + " = " + width / heads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("policy parameter 'dropout' must lie in [0, 1), got " + dropout);
        }
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("policy parameter 'dtype' must be FLOAT or DOUBLE, got " + dtype);
        }
        if (!(initStd > 0 && initStd <= 1)) {
            throw new IllegalArgumentException("policy parameter 'init_std' must lie in (0, 1], got " + initStd);
        }
    }

    /** A configuration with GPT-2's initial scale, 0.02. */
    public PolicyConfig(int layers, int heads, int width, int contextLength, DecoderModel.Positions positions,
            boolean tiedHead, int mlpRatio, double dropout, long seed, DataType dtype) {
        this(layers, heads, width, contextLength, positions, tiedHead, mlpRatio, dropout, seed, dtype,
                DecoderModel.Config.GPT2_INIT_STD);
    }

    /**
     * The defaults: 2 layers, 4 heads, width 64, context 64, rotary, tied head, MLP 4x, no dropout, seed 1,
     * init 0.02.
     */
    public static PolicyConfig defaults() {
        return new PolicyConfig(2, 4, 64, 64, DecoderModel.Positions.ROTARY, true, 4, 0, 1, DataType.FLOAT);
    }

    public PolicyConfig withSeed(long s) {
        return new PolicyConfig(layers, heads, width, contextLength, positions, tiedHead, mlpRatio, dropout, s, dtype,
                initStd);
    }

    public PolicyConfig withContextLength(int n) {
        return new PolicyConfig(layers, heads, width, n, positions, tiedHead, mlpRatio, dropout, seed, dtype,
                initStd);
    }

    public PolicyConfig withDtype(DataType d) {
        return new PolicyConfig(layers, heads, width, contextLength, positions, tiedHead, mlpRatio, dropout, seed, d,
                initStd);
    }

    /** The engine model's configuration for a vocabulary of {@code vocab} tokens (pre-norm, layer norm, tanh GELU). */
    public DecoderModel.Config modelConfig(int vocab) {
        return new DecoderModel.Config(vocab, width, heads, layers, mlpRatio * width, contextLength, positions,
                tiedHead, Norm.Kind.LAYER, FeedForward.Activation.GELU_TANH, dropout, seed, dtype, initStd);
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("policy parameter '" + name + "' must be > 0, got " + v);
        }
    }
}
