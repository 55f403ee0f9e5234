package io.rlwb.engine.nn.layers;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.Ops;
import io.rlwb.engine.nn.autodiff.Rotary;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.rng.Random;

/**
 * A pre-norm transformer block: {@code x + drop(attn(norm1(x)))}, then {@code h + drop(mlp(norm2(h)))}. Dropout
 * applies only on recording (training) tapes.
 */
public final class TransformerBlock implements Module {
    private final Norm norm1;
    private final CausalSelfAttention attn;
    private final Norm norm2;
    private final FeedForward mlp;
    private final double dropout;
    private final Random rng;
    private final Map<String, Parameter> params;

    /**
     * @param dropout residual dropout probability (0 for none)
     * @param dropoutRng the seeded ND4J generator dropout masks come from (unused when dropout is 0)
     */
    public TransformerBlock(String prefix, int width, int heads, int hidden, Norm.Kind norm,
            FeedForward.Activation act, Rotary rotary, double std, double projStd, double dropout, Random dropoutRng,
            SplittableRandom rng, DataType dtype) {
        norm1 = new Norm(Params.join(prefix, "norm1"), norm, width, 1e-5, dtype);
        attn = new CausalSelfAttention(Params.join(prefix, "attn"), width, heads, rotary, std, projStd, rng, dtype);
        norm2 = new Norm(Params.join(prefix, "norm2"), norm, width, 1e-5, dtype);
        mlp = new FeedForward(Params.join(prefix, "mlp"), width, hidden, act, std, projStd, rng, dtype);
        this.dropout = dropout;
        this.rng = dropoutRng;
        params = new Params().addAll(norm1).addAll(attn).addAll(norm2).addAll(mlp).build();
    }

    /** See {@link CausalSelfAttention#forward} for {@code cache}, {@code layer} and {@code offset}. */
    public Tensor forward(Tape tape, Tensor x, KvCache cache, int layer, long offset) {
        Tensor h = Ops.add(x, drop(tape, attn.forward(tape, norm1.forward(tape, x), cache, layer, offset)));
        return Ops.add(h, drop(tape, mlp.forward(tape, norm2.forward(tape, h))));
    }

    private Tensor drop(Tape tape, Tensor x) {
        return tape.recording() && dropout > 0 ? Ops.dropout(x, dropout, rng) : x;
    }

    public CausalSelfAttention attention() { return attn; }

    @Override
    public Map<String, Parameter> namedParameters() { return params; }
}
