package io.rlwb.engine.nn.bench;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.Masks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pre-norm transformer block of {@link io.rlwb.engine.nn.layers.TransformerBlock} (layer norm, tanh GELU,
 * learned-position variant, no dropout) built as a SameDiff graph over copies of the same weights, with the
 * loss {@code sum(block(x) * w)}: the SameDiff candidate of ADR 0010.
 *
 * <p>Workarounds for SameDiff 1.0.0-M2.1: GELU is written out in the tanh form ({@code sd.nn.gelu} is the
 * sigmoid approximation {@code x sigmoid(1.702 x)}); the causal mask is an added constant (no {@code where},
 * which has no gradient); linear layers flatten to rank 2 around {@code mmul}; no {@code logSoftmax} along an
 * axis (it throws). The gradients are compared with the tape's in the benchmark output.
 */
final class SameDiffBlock {
    private final SameDiff sd = SameDiff.create();
    private final Map<String, String> varOf = new LinkedHashMap<>(); // parameter name -> SameDiff variable
    private final long b;
    private final long t;
    private final long c;

    SameDiffBlock(Map<String, Parameter> params, String prefix, int heads, long batch, long time, long width,
            INDArray lossWeights) {
        this.b = batch;
        this.t = time;
        this.c = width;
        Map<String, SDVariable> v = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String name = e.getKey().replace('.', '_');
            v.put(e.getKey().substring(prefix.length() + 1), sd.var(name, e.getValue().value().dup()));
            varOf.put(e.getKey(), name);
        }
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, b, t, c);
        long d = c / heads;
        SDVariable ln1 = sd.nn.layerNorm(x, v.get("norm1.weight"), v.get("norm1.bias"), false, 2);
        SDVariable q = heads(linear(ln1, v, "attn.wq"), heads, d);
        SDVariable k = heads(linear(ln1, v, "attn.wk"), heads, d);
        SDVariable val = heads(linear(ln1, v, "attn.wv"), heads, d);
        SDVariable mask = sd.constant("mask", Masks.causal(t, t, 0, DataType.FLOAT));
        SDVariable scores = sd.mmul(q, k, false, true, false).mul(1.0 / Math.sqrt(d)).add(mask);
        SDVariable probs = sd.nn.softmax(scores, 3);
        SDVariable att = sd.reshape(sd.permute(sd.mmul(probs, val), 0, 2, 1, 3), b, t, c);
        SDVariable h = x.add(linear(att, v, "attn.wo"));
        SDVariable ln2 = sd.nn.layerNorm(h, v.get("norm2.weight"), v.get("norm2.bias"), false, 2);
        SDVariable up = linear(ln2, v, "mlp.up");
        SDVariable inner = up.add(up.mul(up).mul(up).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
        SDVariable gelu = up.mul(sd.math.tanh(inner).add(1.0)).mul(0.5);
        SDVariable y = h.add(linear(gelu, v, "mlp.down"));
        SDVariable loss = y.mul(sd.constant("w", lossWeights)).sum("loss");
        sd.setLossVariables(loss);
    }

    private SDVariable linear(SDVariable in, Map<String, SDVariable> v, String name) {
        SDVariable w = v.get(name + ".weight");
        long cin = w.getArr().size(0);
        long cout = w.getArr().size(1);
        SDVariable flat = sd.reshape(in, b * t, cin);
        return sd.reshape(sd.mmul(flat, w).add(v.get(name + ".bias")), b, t, cout);
    }

    private SDVariable heads(SDVariable in, int heads, long d) {
        return sd.permute(sd.reshape(in, b, t, heads, d), 0, 2, 1, 3);
    }

    /** Gradients of the loss for every parameter, by its engine name. */
    Map<String, INDArray> gradients(INDArray x) {
        List<String> names = new ArrayList<>(varOf.values());
        Map<String, INDArray> g = sd.calculateGradients(Map.of("x", x), names);
        Map<String, INDArray> out = new LinkedHashMap<>();
        varOf.forEach((param, var) -> out.put(param, g.get(var)));
        return out;
    }
}
