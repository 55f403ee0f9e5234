package io.rlwb.plugins.distributional;

import io.rlwb.engine.nn.autodiff.Broadcast;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The distributional critics' losses for the device path (ADR 0031's pattern, ADR 0035): the targets (C51's
 * projection, HL-Gauss's histogram) and the losses with their hand-written gradients as ND4J ops, so nothing per
 * sample is copied to Java. They are the device forms of {@link C51#project}, {@link C51#crossEntropy},
 * {@link HlGauss#loss}, {@link QuantileHuber#loss} and {@link GaussianCritic#nll}, with the same formulas and the
 * same conventions at ties, so both paths agree to rounding. Every operation with a gradient has a
 * finite-difference test in double precision ({@code DistributionalLossOpsTest}).
 */
final class DistributionalLossOps {
    private DistributionalLossOps() {}

    /**
     * The mean over rows of {@code -sum_k t_k log softmax(z)_k}, the softmax taken over each group of {@code k}
     * consecutive columns: {@code logits} {@code [B, G k]}, {@code target} the same shape (a group whose target is
     * all zero adds nothing). Rank 0. Gradient per group: {@code ((sum_k t_k) softmax(z) - t) / B}, which is the
     * host heads' {@code (p - t) / B} for a target that sums to one.
     */
    static Tensor crossEntropy(Tensor logits, INDArray target, int k) {
        long b = logits.size(0);
        if (logits.rank() != 2 || logits.size(1) % k != 0 || !Arrays.equals(target.shape(), logits.shape())) {
            throw new IllegalArgumentException("crossEntropy: logits [B, G*" + k + "] and a target of the same shape, got "
                    + Arrays.toString(logits.shape()) + " and " + Arrays.toString(target.shape()));
        }
        DataType dt = logits.dataType();
        long rows = logits.value().length() / k;
        INDArray z = logits.value().dup('c').reshape(rows, k);
        INDArray lp = Nd4j.exec(new LogSoftMax(z, z.ulike()))[0];
        INDArray t = target.castTo(dt).dup('c').reshape(rows, k);
        INDArray y = t.mul(lp).sum().negi().divi(b);
        return logits.tape().record("distributionalCrossEntropy", y, g -> {
            INDArray d = Transforms.exp(lp, true).muliColumnVector(t.sum(true, 1)).subi(t).divi(b);
            return new INDArray[] {Broadcast.mul(d, g).reshape(logits.shape())};
        }, logits);
    }

    /**
     * HL-Gauss's target histograms of the returns {@code y} ({@code [B]}) over {@code hl}'s bins, {@code [B, K]}
     * of type {@code dt}: {@link HlGauss#target} row by row (returns clipped into the support first).
     */
    static INDArray hlGaussTarget(HlGauss hl, INDArray y, DataType dt) {
        double[] e = hl.edges();
        long b = y.length();
        double lo = e[0];
        double hi = e[e.length - 1];
        double s = hl.sigma() * Math.sqrt(2);
        INDArray yc = Transforms.min(Transforms.max(y.reshape(b, 1).castTo(DataType.DOUBLE), lo, true), hi, false);
        INDArray edges = Nd4j.create(e, new long[] {1, e.length}, DataType.DOUBLE);
        INDArray arg = Nd4j.zeros(DataType.DOUBLE, b, e.length).addiRowVector(edges).subiColumnVector(yc).divi(s);
        INDArray erf = Nd4j.exec(new Erf(arg, arg.ulike()));
        INDArray mass = erf.get(NDArrayIndex.all(), NDArrayIndex.interval(1, e.length))
                .sub(erf.get(NDArrayIndex.all(), NDArrayIndex.interval(0, e.length - 1)));
        INDArray z = erf.get(NDArrayIndex.all(), NDArrayIndex.interval(e.length - 1, e.length))
                .sub(erf.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)));
        return mass.diviColumnVector(z).castTo(dt);
    }

    /** The expected values {@code [B]} of the softmax over each row of {@code logits} ({@code [B, K]}) at {@code points}. */
    static INDArray expectation(INDArray logits, double[] points) {
        INDArray z = logits.dup('c');
        INDArray p = Transforms.exp(Nd4j.exec(new LogSoftMax(z, z.ulike()))[0], false);
        INDArray pts = Nd4j.create(points, new long[] {points.length, 1}, DataType.DOUBLE).castTo(logits.dataType());
        return p.mmul(pts).reshape(logits.size(0));
    }

    /**
     * C51's projected targets {@code [B, N]} (no gradient): for next-state probabilities {@code pNext} ({@code [B, N]}),
     * rewards and terminations ({@code [B]}), the mass of atom j lands on the atoms next to
     * {@code b_j = (clamp(r + gamma (1 - d) z_j, vMin, vMax) - vMin) / dz} with weights
     * {@code max(0, 1 - |b_j - i|)}, which is {@link C51#project}'s {@code u - b} and {@code b - l}, and all of it on
     * atom {@code b_j} when {@code b_j} is whole (its {@code l == u} case). One {@code [B N, N]} weight matrix, no
     * scatter.
     */
    static INDArray c51Project(C51 c51, INDArray pNext, INDArray rewards, INDArray terminated, double gamma) {
        DataType dt = pNext.dataType();
        long b = pNext.size(0);
        int n = c51.atoms();
        double[] z = c51.support();
        double vMin = z[0];
        double vMax = z[n - 1];
        double dz = (vMax - vMin) / (n - 1);
        INDArray scale = terminated.reshape(b, 1).castTo(dt).rsub(1).muli(gamma);
        INDArray tz = scale.mmul(Nd4j.create(z, new long[] {1, n}, DataType.DOUBLE).castTo(dt))
                .addiColumnVector(rewards.reshape(b, 1).castTo(dt));
        INDArray pos = Transforms.min(Transforms.max(tz, vMin, false), vMax, false).subi(vMin).divi(dz);
        double[] idx = new double[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        INDArray w = Nd4j.zeros(dt, b * n, n).addiColumnVector(pos.reshape(b * n, 1))
                .subiRowVector(Nd4j.create(idx, new long[] {1, n}, DataType.DOUBLE).castTo(dt));
        w = Transforms.max(Transforms.abs(w, false).rsubi(1), 0, false);
        w.muliColumnVector(pNext.dup('c').reshape(b * n, 1));
        return w.reshape(b, n, n).sum(1);
    }

    /**
     * {@link QuantileHuber#loss} for one target per row: quantiles {@code theta} ({@code [B, N]}) at the midpoints
     * tau, returns {@code y} ({@code [B]}), rank 0: {@code sum_{r,i} |tau_i - [u < 0]| L_kappa(u) / kappa / B} with
     * {@code u = y_r - theta_ri}. Gradient {@code -|tau_i - [u < 0]| L'_kappa(u) / kappa / B}, with
     * {@code L'_kappa(u) = u} for {@code |u| <= kappa}, {@code kappa sign(u)} beyond.
     */
    static Tensor quantileHuber(Tensor theta, INDArray y, double kappa) {
        long b = theta.size(0);
        int n = (int) theta.size(1);
        if (theta.rank() != 2 || y.length() != b) {
            throw new IllegalArgumentException("quantileHuber: quantiles [B, N] and " + b + " returns, got "
                    + Arrays.toString(theta.shape()) + " and " + Arrays.toString(y.shape()));
        }
        DataType dt = theta.dataType();
        INDArray tau = Nd4j.create(QuantileHuber.taus(n), new long[] {1, n}, DataType.DOUBLE).castTo(dt);
        INDArray u = theta.value().neg().addiColumnVector(y.reshape(b, 1).castTo(dt));
        INDArray w = Transforms.abs(u.lt(0).castTo(dt).negi().addiRowVector(tau), false);
        INDArray au = Transforms.abs(u, true);
        INDArray inside = au.lte(kappa).castTo(dt);
        INDArray outside = inside.rsub(1);
        INDArray huber = u.mul(u).muli(0.5).muli(inside).addi(au.sub(0.5 * kappa).muli(kappa).muli(outside));
        INDArray y0 = w.mul(huber).sum().divi(kappa * b);
        return theta.tape().record("quantileHuber", y0, g -> {
            INDArray dh = u.mul(inside).addi(Transforms.sign(u, true).muli(kappa).muli(outside));
            INDArray d = w.mul(dh).negi().divi(kappa * b);
            return new INDArray[] {Broadcast.mul(d, g)};
        }, theta);
    }

    /**
     * {@link TwinQCritic#sigma} of raw values, elementwise: {@code softplus(raw) + SIGMA_FLOOR}, {@code raw} itself
     * above 30.
     */
    static INDArray sigma(INDArray raw) {
        INDArray big = raw.gt(30).castTo(raw.dataType());
        INDArray soft = Transforms.softPlus(Transforms.min(raw, 30, true), false);
        return soft.muli(big.rsub(1)).addi(raw.mul(big)).addi(TwinQCritic.SIGMA_FLOOR);
    }

    /**
     * {@link GaussianCritic#nll}: rows {@code (mu, raw)} ({@code [B, 2]}), returns {@code y} ({@code [B]}), rank 0,
     * {@code mean(0.5 ((y - mu) / sigma)^2 + log sigma)}; gradient {@code -z / sigma / B} for mu and
     * {@code (1 - z^2) / sigma * logistic(raw) / B} for raw.
     */
    static Tensor gaussianNll(Tensor out, INDArray y) {
        long b = out.size(0);
        if (out.rank() != 2 || out.size(1) != 2 || y.length() != b) {
            throw new IllegalArgumentException("gaussianNll: outputs [B, 2] and " + b + " returns, got "
                    + Arrays.toString(out.shape()) + " and " + Arrays.toString(y.shape()));
        }
        DataType dt = out.dataType();
        INDArray mu = out.value().get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1));
        INDArray raw = out.value().get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2));
        INDArray sigma = sigma(raw);
        INDArray z = y.reshape(b, 1).castTo(dt).sub(mu).divi(sigma);
        INDArray y0 = z.mul(z).muli(0.5).addi(Transforms.log(sigma, true)).mean();
        return out.tape().record("gaussianNll", y0, g -> {
            INDArray dMu = z.div(sigma).negi().divi(b);
            INDArray dRaw = z.mul(z).rsubi(1).divi(sigma).muli(Transforms.sigmoid(raw, true)).divi(b);
            return new INDArray[] {Broadcast.mul(Nd4j.hstack(dMu, dRaw), g)};
        }, out);
    }

    /** PyTorch's {@code huber_loss(x, 0, delta)} elementwise: {@code 0.5 x^2} for |x| <= delta, else {@code delta (|x| - 0.5 delta)}. */
    static INDArray huber(INDArray x, double delta) {
        INDArray a = Transforms.abs(x, true);
        INDArray inside = a.lte(delta).castTo(x.dataType());
        return x.mul(x).muli(0.5).muli(inside).addi(a.subi(0.5 * delta).muli(delta).muli(inside.rsub(1)));
    }

    /**
     * DSAC-T's critic loss of one critic ({@link DsacTTrainer#criticLoss}), rank 0:
     * {@code mean(omega (huber(Q - y_mean) + sigma (sigma_d^2 - huber(Q_d - y_b)) / (sigma_d + 0.1)))} over rows
     * {@code out = (Q, raw)} ({@code [B, 2]}), Huber threshold {@link DsacTTrainer#HUBER_DELTA}. {@code yMean},
     * {@code yb}, {@code qD}, {@code sigmaD} and {@code omega} ({@code [B, 1]}) are stopped-gradient inputs, so the
     * gradient is {@code omega huber'(Q - y_mean) / B} for Q and {@code omega spread logistic(raw) / B} for raw.
     */
    static Tensor dsacCritic(Tensor out, INDArray yMean, INDArray yb, INDArray qD, INDArray sigmaD, INDArray omega) {
        long b = out.size(0);
        if (out.rank() != 2 || out.size(1) != 2) {
            throw new IllegalArgumentException("dsacCritic: outputs [B, 2], got " + Arrays.toString(out.shape()));
        }
        DataType dt = out.dataType();
        double delta = DsacTTrainer.HUBER_DELTA;
        INDArray mu = out.value().get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1));
        INDArray raw = out.value().get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2));
        INDArray w = omega.reshape(b, 1).castTo(dt);
        INDArray e = mu.sub(yMean.reshape(b, 1).castTo(dt));
        INDArray sd = sigmaD.reshape(b, 1).castTo(dt);
        INDArray spread = sd.mul(sd).subi(huber(qD.reshape(b, 1).castTo(dt).sub(yb.reshape(b, 1).castTo(dt)), delta))
                .divi(sd.add(DsacTTrainer.BIAS));
        INDArray y0 = huber(e, delta).addi(sigma(raw).muli(spread)).muli(w).mean();
        return out.tape().record("dsacCritic", y0, g -> {
            INDArray inside = Transforms.abs(e, true).lte(delta).castTo(dt);
            INDArray dHuber = e.mul(inside).addi(Transforms.sign(e, true).muli(delta).muli(inside.rsub(1)));
            INDArray dMu = dHuber.muli(w).divi(b);
            INDArray dRaw = spread.mul(w).muli(Transforms.sigmoid(raw, true)).divi(b);
            return new INDArray[] {Broadcast.mul(Nd4j.hstack(dMu, dRaw), g)};
        }, out);
    }
}
