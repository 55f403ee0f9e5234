package io.rlwb.engine.rl;

import io.rlwb.engine.nn.autodiff.Broadcast;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PPO's loss heads as fused tape operations for the device path (ADR 0031): each computes its value and its
 * hand-written gradient with ND4J array ops, so nothing is copied to Java and a CUDA backend computes the same
 * thing. They are the device forms of the heads the host path computes in plain Java
 * ({@link CategoricalMlpPolicy#evaluate}, {@link PpoSurrogate#step}, {@link MlpCritic#fitValues}) and follow
 * the same sub-gradient conventions at ties and clip boundaries, so both paths agree to float rounding. Every
 * operation has a finite-difference test in double precision ({@code LossHeadOpsTest}).
 */
public final class LossHeadOps {
    private LossHeadOps() {}

    /**
     * log pi(a|s) and the entropy of a categorical distribution over {@code logits} ({@code [B, n]}), as one
     * {@code [B, 2]} tensor: column 0 the chosen actions' log-probabilities, column 1 the entropies.
     * {@code d logp_a / dz_j = [j == a] - p_j}; {@code dH / dz_j = -p_j (log p_j + H)}.
     *
     * @param actions {@code [B]} or {@code [B, 1]} action indices (floating point, as a trajectory stores them).
     *     They come from this policy's own sampling; an index outside {@code [0, n)} is not checked here (that
     *     would be a host read) and gives an all-zero one-hot row, i.e. {@code logp = -logsumexp(z)}.
     */
    public static Tensor categorical(Tensor logits, INDArray actions) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("categorical: logits must be [B, n], got " + Arrays.toString(logits.shape()));
        }
        long b = logits.size(0);
        int n = (int) logits.size(1);
        if (actions.length() != b) {
            throw new IllegalArgumentException("categorical: actions must be [" + b + ", 1], got "
                    + Arrays.toString(actions.shape()));
        }
        DataType dt = logits.dataType();
        INDArray z = logits.value();
        INDArray lp = Nd4j.exec(new LogSoftMax(z, z.ulike()))[0];
        INDArray p = Transforms.exp(lp, true);
        INDArray idx = actions.reshape(b).castTo(DataType.INT);
        INDArray oneHot = Nd4j.exec(new OneHot(idx, n, -1, 1.0, 0.0, dt))[0];
        INDArray chosen = lp.mul(oneHot).sum(true, 1); // [B, 1]
        INDArray entropy = p.mul(lp).sum(true, 1).negi(); // [B, 1]
        INDArray y = Nd4j.hstack(chosen, entropy);
        return logits.tape().record("categorical", y, g -> {
            INDArray gl = g.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)).dup(); // [B, 1]
            INDArray gh = g.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2)).dup();
            INDArray dz = oneHot.sub(p).muliColumnVector(gl);
            dz.subi(p.mul(lp.addColumnVector(entropy)).muliColumnVector(gh));
            return new INDArray[] {dz};
        }, logits);
    }

    /**
     * PPO's clipped surrogate {@code mean(max(-A rho, -A clip(rho, 1 - c, 1 + c)))}, {@code rho = exp(logp - old)},
     * a rank-0 tensor. Its gradient per sample is the unclipped branch's {@code -A rho / B} where that branch is
     * the maximum or rho lies inside the clip range (both branches the same function there), zero elsewhere: the
     * host path's rule ({@link PpoSurrogate}).
     *
     * @param logp {@code [B]} log-probabilities under the policy being trained
     * @param oldLogp {@code [B]} under the policy that acted
     * @param adv {@code [B]} advantages (normalised already when configured)
     */
    public static Tensor ppoClip(Tensor logp, INDArray oldLogp, INDArray adv, double clip) {
        long b = logp.value().length();
        if (oldLogp.length() != b || adv.length() != b) {
            throw new IllegalArgumentException("ppoClip: need " + b + " old log-probabilities and advantages, got "
                    + oldLogp.length() + " and " + adv.length());
        }
        DataType dt = logp.dataType();
        INDArray x = logp.value().reshape(b);
        INDArray a = adv.reshape(b).castTo(dt);
        INDArray ratio = Transforms.exp(x.sub(oldLogp.reshape(b).castTo(dt)), false);
        INDArray unclipped = ratio.mul(a).negi();
        INDArray clipped = Transforms.min(Transforms.max(ratio, 1 - clip, true), 1 + clip, false).muli(a).negi();
        INDArray y = Transforms.max(unclipped, clipped, true).mean();
        return logp.tape().record("ppoClip", y, g -> {
            INDArray inRange = ratio.gte(1 - clip).castTo(dt).muli(ratio.lte(1 + clip).castTo(dt));
            INDArray unclippedMax = unclipped.lt(clipped).castTo(dt).rsubi(1); // unclipped >= clipped
            INDArray flows = Transforms.max(inRange, unclippedMax, true);
            INDArray d = Broadcast.mul(unclipped.mul(flows).divi(b), g);
            return new INDArray[] {d.reshape(logp.shape())};
        }, logp);
    }

    /**
     * CleanRL's PPO statistics of one minibatch, left on the device: {@code [approx_kl, old_approx_kl, clipfrac]}
     * with {@code approx_kl = mean((rho - 1) - log rho)}, {@code old_approx_kl = mean(-log rho)},
     * {@code clipfrac = mean(|rho - 1| > c)}.
     */
    public static INDArray ppoStats(INDArray logp, INDArray oldLogp, double clip) {
        long b = logp.length();
        INDArray logRatio = logp.reshape(b).sub(oldLogp.reshape(b).castTo(logp.dataType()));
        INDArray ratio = Transforms.exp(logRatio, true);
        INDArray kl = ratio.sub(1).subi(logRatio).mean().reshape(1);
        INDArray oldKl = logRatio.mean().negi().reshape(1);
        INDArray frac = Transforms.abs(ratio.sub(1), false).gt(clip).castTo(logp.dataType()).mean().reshape(1);
        return Nd4j.concat(0, kl, oldKl, frac);
    }

    /**
     * PPO's value loss, a rank-0 tensor. Unclipped ({@code oldValues == null} or {@code clip == 0}):
     * {@code 0.5 mean((v - R)^2)}. Clipped, as CleanRL's ppo.py:
     * {@code 0.5 mean(max((v - R)^2, (old + clamp(v - old, -c, c) - R)^2))}; the gradient follows the larger
     * branch (the unclipped one at ties), and the clipped branch passes gradient only while the clamp is inactive
     * (closed interval, as torch.clamp): the host path's rule ({@link MlpCritic#fitValues}).
     *
     * @param v {@code [B]} values
     * @param returns {@code [B]} targets
     */
    public static Tensor valueLoss(Tensor v, INDArray returns, INDArray oldValues, double clip) {
        if (!(clip >= 0)) {
            throw new IllegalArgumentException("clip must be >= 0, got " + clip);
        }
        long b = v.value().length();
        if (returns.length() != b) {
            throw new IllegalArgumentException("returns must have " + b + " values, got " + Arrays.toString(returns.shape()));
        }
        DataType dt = v.dataType();
        INDArray x = v.value().reshape(b);
        INDArray err = x.sub(returns.reshape(b).castTo(dt));
        INDArray sq = err.mul(err);
        if (clip == 0) {
            INDArray y = sq.mean().muli(0.5);
            return v.tape().record("valueLoss", y, g -> new INDArray[] {
                Broadcast.mul(err.div(b), g).reshape(v.shape())}, v);
        }
        if (oldValues == null || oldValues.length() != b) {
            throw new IllegalArgumentException("oldValues must have " + b + " values when clip > 0, got "
                    + (oldValues == null ? "none" : Arrays.toString(oldValues.shape())));
        }
        INDArray old = oldValues.reshape(b).castTo(dt);
        INDArray delta = x.sub(old);
        INDArray errC = Transforms.min(Transforms.max(delta, -clip, true), clip, false).addi(old)
                .subi(returns.reshape(b).castTo(dt));
        INDArray sqC = errC.mul(errC);
        INDArray y = Transforms.max(sq, sqC, true).mean().muli(0.5);
        return v.tape().record("valueLoss", y, g -> {
            INDArray takeUnclipped = sq.lt(sqC).castTo(dt).rsubi(1); // sq >= sqC
            INDArray inside = delta.gte(-clip).castTo(dt).muli(delta.lte(clip).castTo(dt));
            INDArray d = err.mul(takeUnclipped).addi(errC.mul(takeUnclipped.rsub(1)).muli(inside)).divi(b);
            return new INDArray[] {Broadcast.mul(d, g).reshape(v.shape())};
        }, v);
    }

    /**
     * A vector critic's value loss ({@link io.rlwb.engine.rl.vector.MlpVectorCritic}, C-MORL), a rank-0 tensor:
     * {@code 0.5 mean_i sum_j w_j (v_ij - R_ij)^2} with per-objective weights {@code w_j = 1 / s_j^2}.
     * {@code d / dv_ij = w_j (v_ij - R_ij) / B}. The device form of the critic's host loss, the same formula.
     *
     * @param v {@code [B, k]} values, one column per objective
     * @param returns {@code [B, k]} (or {@code [B * k]} row-major) targets
     * @param weights {@code [k]} per-objective weights
     */
    public static Tensor vectorValueLoss(Tensor v, INDArray returns, INDArray weights) {
        if (v.rank() != 2) {
            throw new IllegalArgumentException("vectorValueLoss: values must be [B, k], got " + Arrays.toString(v.shape()));
        }
        long b = v.size(0);
        long k = v.size(1);
        if (returns.length() != b * k || weights.length() != k) {
            throw new IllegalArgumentException("vectorValueLoss: need " + b + " x " + k + " returns and " + k
                    + " weights, got " + Arrays.toString(returns.shape()) + " and " + Arrays.toString(weights.shape()));
        }
        DataType dt = v.dataType();
        INDArray w = weights.reshape(1, k).castTo(dt);
        INDArray err = v.value().sub(returns.reshape(b, k).castTo(dt));
        INDArray weighted = err.mulRowVector(w); // w_j (v_ij - R_ij)
        INDArray y = weighted.mul(err).sum().muli(0.5 / b);
        return v.tape().record("vectorValueLoss", y, g -> new INDArray[] {Broadcast.mul(weighted.div(b), g)}, v);
    }
}
