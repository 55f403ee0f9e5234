package io.rlwb.engine.nn.layers;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.Masks;
import io.rlwb.engine.nn.autodiff.Ops;
import io.rlwb.engine.nn.autodiff.Rotary;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small decoder-only language model: token embedding (plus a learned position embedding, or rotary
 * positions inside attention), {@code layers} pre-norm {@link TransformerBlock}s, a final norm and an LM head
 * that is either the token embedding transposed (tied) or its own {@code [width, vocab]} matrix.
 *
 * <p>Parameter names: {@code tok.weight}, {@code pos.weight}, {@code blocks.<i>.*}, {@code norm.*},
 * {@code head.weight} (untied only). Weights start Normal(0, initStd^2) (GPT-2's 0.02 unless configured),
 * residual projections at {@code initStd / sqrt(2 layers)} (GPT-2).
 */
public final class DecoderModel implements Module {
    /** How positions enter the model. */
    public enum Positions { LEARNED, ROTARY }

    /**
     * @param maxLength positions of the learned table (rotary tables grow as needed)
     * @param dropout residual dropout on training tapes
     * @param initStd standard deviation of the initial weight matrices and embeddings (GPT-2: 0.02, a width-768
     *     choice; small models learn recall much sooner near {@code 1/sqrt(width)}, see ADR 0039)
     */
    public record Config(int vocab, int width, int heads, int layers, int mlpHidden, int maxLength,
            Positions positions, boolean tied, Norm.Kind norm, FeedForward.Activation activation, double dropout,
            long seed, DataType dtype, double initStd) {
        /** GPT-2's initial standard deviation, the default. */
        public static final double GPT2_INIT_STD = 0.02;

        public Config {
            if (vocab <= 0 || width <= 0 || heads <= 0 || layers <= 0 || mlpHidden <= 0 || maxLength <= 0) {
                throw new IllegalArgumentException("model sizes must be positive: " + this);
            }
            if (!(initStd > 0) || Double.isInfinite(initStd)) {
                throw new IllegalArgumentException("initStd must be a positive finite number, got " + initStd);
            }
        }

        /** A configuration with GPT-2's initial scale ({@link #GPT2_INIT_STD}). */
        public Config(int vocab, int width, int heads, int layers, int mlpHidden, int maxLength, Positions positions,
                boolean tied, Norm.Kind norm, FeedForward.Activation activation, double dropout, long seed,
                DataType dtype) {
            this(vocab, width, heads, layers, mlpHidden, maxLength, positions, tied, norm, activation, dropout, seed,
                    dtype, GPT2_INIT_STD);
        }

        /** GPT-2 style: learned positions, layer norm, tanh GELU, MLP 4x, no dropout. */
        public static Config gpt(int vocab, int width, int heads, int layers, int maxLength, boolean tied, long seed,
                DataType dtype) {
            return new Config(vocab, width, heads, layers, 4 * width, maxLength, Positions.LEARNED, tied,
                    Norm.Kind.LAYER, FeedForward.Activation.GELU_TANH, 0, seed, dtype);
        }
    }

    private final Config cfg;
    private final Embedding tok;
    private final Embedding pos;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final Norm norm;
    private final Linear head;
    private final Map<String, Parameter> params;

    public DecoderModel(Config cfg) {
        this.cfg = cfg;
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        Random dropRng = Nd4j.getRandomFactory().getNewRandomInstance(cfg.seed() ^ 0x5DEECE66DL);
        double std = cfg.initStd();
        double projStd = std / Math.sqrt(2.0 * cfg.layers());
        tok = new Embedding("tok", cfg.vocab(), cfg.width(), std, rng, cfg.dtype());
        pos = cfg.positions() == Positions.LEARNED
                ? new Embedding("pos", cfg.maxLength(), cfg.width(), std, rng, cfg.dtype()) : null;
        Rotary rotary = cfg.positions() == Positions.ROTARY
                ? new Rotary(cfg.width() / cfg.heads(), 10000, cfg.maxLength(), cfg.dtype()) : null;
        for (int i = 0; i < cfg.layers(); i++) {
            blocks.add(new TransformerBlock("blocks." + i, cfg.width(), cfg.heads(), cfg.mlpHidden(), cfg.norm(),
                    cfg.activation(), rotary, std, projStd, cfg.dropout(), dropRng, rng, cfg.dtype()));
        }
        norm = new Norm("norm", cfg.norm(), cfg.width(), 1e-5, cfg.dtype());
        head = cfg.tied() ? null : new Linear("head", cfg.width(), cfg.vocab(), false, std, rng, cfg.dtype());
        Params p = new Params().addAll(tok);
        if (pos != null) p.addAll(pos);
        for (TransformerBlock b : blocks) p.addAll(b);
        p.addAll(norm);
        if (head != null) p.addAll(head);
        params = p.build();
    }

    /**
     * Logits {@code [B, T, vocab]} for integer token ids {@code [B, T]}. With a cache (inference tape), the ids
     * are the next {@code T} positions after what the cache holds, and the cache advances by {@code T}.
     */
    public Tensor forward(Tape tape, INDArray ids, KvCache cache) {
        if (ids.rank() != 2) {
            throw new IllegalArgumentException("token ids must be [batch, time], got "
                    + java.util.Arrays.toString(ids.shape()));
        }
        long t = ids.size(1);
        long offset = cache == null ? 0 : cache.position();
        if (cache != null) {
            cache.tokens(ids);
        }
        Tensor x = tok.forward(tape, ids);
        if (pos != null) {
            if (offset + t > cfg.maxLength()) {
                throw new IllegalArgumentException("positions up to " + (offset + t) + " exceed the model's "
                        + "learned maxLength " + cfg.maxLength());
            }
            INDArray posIds = Masks.positions(offset, t, DataType.INT).reshape(1, t);
            x = Ops.add(x, pos.forward(tape, posIds));
        }
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).forward(tape, x, cache, i, offset);
        }
        x = norm.forward(tape, x);
        Tensor logits = head == null
                ? Ops.matmul(x, tape.param(tok.table()), false, true)
                : head.forward(tape, x);
        if (cache != null) {
            cache.advance(t);
        }
        return logits;
    }

    /** Mean next-token cross-entropy of {@code ids} against {@code targets} (both {@code [B, T]}). */
    public Tensor loss(Tape tape, INDArray ids, INDArray targets, int ignoreIndex) {
        return Ops.crossEntropy(forward(tape, ids, null), targets, ignoreIndex);
    }

    /** A full KV cache sized for this model. */
    public FullKvCache newCache(long batch, long initialCapacity) {
        return new FullKvCache(cfg.layers(), batch, cfg.heads(), cfg.width() / cfg.heads(), initialCapacity,
                cfg.dtype());
    }

    public Config config() { return cfg; }

    public List<TransformerBlock> blocks() { return List.copyOf(blocks); }

    @Override
    public Map<String, Parameter> namedParameters() { return params; }
}
