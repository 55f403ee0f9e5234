package io.rlwb.engine.nn.autodiff;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The differentiable primitives: each computes its value with ND4J ops and records its derivative, also written
 * in ND4J ops, on the inputs' {@link Tape}. No primitive copies data to the host, so a CUDA backend runs the
 * same code. Every primitive has a finite-difference test in double precision ({@code OpsGradientTest}).
 *
 * <p>Shapes follow NumPy: arithmetic broadcasts, the last axis is the feature axis, attention tensors are
 * {@code [batch, heads, time, headDim]}.
 */
public final class Ops {
    /** What a masked attention logit becomes: {@code exp} of it underflows to exactly zero in float and double. */
    public static final double MASKED = -1e9;

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double GELU_C = 0.044715;
    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private Ops() {}

    // ---- arithmetic --------------------------------------------------------------------------------------

    /** {@code a + b} with broadcasting; also the residual add. */
    public static Tensor add(Tensor a, Tensor b) {
        INDArray y = Broadcast.add(a.value(), b.value());
        return a.tape().record("add", y, g -> new INDArray[] {
                Broadcast.sumTo(g, a.shape()), Broadcast.sumTo(g, b.shape())}, a, b);
    }

    /** {@code a - b} with broadcasting. */
    public static Tensor sub(Tensor a, Tensor b) {
        INDArray y = Broadcast.sub(a.value(), b.value());
        return a.tape().record("sub", y, g -> new INDArray[] {
                Broadcast.sumTo(g, a.shape()), b.requiresGrad() ? Broadcast.sumTo(g, b.shape()).neg() : null}, a, b);
    }

    /** {@code a * b} elementwise with broadcasting. */
    public static Tensor mul(Tensor a, Tensor b) {
        INDArray y = Broadcast.mul(a.value(), b.value());
        return a.tape().record("mul", y, g -> new INDArray[] {
                a.requiresGrad() ? Broadcast.sumTo(Broadcast.mul(g, b.value()), a.shape()) : null,
                b.requiresGrad() ? Broadcast.sumTo(Broadcast.mul(g, a.value()), b.shape()) : null}, a, b);
    }

    /** {@code a * c} for a constant {@code c}. */
    public static Tensor scale(Tensor a, double c) {
        return a.tape().record("scale", a.value().mul(c), g -> new INDArray[] {g.mul(c)}, a);
    }

    /** Sum of all elements, a rank-0 tensor. */
    public static Tensor sum(Tensor a) {
        INDArray y = a.value().sum();
        // (assign(rank-0 array) fills only the first element in this ND4J version; a broadcasting add fills all)
        return a.tape().record("sum", y, g -> new INDArray[] {Broadcast.add(a.value().ulike().assign(0), g)}, a);
    }

    /** Mean of all elements, a rank-0 tensor. */
    public static Tensor mean(Tensor a) {
        return scale(sum(a), 1.0 / a.value().length());
    }

    // ---- matrix products -----------------------------------------------------------------------------------

    /** {@code a b}: see {@link #matmul(Tensor, Tensor, boolean, boolean)}. */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, b, false, false);
    }

    /**
     * Matrix product over the last two axes. Either both operands have the same rank (batched product, batch
     * axes equal), or {@code b} is a rank-2 matrix shared by every row of {@code a} (a linear layer: {@code a} is
     * {@code [..., k]}, flattened to {@code [N, k]} for one GEMM). {@code transA} / {@code transB} transpose the
     * last two axes of an operand without copying ({@code transA} only for equal ranks).
     */
    public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        if (a.rank() == b.rank()) {
            INDArray y = Nd4j.matmul(a.value(), b.value(), null, transA, transB, false);
            return a.tape().record("matmul", y, g -> {
                INDArray av = a.value();
                INDArray bv = b.value();
                INDArray ga = null;
                INDArray gb = null;
                if (a.requiresGrad()) {
                    ga = !transA ? mm(g, bv, false, !transB) : mm(bv, g, transB, true);
                }
                if (b.requiresGrad()) {
                    gb = !transB ? mm(av, g, !transA, false) : mm(g, av, true, transA);
                }
                return new INDArray[] {ga, gb};
            }, a, b);
        }
        if (b.rank() != 2 || transA || a.rank() < 2) {
            throw new IllegalArgumentException("matmul: shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " need equal ranks or a rank-2 right operand");
        }
        long[] as = a.shape();
        long k = as[as.length - 1];
        INDArray a2 = flat2(a.value(), k);
        INDArray y2 = Nd4j.matmul(a2, b.value(), null, false, transB, false);
        long[] ys = as.clone();
        ys[ys.length - 1] = y2.size(1);
        INDArray y = y2.reshape(ys);
        return a.tape().record("matmul", y, g -> {
            INDArray g2 = flat2(g, y2.size(1));
            INDArray ga = a.requiresGrad() ? mm(g2, b.value(), false, !transB).reshape(as) : null;
            INDArray gb = b.requiresGrad() ? (!transB ? mm(a2, g2, true, false) : mm(g2, a2, true, false)) : null;
            return new INDArray[] {ga, gb};
        }, a, b);
    }

    /**
     * {@code x W + b} over the last axis: {@code [..., in] x [in, out] + [out]}, one GEMM with the bias added in
     * place (a linear layer, with fewer passes than {@code add(matmul(x, W), b)}).
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        long[] xs = x.shape();
        long in = xs[xs.length - 1];
        if (w.rank() != 2 || w.size(0) != in || b.rank() != 1 || b.size(0) != w.size(1)) {
            throw new IllegalArgumentException("linear: input " + Arrays.toString(xs) + ", weight "
                    + Arrays.toString(w.shape()) + ", bias " + Arrays.toString(b.shape()) + " do not fit");
        }
        long out = w.size(1);
        INDArray x2 = flat2(x.value(), in);
        INDArray y2 = Nd4j.matmul(x2, w.value(), null, false, false, false);
        y2.addiRowVector(b.value());
        long[] ys = xs.clone();
        ys[ys.length - 1] = out;
        return x.tape().record("linear", y2.reshape(ys), g -> {
            INDArray g2 = flat2(g, out);
            return new INDArray[] {
                    x.requiresGrad() ? mm(g2, w.value(), false, true).reshape(xs) : null,
                    w.requiresGrad() ? mm(x2, g2, true, false) : null,
                    b.requiresGrad() ? g2.sum(0) : null};
        }, x, w, b);
    }

    private static INDArray mm(INDArray x, INDArray y, boolean tx, boolean ty) {
        return Nd4j.matmul(x, y, null, tx, ty, false);
    }

    private static INDArray flat2(INDArray x, long cols) {
        INDArray c = x.ordering() == 'c' && !x.isView() ? x : x.dup('c');
        return c.reshape(c.length() / cols, cols);
    }

    // ---- shape -------------------------------------------------------------------------------------------

    /** The same elements in a new shape (row-major order). */
    public static Tensor reshape(Tensor a, long... shape) {
        INDArray v = a.value();
        INDArray y = (v.ordering() == 'c' && !v.isView() ? v : v.dup('c')).reshape(shape);
        return a.tape().record("reshape", y, g -> new INDArray[] {g.dup('c').reshape(a.shape())}, a);
    }

    /** Axes reordered: output axis {@code i} is input axis {@code dims[i]}. */
    public static Tensor permute(Tensor a, int... dims) {
        int[] inverse = new int[dims.length];
        for (int i = 0; i < dims.length; i++) inverse[dims[i]] = i;
        INDArray y = a.value().permute(dims).dup('c');
        return a.tape().record("permute", y, g -> new INDArray[] {g.permute(inverse).dup('c')}, a);
    }

    /** {@code [B, T, H*D] -> [B, H, T, D]}: the heads of multi-head attention. */
    public static Tensor splitHeads(Tensor x, int heads) {
        long[] s = x.shape();
        if (s.length != 3 || s[2] % heads != 0) {
            throw new IllegalArgumentException("splitHeads: need [B, T, C] with C divisible by " + heads + ", got "
                    + Arrays.toString(s));
        }
        return permute(reshape(x, s[0], s[1], heads, s[2] / heads), 0, 2, 1, 3);
    }

    /** {@code [B, H, T, D] -> [B, T, H*D]}, the inverse of {@link #splitHeads}. */
    public static Tensor mergeHeads(Tensor x) {
        long[] s = x.shape();
        if (s.length != 4) {
            throw new IllegalArgumentException("mergeHeads: need [B, H, T, D], got " + Arrays.toString(s));
        }
        return reshape(permute(x, 0, 2, 1, 3), s[0], s[2], s[1] * s[3]);
    }

    // ---- lookups -----------------------------------------------------------------------------------------

    /**
     * Rows of {@code table} ({@code [V, C]}) picked by integer {@code ids} of any shape: output {@code ids.shape
     * + [C]}. The gradient is scattered back with {@code scatter_add}, so a repeated id sums its gradients.
     */
    public static Tensor embedding(Tensor table, INDArray ids) {
        if (table.rank() != 2) {
            throw new IllegalArgumentException("embedding: the table must be [V, C], got "
                    + Arrays.toString(table.shape()));
        }
        if (ids.dataType().isFPType()) {
            throw new IllegalArgumentException("embedding: ids must be integers, got " + ids.dataType());
        }
        INDArray y = Nd4j.exec(new Gather(table.value(), ids, 0))[0];
        return table.tape().record("embedding", y, g -> {
            INDArray gt = table.value().ulike().assign(0);
            long c = table.size(1);
            Nd4j.exec(DynamicCustomOp.builder("scatter_add")
                    .addInputs(gt, ids.reshape(ids.length()), g.dup('c').reshape(ids.length(), c))
                    .addOutputs(gt).build());
            return new INDArray[] {gt};
        }, table);
    }

    // ---- normalisation -----------------------------------------------------------------------------------

    /**
     * Layer normalisation over the last axis: {@code (x - mean) / sqrt(var + eps) * gamma + beta}, {@code var}
     * the biased variance (PyTorch's {@code nn.LayerNorm}); {@code gamma}, {@code beta} are {@code [C]}.
     */
    public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps) {
        int last = x.rank() - 1;
        INDArray xv = x.value();
        INDArray xhat = Broadcast.sub(xv, xv.mean(true, last)); // centred here, normalised in place below
        INDArray var = xhat.mul(xhat).mean(true, last);
        INDArray rstd = Transforms.pow(var.addi(eps), -0.5, false);
        Broadcast.muli(xhat, rstd);
        INDArray y = Broadcast.addi(Broadcast.mul(xhat, gamma.value()), beta.value());
        return x.tape().record("layerNorm", y, g -> {
            INDArray gx = null;
            if (x.requiresGrad()) {
                // rstd (gh - mean(gh) - xhat mean(gh xhat)), gh = g gamma
                INDArray gh = Broadcast.mul(g, gamma.value());
                INDArray m1 = gh.mean(true, last);
                INDArray m2 = gh.mul(xhat).mean(true, last);
                INDArray t = Broadcast.mul(xhat, m2);
                gx = Broadcast.muli(Broadcast.subi(Broadcast.subi(gh, m1), t), rstd);
            }
            return new INDArray[] {gx,
                    gamma.requiresGrad() ? Broadcast.sumTo(g.mul(xhat), gamma.shape()) : null,
                    beta.requiresGrad() ? Broadcast.sumTo(g, beta.shape()) : null};
        }, x, gamma, beta);
    }

    /** RMS normalisation over the last axis: {@code x / sqrt(mean(x^2) + eps) * gamma}. */
    public static Tensor rmsNorm(Tensor x, Tensor gamma, double eps) {
        int last = x.rank() - 1;
        INDArray xv = x.value();
        INDArray rinv = Transforms.pow(xv.mul(xv).mean(true, last).addi(eps), -0.5, false);
        INDArray xhat = Broadcast.mul(xv, rinv);
        INDArray y = Broadcast.mul(xhat, gamma.value());
        return x.tape().record("rmsNorm", y, g -> {
            INDArray gx = null;
            if (x.requiresGrad()) {
                INDArray gh = Broadcast.mul(g, gamma.value());
                INDArray m = gh.mul(xhat).mean(true, last);
                gx = Broadcast.mul(Broadcast.sub(gh, Broadcast.mul(xhat, m)), rinv);
            }
            return new INDArray[] {gx, gamma.requiresGrad() ? Broadcast.sumTo(g.mul(xhat), gamma.shape()) : null};
        }, x, gamma);
    }

    // ---- activations -------------------------------------------------------------------------------------

    /**
     * GELU. {@code exact}: {@code x Phi(x)} with the normal CDF through {@code erf} (PyTorch's default);
     * otherwise the tanh form {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} (GPT-2's).
     */
    public static Tensor gelu(Tensor x, boolean exact) {
        INDArray xv = x.value();
        if (exact) {
            INDArray phi = Nd4j.exec(new Erf(xv.mul(INV_SQRT_2))).addi(1).muli(0.5);
            INDArray y = xv.mul(phi);
            return x.tape().record("gelu", y, g -> {
                // d/dx x Phi(x) = Phi(x) + x phi(x), phi the normal density
                INDArray pdf = Transforms.exp(xv.mul(xv).muli(-0.5), false).muli(INV_SQRT_2PI);
                return new INDArray[] {g.mul(pdf.muli(xv).addi(phi))};
            }, x);
        }
        // 0.5 (1 + tanh(u)) = sigmoid(2u): y = x sigmoid(a), a = 2u = x (2k + 2kc x^2), k = sqrt(2/pi); fewer
        // passes over memory than the tanh form written out
        INDArray x2 = xv.mul(xv);
        INDArray s = Transforms.sigmoid(x2.mul(2 * SQRT_2_OVER_PI * GELU_C).addi(2 * SQRT_2_OVER_PI).muli(xv), false);
        INDArray y = xv.mul(s);
        return x.tape().record("gelu", y, g -> {
            // dy/dx = s + x s (1 - s) a', a' = 2k + 6kc x^2
            INDArray da = x2.mul(6 * SQRT_2_OVER_PI * GELU_C).addi(2 * SQRT_2_OVER_PI);
            INDArray d = s.rsub(1).muli(s).muli(xv).muli(da).addi(s);
            return new INDArray[] {g.mul(d)};
        }, x);
    }

    /** SiLU (swish): {@code x sigmoid(x)}. */
    public static Tensor silu(Tensor x) {
        INDArray xv = x.value();
        INDArray s = Transforms.sigmoid(xv, true);
        INDArray y = xv.mul(s);
        return x.tape().record("silu", y, g -> {
            INDArray d = s.rsub(1).muli(xv).addi(1).muli(s); // s (1 + x (1 - s))
            return new INDArray[] {g.mul(d)};
        }, x);
    }

    // ---- softmax and losses ------------------------------------------------------------------------------

    /**
     * Softmax along {@code axis}. {@code mask}, when not null, is added to the logits first (broadcast): 0 keeps
     * a position, {@link #MASKED} removes it (its probability is exactly 0 and it gets no gradient).
     */
    public static Tensor softmax(Tensor x, int axis, INDArray mask) {
        int ax = axis < 0 ? x.rank() + axis : axis;
        INDArray in = mask == null ? x.value() : Broadcast.add(x.value(), mask);
        INDArray y = Nd4j.exec(new SoftMax(in, in.ulike(), ax))[0];
        return x.tape().record("softmax", y, g -> {
            INDArray dot = g.mul(y).sum(true, ax);
            return new INDArray[] {Broadcast.sub(g, dot).muli(y)}; // sub allocates: g is not ours to change
        }, x);
    }

    /** Log-softmax along {@code axis}, with an additive {@code mask} as in {@link #softmax}. */
    public static Tensor logSoftmax(Tensor x, int axis, INDArray mask) {
        int ax = axis < 0 ? x.rank() + axis : axis;
        INDArray in = mask == null ? x.value() : Broadcast.add(x.value(), mask);
        INDArray y = logSoftmaxValue(in, ax);
        return x.tape().record("logSoftmax", y, g -> {
            INDArray sum = g.sum(true, ax);
            return new INDArray[] {g.sub(Broadcast.mul(Transforms.exp(y, true), sum))};
        }, x);
    }

    private static INDArray logSoftmaxValue(INDArray in, int ax) {
        if (ax == in.rank() - 1) {
            return Nd4j.exec(new LogSoftMax(in, in.ulike()))[0];
        }
        // libnd4j's log_softmax takes its axis badly in this version (STACK.md); write it out
        INDArray max = in.max(true, ax);
        INDArray shifted = Broadcast.sub(in, max);
        INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(true, ax), false);
        return Broadcast.sub(shifted, lse);
    }

    /**
     * Mean cross-entropy of {@code logits} ({@code [..., V]}) against integer {@code targets} ({@code [...]}),
     * skipping positions whose target is {@code ignoreIndex}; a rank-0 tensor (0 when every position is
     * ignored). The mean's divisor stays on the device.
     */
    public static Tensor crossEntropy(Tensor logits, INDArray targets, int ignoreIndex) {
        long v = logits.size(logits.rank() - 1);
        long n = logits.value().length() / v;
        if (targets.length() != n || targets.dataType().isFPType()) {
            throw new IllegalArgumentException("crossEntropy: need " + n + " integer targets for logits "
                    + Arrays.toString(logits.shape()) + ", got " + targets.dataType() + " "
                    + Arrays.toString(targets.shape()));
        }
        DataType dt = logits.dataType();
        INDArray t = targets.reshape(n);
        INDArray validBool = t.neq(ignoreIndex);
        INDArray valid = validBool.castTo(dt).reshape(n, 1);
        INDArray safe = t.mul(validBool.castTo(t.dataType()));
        INDArray oneHot = Nd4j.exec(new OneHot(safe, (int) v, -1, 1.0, 0.0, dt))[0].muli(valid);
        INDArray logp = Nd4j.exec(new LogSoftMax(flat2(logits.value(), v), Nd4j.createUninitialized(dt, n, v)))[0];
        INDArray denom = Transforms.max(valid.sum(), 1.0, false);
        INDArray y = logp.mul(oneHot).sum().negi().divi(denom);
        return logits.tape().record("crossEntropy", y, g -> {
            INDArray coef = g.div(denom);
            INDArray d = Transforms.exp(logp, true).muli(valid).subi(oneHot);
            return new INDArray[] {Broadcast.mul(d, coef).reshape(logits.shape())};
        }, logits);
    }

    // ---- attention helpers -------------------------------------------------------------------------------

    /**
     * Rotary position embedding (the half-split form of GPT-NeoX and LLaMA) of {@code x} {@code [B, H, T, D]}:
     * with {@code x1, x2} the two halves of the last axis, {@code [x1 cos - x2 sin, x2 cos + x1 sin]};
     * {@code cos}, {@code sin} are {@code [T, D/2]} for the positions of the T rows ({@link Rotary}).
     */
    public static Tensor rope(Tensor x, INDArray cos, INDArray sin) {
        long d = x.size(x.rank() - 1);
        if (d % 2 != 0) {
            throw new IllegalArgumentException("rope: the head size must be even, got " + d);
        }
        long h = d / 2;
        INDArray x1 = half(x.value(), 0, h);
        INDArray x2 = half(x.value(), h, d);
        INDArray y = Nd4j.concat(x.rank() - 1, Broadcast.sub(Broadcast.mul(x1, cos), Broadcast.mul(x2, sin)),
                Broadcast.add(Broadcast.mul(x2, cos), Broadcast.mul(x1, sin)));
        return x.tape().record("rope", y, g -> {
            INDArray g1 = half(g, 0, h);
            INDArray g2 = half(g, h, d);
            return new INDArray[] {Nd4j.concat(x.rank() - 1,
                    Broadcast.add(Broadcast.mul(g1, cos), Broadcast.mul(g2, sin)),
                    Broadcast.sub(Broadcast.mul(g2, cos), Broadcast.mul(g1, sin)))};
        }, x);
    }

    private static INDArray half(INDArray x, long from, long to) {
        INDArrayIndex[] idx = new INDArrayIndex[x.rank()];
        Arrays.fill(idx, NDArrayIndex.all());
        idx[idx.length - 1] = NDArrayIndex.interval(from, to);
        return x.get(idx);
    }

    /**
     * Inverted dropout: each element kept with probability {@code 1 - p} and scaled by {@code 1 / (1 - p)}; the
     * mask comes from {@code rng} (an ND4J generator, so a seeded one repeats the masks). {@code p = 0} returns
     * {@code x}.
     */
    public static Tensor dropout(Tensor x, double p, Random rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout: p must lie in [0, 1), got " + p);
        }
        if (p == 0) return x;
        INDArray mask = x.value().ulike();
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1 - p), rng);
        mask.muli(1.0 / (1 - p));
        INDArray y = x.value().mul(mask);
        return x.tape().record("dropout", y, g -> new INDArray[] {g.mul(mask)}, x);
    }
}
