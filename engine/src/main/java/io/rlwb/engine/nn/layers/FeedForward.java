package io.rlwb.engine.nn.layers;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.Ops;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/** The transformer's MLP: {@code Linear(C, kC) -> activation -> Linear(kC, C)}. */
public final class FeedForward implements Module {
    /** The hidden activation. */
    public enum Activation { GELU_TANH, GELU_EXACT, SILU }

    private final Linear up;
    private final Linear down;
    private final Activation act;
    private final Map<String, Parameter> params;

    /** @param downStd init scale of the output projection (GPT-2 shrinks it by depth) */
    public FeedForward(String prefix, int width, int hidden, Activation act, double std, double downStd,
            SplittableRandom rng, DataType dtype) {
        this.act = act;
        up = new Linear(Params.join(prefix, "up"), width, hidden, true, std, rng, dtype);
        down = new Linear(Params.join(prefix, "down"), hidden, width, true, downStd, rng, dtype);
        params = new Params().addAll(up).addAll(down).build();
    }

    public Tensor forward(Tape tape, Tensor x) {
        Tensor h = up.forward(tape, x);
        h = switch (act) {
            case GELU_TANH -> Ops.gelu(h, false);
            case GELU_EXACT -> Ops.gelu(h, true);
            case SILU -> Ops.silu(h);
        };
        return down.forward(tape, h);
    }

    @Override
    public Map<String, Parameter> namedParameters() { return params; }
}
