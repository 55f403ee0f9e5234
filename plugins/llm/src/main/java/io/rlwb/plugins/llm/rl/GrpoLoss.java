package io.rlwb.plugins.llm.rl;

import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * GRPO's clipped surrogate with an optional KL penalty to a frozen reference, as TRL's {@code GRPOTrainer}
 * computes it, as one fused tape operation with a hand-written gradient.
 *
 * <p>Per completion token {@code (b, t)} with log-probability {@code x} under the policy being trained,
 * {@code o} under the policy that generated it, {@code r} under the reference, and advantage {@code A}:
 * <pre>
 *   rho = exp(x - o)                                  (token level, TRL's default)
 *   rho = exp(sum_t m (x - o) / sum_t m)               (sequence level: GSPO, one ratio per completion)
 *   L   = -min(rho A, clip(rho, 1 - epsLow, 1 + epsHigh) A) + beta k3,   k3 = exp(r - x) - (r - x) - 1
 * </pre>
 * The per-token losses are averaged by {@link LossType}: {@code grpo} (mean over each completion, then over
 * completions), {@code bnpo} (sum over active tokens / active tokens), {@code dr_grpo} (sum / (B * max completion
 * length)) and {@code dapo} (sum / active tokens of the whole accumulated batch). With {@code maskTruncated},
 * completions the length limit cut (no {@code <eos>}) are left out (DAPO's overlong filtering).
 *
 * <p>Clip accounting (TRL's): a token is low-clipped when {@code rho < 1 - epsLow} and {@code A < 0}, high-clipped
 * when {@code rho > 1 + epsHigh} and {@code A > 0}; exactly those tokens get no surrogate gradient. The ratios are
 * reported as means over active tokens.
 *
 * <p>Gradient with respect to {@code x}: at token level {@code dL/dx = -A rho [not clipped] + beta (1 - exp(r - x))};
 * at sequence level the surrogate part couples a completion's tokens, {@code d/dx_{bt'} = -rho_b (sum_t w_bt A_bt
 * [not clipped]) m_bt' / len_b}. With one optimisation step per generation batch {@code x = o}, so {@code rho = 1}
 * and (beta = 0) the loss is {@code -mean A}, which is ~0 for group-normalised advantages while the gradient
 * {@code -A grad x} is not.
 */
public final class GrpoLoss {
    /** How per-token losses are averaged (TRL's {@code loss_type}). */
    public enum LossType {
        GRPO, BNPO, DR_GRPO, DAPO;

        /** {@code "grpo"}, {@code "bnpo"}, {@code "dr_grpo"}, {@code "dapo"} (TRL's spelling). */
        public static LossType parse(String s) {
            for (LossType t : values()) {
                if (t.key().equals(s)) return t;
            }
            throw new IllegalArgumentException("grpo parameter 'lossType' must be one of grpo, bnpo, dr_grpo, dapo;"
                    + " got '" + s + "'");
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Importance-ratio level (TRL's {@code importance_sampling_level}). */
    public enum RatioLevel {
        TOKEN, SEQUENCE;

        public static RatioLevel parse(String s) {
            for (RatioLevel t : values()) {
                if (t.name().toLowerCase(Locale.ROOT).equals(s)) return t;
            }
            throw new IllegalArgumentException("grpo parameter 'ratioLevel' must be token or sequence; got '" + s
                    + "'");
        }
    }

    /**
     * @param lossType token averaging (TRL default {@code dapo})
     * @param epsLow lower clip range, {@code rho >= 1 - epsLow} (TRL default 0.2)
     * @param epsHigh upper clip range, {@code rho <= 1 + epsHigh} (TRL default 0.2; DAPO uses 0.28)
     * @param beta weight of the k3 KL term (TRL default 0: no reference model needed)
     * @param level token or sequence (GSPO) ratios
     * @param maskTruncated leave completions without {@code <eos>} out of the loss
     */
    public record Config(LossType lossType, double epsLow, double epsHigh, double beta, RatioLevel level,
            boolean maskTruncated) {
        public Config {
            if (!(epsLow >= 0 && epsLow < 1)) {
                throw new IllegalArgumentException("grpo parameter 'epsLow' must lie in [0, 1), got " + epsLow);
            }
            if (!(epsHigh >= 0)) {
                throw new IllegalArgumentException("grpo parameter 'epsHigh' must be >= 0, got " + epsHigh);
            }
            if (!(beta >= 0)) {
                throw new IllegalArgumentException("grpo parameter 'beta' must be >= 0, got " + beta);
            }
        }

        /** TRL's defaults: dapo, eps 0.2 / 0.2, beta 0, token ratios, truncated completions kept. */
        public static Config defaults() {
            return new Config(LossType.DAPO, 0.2, 0.2, 0.0, RatioLevel.TOKEN, false);
        }
    }

    /**
     * What one loss evaluation measured (means over active tokens; TRL's {@code clip_ratio/*} and {@code kl}).
     *
     * @param ratio per-token importance ratio {@code [B, T]} (the sequence ratio repeated at sequence level)
     */
    public record Stats(double clipLow, double clipHigh, double clipRegion, double kl, double activeTokens,
            INDArray ratio) {}

    /** The scalar loss on the tape and its statistics. */
    public record Result(Tensor loss, Stats stats) {}

    private final Config config;

    public GrpoLoss(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /**
     * The loss of one (micro-)batch.
     *
     * @param logp {@code [B, T]} log-probabilities under the policy being trained (0 off the completion)
     * @param oldLogp {@code [B, T]} log-probabilities under the policy that generated the completions
     * @param refLogp {@code [B, T]} log-probabilities under the frozen reference; may be null when beta = 0
     * @param advantages {@code [B, T]} per-token advantages (constant along a row for GRPO)
     * @param mask {@code [B, T]} 1 on completion tokens
     * @param finished per completion: ended with {@code <eos>}
     * @param maxCompletionLength generation budget in tokens ({@code dr_grpo}'s normaliser)
     * @param dapoTokens active tokens of the whole accumulated batch ({@code dapo}'s normaliser); {@code <= 0} for
     *     this batch's own
     */
    public Result compute(Tensor logp, INDArray oldLogp, INDArray refLogp, INDArray advantages, INDArray mask,
            boolean[] finished, int maxCompletionLength, double dapoTokens) {
        INDArray x = logp.value();
        long b = x.size(0);
        long t = x.size(1);
        DataType dt = x.dataType();
        for (INDArray a : new INDArray[] {oldLogp, advantages, mask}) {
            if (!Arrays.equals(a.shape(), x.shape())) {
                throw new IllegalArgumentException("grpo loss: expected [" + b + ", " + t + "] arrays, got "
                        + Arrays.toString(a.shape()));
            }
        }
        if (finished.length != b) {
            throw new IllegalArgumentException("grpo loss: " + finished.length + " finished flags for " + b
                    + " completions");
        }
        if (config.beta() > 0 && refLogp == null) {
            throw new IllegalArgumentException("grpo parameter 'beta' = " + config.beta()
                    + " needs a reference policy wired");
        }
        INDArray m = mask.castTo(dt);
        if (config.maskTruncated()) {
            double[] keep = new double[(int) b];
            for (int i = 0; i < b; i++) keep[i] = finished[i] ? 1 : 0;
            m = m.mulColumnVector(Nd4j.createFromArray(keep).castTo(dt).reshape(b, 1));
        }
        INDArray a = advantages.castTo(dt);
        INDArray len = Transforms.max(m.sum(true, 1), 1.0); // [B, 1]
        double active = m.sumNumber().doubleValue();
        INDArray logRatio = x.sub(oldLogp.castTo(dt)).muli(m);
        INDArray rho;
        if (config.level() == RatioLevel.TOKEN) {
            rho = Transforms.exp(logRatio, true);
        } else {
            INDArray seq = Transforms.exp(logRatio.sum(true, 1).divi(len), true); // [B, 1]
            rho = Nd4j.zeros(dt, b, t).addiColumnVector(seq);
        }
        double lo = 1 - config.epsLow();
        double hi = 1 + config.epsHigh();
        INDArray lowClipped = rho.lt(lo).castTo(dt).muli(a.lt(0).castTo(dt)).muli(m);
        INDArray highClipped = rho.gt(hi).castTo(dt).muli(a.gt(0).castTo(dt)).muli(m);
        INDArray notClipped = lowClipped.add(highClipped).rsubi(1);
        INDArray clippedRho = Transforms.min(Transforms.max(rho, lo, true), hi, true);
        INDArray surrogate = Transforms.min(rho.mul(a), clippedRho.muli(a), true);
        INDArray perToken = surrogate.negi();
        INDArray k3 = null;
        if (refLogp != null) {
            INDArray d = refLogp.castTo(dt).sub(x);
            k3 = Transforms.exp(d, true).subi(d).subi(1).muli(m);
            if (config.beta() > 0) perToken.addi(k3.mul(config.beta()));
        }
        INDArray w = weights(m, len, b, maxCompletionLength, dapoTokens, active);
        INDArray value = perToken.mul(w).sum();
        double denom = Math.max(1, active);
        Stats stats = new Stats(lowClipped.sumNumber().doubleValue() / denom,
                highClipped.sumNumber().doubleValue() / denom,
                lowClipped.add(highClipped).sumNumber().doubleValue() / denom,
                k3 == null ? Double.NaN : k3.sumNumber().doubleValue() / denom, active, rho);
        final INDArray mFinal = m;
        Tensor loss = logp.tape().record("grpoLoss", value, g -> {
            INDArray surrogateCoef = a.mul(notClipped).muli(rho).negi(); // d(-rho A)/d log rho, 0 where clipped
            INDArray dx;
            if (config.level() == RatioLevel.TOKEN) {
                dx = surrogateCoef.muli(w);
            } else {
                INDArray perRow = surrogateCoef.muli(w).sum(true, 1).divi(len); // [B, 1]
                dx = mFinal.mulColumnVector(perRow);
            }
            if (config.beta() > 0) {
                INDArray dk3 = Transforms.exp(refLogp.castTo(dt).sub(x), true).rsubi(1).muli(w).muli(config.beta());
                dx.addi(dk3);
            }
            return new INDArray[] {dx.muli(g.getDouble(0))};
        }, logp);
        return new Result(loss, stats);
    }

    /** Per-token weights {@code w} with {@code loss = sum w L}, by loss type (all 0 off active tokens). */
    private INDArray weights(INDArray m, INDArray len, long b, int maxCompletionLength, double dapoTokens,
            double active) {
        return switch (config.lossType()) {
            case GRPO -> m.divColumnVector(len).divi(b);
            case BNPO -> m.div(Math.max(1, active));
            case DR_GRPO -> {
                if (maxCompletionLength < 1) {
                    throw new IllegalArgumentException("grpo loss type dr_grpo needs maxCompletionLength >= 1, got "
                            + maxCompletionLength);
                }
                yield m.div((double) b * maxCompletionLength);
            }
            case DAPO -> m.div(dapoTokens > 0 ? dapoTokens : Math.max(1, active));
        };
    }
}
