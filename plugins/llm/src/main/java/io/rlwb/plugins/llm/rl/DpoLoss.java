package io.rlwb.plugins.llm.rl;

import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Direct preference optimisation and its relatives, as TRL's {@code DPOTrainer} computes them, as one fused tape
 * operation over the per-token log-probabilities of the chosen and the rejected completions of {@code N} pairs.
 *
 * <p>With {@code c = sum_t logp_chosen}, {@code c_ref} likewise under the frozen reference (per-token means instead
 * of sums for {@code ipo}, as TRL does), and the same for the rejected completion,
 * {@code h = (c - c_ref) - (r - r_ref)} and the loss is the mean over pairs of:
 * <pre>
 *   sigmoid  -(1 - eps) log sigmoid(beta h) - eps log sigmoid(-beta h)        (DPO; eps &gt; 0: label-smoothed cDPO)
 *   robust   (-(1 - eps) log sigmoid(beta h) + eps log sigmoid(-beta h)) / (1 - 2 eps)   (provably robust DPO)
 *   hinge    max(0, 1 - beta h)                                             (RSO / SLiC)
 *   ipo      (h - 1 / (2 beta))^2                                           (IPO)
 * </pre>
 * Implicit rewards: {@code rewards/chosen = beta (c - c_ref)}, {@code rewards/rejected = beta (r - r_ref)},
 * {@code rewards/margins} their difference, {@code rewards/accuracies} the share of pairs with a positive margin;
 * {@code logps/chosen} and {@code logps/rejected} the mean summed policy log-probabilities (falling chosen
 * log-probabilities are DPO's "likelihood displacement").
 *
 * <p>With {@code rpoAlpha = a > 0} (TRL's {@code rpo_alpha}; Pang et al. 2024, "Iterative Reasoning Preference
 * Optimization", RPO) the loss adds {@code a * nll}, where {@code nll} is the mean negative log-likelihood of the
 * chosen completions' tokens over all chosen tokens of the batch (TRL's {@code nll_loss}, reported whatever
 * {@code a}): a supervised term on the preferred answers that keeps DPO from lowering their likelihood.
 */
public final class DpoLoss {
    /** TRL's {@code loss_type}. */
    public enum LossType {
        SIGMOID, ROBUST, HINGE, IPO;

        public static LossType parse(String s) {
            for (LossType t : values()) {
                if (t.name().toLowerCase(Locale.ROOT).equals(s)) return t;
            }
            throw new IllegalArgumentException("dpo parameter 'lossType' must be one of sigmoid, robust, hinge, ipo;"
                    + " got '" + s + "'");
        }
    }

    /**
     * @param lossType which loss
     * @param beta inverse temperature (TRL default 0.1)
     * @param labelSmoothing eps, the assumed probability that a label is flipped (sigmoid and robust; default 0)
     * @param rpoAlpha weight of the chosen completions' NLL added to the loss (TRL's {@code rpo_alpha}; 0 = none)
     */
    public record Config(LossType lossType, double beta, double labelSmoothing, double rpoAlpha) {
        public Config {
            if (!(rpoAlpha >= 0)) {
                throw new IllegalArgumentException("dpo parameter 'rpoAlpha' must be >= 0, got " + rpoAlpha);
            }
            if (!(beta > 0)) {
                throw new IllegalArgumentException("dpo parameter 'beta' must be > 0, got " + beta);
            }
            if (!(labelSmoothing >= 0 && labelSmoothing < 0.5)) {
                throw new IllegalArgumentException("dpo parameter 'labelSmoothing' must lie in [0, 0.5), got "
                        + labelSmoothing);
            }
            if (labelSmoothing > 0 && (lossType == LossType.HINGE || lossType == LossType.IPO)) {
                throw new IllegalArgumentException("dpo parameter 'labelSmoothing' applies to sigmoid and robust "
                        + "losses only, got " + labelSmoothing + " with " + lossType);
            }
        }

        /** Without the RPO term. */
        public Config(LossType lossType, double beta, double labelSmoothing) {
            this(lossType, beta, labelSmoothing, 0);
        }
    }

    /** TRL's metrics of one batch (means over pairs). */
    public record Stats(double rewardsChosen, double rewardsRejected, double rewardsMargins, double rewardsAccuracies,
            double logpsChosen, double logpsRejected, double nllLoss) {}

    public record Result(Tensor loss, Stats stats) {}

    private final Config config;

    public DpoLoss(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /**
     * @param chosen {@code [N, T]} policy log-probabilities of the chosen completions' tokens (0 off the completion)
     * @param rejected {@code [N, T']} the same for the rejected completions
     * @param refChosen {@code [N, T]} reference log-probabilities of the chosen tokens
     * @param refRejected {@code [N, T']} reference log-probabilities of the rejected tokens
     * @param chosenMask {@code [N, T]} 1 on chosen completion tokens
     * @param rejectedMask {@code [N, T']} 1 on rejected completion tokens
     */
    public Result compute(Tensor chosen, Tensor rejected, INDArray refChosen, INDArray refRejected,
            INDArray chosenMask, INDArray rejectedMask) {
        DataType dt = chosen.dataType();
        long n = chosen.size(0);
        check("chosen", chosen.value(), refChosen, chosenMask);
        check("rejected", rejected.value(), refRejected, rejectedMask);
        if (rejected.size(0) != n) {
            throw new IllegalArgumentException("dpo loss: " + n + " chosen and " + rejected.size(0)
                    + " rejected completions");
        }
        INDArray cm = chosenMask.castTo(dt);
        INDArray rm = rejectedMask.castTo(dt);
        // per-sequence scale: 1 (sums) or 1 / length (ipo's means)
        INDArray cs = config.lossType() == LossType.IPO ? Transforms.max(cm.sum(true, 1), 1.0).rdivi(1)
                : Nd4j.ones(dt, n, 1);
        INDArray rs = config.lossType() == LossType.IPO ? Transforms.max(rm.sum(true, 1), 1.0).rdivi(1)
                : Nd4j.ones(dt, n, 1);
        INDArray cDelta = chosen.value().sub(refChosen.castTo(dt)).muli(cm).sum(true, 1).muli(cs); // [N, 1]
        INDArray rDelta = rejected.value().sub(refRejected.castTo(dt)).muli(rm).sum(true, 1).muli(rs);
        INDArray h = cDelta.sub(rDelta);
        double beta = config.beta();
        double eps = config.labelSmoothing();
        INDArray bh = h.mul(beta);
        INDArray loss;
        INDArray dLdh;
        switch (config.lossType()) {
            case SIGMOID -> {
                loss = logSigmoid(bh).muli(-(1 - eps)).subi(logSigmoid(bh.neg()).muli(eps));
                dLdh = Transforms.sigmoid(bh.neg(), true).muli(-(1 - eps) * beta)
                        .addi(Transforms.sigmoid(bh, true).muli(eps * beta));
            }
            case ROBUST -> {
                double z = 1 - 2 * eps;
                loss = logSigmoid(bh).muli(-(1 - eps)).addi(logSigmoid(bh.neg()).muli(eps)).divi(z);
                dLdh = Transforms.sigmoid(bh.neg(), true).muli(-(1 - eps) * beta)
                        .subi(Transforms.sigmoid(bh, true).muli(eps * beta)).divi(z);
            }
            case HINGE -> {
                INDArray slack = bh.rsub(1);
                INDArray on = slack.gt(0).castTo(dt);
                loss = slack.mul(on);
                dLdh = on.mul(-beta);
            }
            case IPO -> {
                INDArray d = h.sub(1 / (2 * beta));
                loss = d.mul(d);
                dLdh = d.mul(2);
            }
            default -> throw new IllegalStateException();
        }
        INDArray rc = cDelta.mul(beta);
        INDArray rr = rDelta.mul(beta);
        // RPO: mean NLL over every chosen token of the batch
        double chosenTokens = Math.max(1, cm.sumNumber().doubleValue());
        double nll = -chosen.value().mul(cm).sumNumber().doubleValue() / chosenTokens;
        double alpha = config.rpoAlpha();
        Stats stats = new Stats(rc.meanNumber().doubleValue(), rr.meanNumber().doubleValue(),
                rc.sub(rr).meanNumber().doubleValue(), rc.gt(rr).castTo(dt).meanNumber().doubleValue(),
                chosen.value().mul(cm).sum(1).meanNumber().doubleValue(),
                rejected.value().mul(rm).sum(1).meanNumber().doubleValue(), nll);
        INDArray value = loss.mean();
        if (alpha > 0) value.addi(alpha * nll);
        final INDArray perPair = dLdh.divi(n); // d mean / d h
        Tensor out = chosen.tape().record("dpoLoss", value, g -> {
            double s = g.getDouble(0);
            INDArray dc = cm.mulColumnVector(perPair.mul(cs).muli(s));
            if (alpha > 0) dc.subi(cm.mul(alpha * s / chosenTokens));
            INDArray dr = rm.mulColumnVector(perPair.mul(rs).muli(-s));
            return new INDArray[] {dc, dr};
        }, chosen, rejected);
        return new Result(out, stats);
    }

    /** {@code log sigmoid(x) = -softplus(-x)}, stable for large |x|. */
    private static INDArray logSigmoid(INDArray x) {
        return Transforms.softPlus(x.neg(), true).negi();
    }

    private static void check(String what, INDArray logp, INDArray ref, INDArray mask) {
        if (!Arrays.equals(logp.shape(), ref.shape()) || !Arrays.equals(logp.shape(), mask.shape())) {
            throw new IllegalArgumentException("dpo loss: " + what + " log-probabilities " + Arrays.toString(logp
                    .shape()) + ", reference " + Arrays.toString(ref.shape()) + " and mask "
                    + Arrays.toString(mask.shape()) + " must have the same shape");
        }
    }
}
