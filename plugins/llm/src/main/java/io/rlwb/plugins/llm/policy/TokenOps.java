package io.rlwb.plugins.llm.policy;

import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Two fused tape primitives over next-token logits {@code [B, T, V]} that policy-gradient and preference losses
 * need per token: the log-probability of a chosen token and the entropy of the distribution. Fused (one log-softmax
 * and one backward each) rather than composed from {@code logSoftmax}, {@code mul} and a sum over the last axis,
 * which the engine's {@code Ops} does not have. Both stay in ND4J ops (no host copy) and have finite-difference
 * tests ({@code TokenOpsGradientTest}).
 */
public final class TokenOps {
    private TokenOps() {}

    /**
     * {@code log softmax(logits)[b, t, targets[b, t]]}, a {@code [B, T]} tensor; 0 (and no gradient) where the
     * target equals {@code ignoreIndex}.
     *
     * <p>Gradient: {@code d/dz_j = g (1[j = target] - p_j)} at counted positions.
     */
    public static Tensor tokenLogProbs(Tensor logits, INDArray targets, int ignoreIndex) {
        long[] s = logits.shape();
        long v = s[s.length - 1];
        long n = logits.value().length() / v;
        if (targets.length() != n || targets.dataType().isFPType()) {
            throw new IllegalArgumentException("tokenLogProbs: need " + n + " integer targets for logits "
                    + Arrays.toString(s) + ", got " + targets.dataType() + " " + Arrays.toString(targets.shape()));
        }
        DataType dt = logits.dataType();
        INDArray t = targets.reshape(n);
        INDArray validBool = t.neq(ignoreIndex);
        INDArray valid = validBool.castTo(dt).reshape(n, 1);
        INDArray safe = t.mul(validBool.castTo(t.dataType()));
        INDArray oneHot = Nd4j.exec(new OneHot(safe, (int) v, -1, 1.0, 0.0, dt))[0].muli(valid);
        INDArray logp = logSoftmax2(logits.value(), n, v);
        long[] outShape = Arrays.copyOf(s, s.length - 1);
        INDArray y = logp.mul(oneHot).sum(1).reshape(outShape);
        return logits.tape().record("tokenLogProbs", y, g -> {
            INDArray g2 = g.dup('c').reshape(n, 1);
            INDArray d = Transforms.exp(logp, true).muli(valid).rsubi(oneHot).muliColumnVector(g2);
            return new INDArray[] {d.reshape(s)};
        }, logits);
    }

    /**
     * Entropy {@code -sum_j p_j log p_j} of {@code softmax(logits)} at every position, a {@code [B, T]} tensor,
     * multiplied by {@code mask} ({@code [B, T]}, same floating-point type; null for none).
     *
     * <p>Gradient: {@code dH/dz_j = -p_j (log p_j + H)}.
     */
    public static Tensor entropy(Tensor logits, INDArray mask) {
        long[] s = logits.shape();
        long v = s[s.length - 1];
        long n = logits.value().length() / v;
        long[] outShape = Arrays.copyOf(s, s.length - 1);
        INDArray m = mask == null ? null : mask.castTo(logits.dataType()).reshape(n, 1);
        INDArray logp = logSoftmax2(logits.value(), n, v);
        INDArray p = Transforms.exp(logp, true);
        INDArray h = p.mul(logp).sum(true, 1).negi(); // [n, 1]
        INDArray y = (m == null ? h : h.mul(m)).reshape(outShape);
        return logits.tape().record("entropy", y, g -> {
            INDArray g2 = g.dup('c').reshape(n, 1);
            if (m != null) g2 = g2.mul(m);
            INDArray d = logp.addColumnVector(h).muli(p).negi().muliColumnVector(g2);
            return new INDArray[] {d.reshape(s)};
        }, logits);
    }

    private static INDArray logSoftmax2(INDArray logits, long n, long v) {
        INDArray c = logits.ordering() == 'c' && !logits.isView() ? logits : logits.dup('c');
        INDArray flat = c.reshape(n, v);
        return Nd4j.exec(new LogSoftMax(flat, flat.ulike()))[0];
    }
}
