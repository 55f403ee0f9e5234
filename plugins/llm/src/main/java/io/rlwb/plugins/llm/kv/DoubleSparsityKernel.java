package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.layers.DecoderModel;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Double Sparsity (Yang et al. 2024): offline, a calibration set ranks each head's channels by how much they
 * move the attention scores between keys ({@link Ranking#SCORE_VARIANCE}: {@code mean q_c^2 * Var(k_c)}) and
 * keeps the top {@code channels}; at run time a
 * label cache holds just those channels of every key. At each single-token decode step the query's label
 * channels score every cached position approximately ({@code q_label . k_label}), the {@code tokens} best
 * positions per head are picked (the newest always among them), and attention reads the full keys and values of only those (a per-head gather;
 * the view's positions are then per head). Multi-position passes (prefill) attend to everything.
 *
 * <p>Held per layer: keys and values, the label cache {@code [B, H, S, channels]}, and the channel selector (a
 * one-hot {@code [B, H, D, channels]} matrix, metadata) that projects keys and queries onto their labels. The
 * paper quantises the label cache to 4 bits; here it stays in the model's type.
 */
public final class DoubleSparsityKernel extends AbstractKernel {
    /**
     * @param channels label channels per head (the paper: head size / 8, its "group factor")
     * @param tokens positions attended per head per decode step (the paper's heavy_const)
     */
    public record Config(int channels, int tokens) {
        public Config {
            if (channels < 1) throw new IllegalArgumentException("double-sparsity parameter channels: " + channels + " must be positive");
            if (tokens < 1) throw new IllegalArgumentException("double-sparsity parameter tokens: " + tokens + " must be positive");
        }
    }

    /**
     * How the offline calibration ranks a head's channels, from its queries and keys {@code [B, H, T, D]} (after
     * rotary, as attention sees them) on the calibration set.
     */
    public enum Ranking {
        /**
         * {@code mean_t q_c^2 * Var_t(k_c)} (the variance over a sequence's positions, averaged over sequences):
         * the expected variance, across the keys one query scores, of channel {@code c}'s term {@code q_c k_c} of
         * the score. Top-k only needs the scores' <em>differences</em> between keys; a channel whose keys are
         * constant (a key bias, a feature every token shares) adds the same to every key's score and ranks
         * nothing, however large it is. The default (docs/algorithms/kv-double-sparsity.md says why).
         */
        SCORE_VARIANCE,
        /**
         * {@code mean_t |q_c k_c|}, the magnitude ranking of the paper's released calibration (each position's
         * query against its own key). It keeps large constant channels and can miss the ones that rank.
         */
        MAGNITUDE;

        /** Per-head channel scores {@code [H, D]} of one layer's queries and keys {@code [B, H, T, D]}. */
        public INDArray score(INDArray queries, INDArray keys) {
            if (this == MAGNITUDE) {
                return org.nd4j.linalg.ops.transforms.Transforms.abs(queries.mul(keys), false).mean(0, 2);
            }
            return queries.mul(queries).mean(0, 2).muli(keys.var(false, 2).mean(0));
        }
    }

    /** Offline calibration: per layer and head, the label channels (ascending channel index) ({@code [layers][heads][channels]}). */
    public record Calibration(int[][][] channels) {
        /** {@link #of(DecoderModel, INDArray, int, Ranking)} with {@link Ranking#SCORE_VARIANCE}. */
        public static Calibration of(DecoderModel model, INDArray ids, int keep) {
            return of(model, ids, keep, Ranking.SCORE_VARIANCE);
        }

        /**
         * Runs {@code model} over {@code ids} ({@code [B, T]}) and keeps each head's {@code keep} best channels by
         * {@code ranking}, scored on the queries and keys attention sees (after rotary).
         */
        public static Calibration of(DecoderModel model, INDArray ids, int keep, Ranking ranking) {
            KvShape s = KvShape.of(model, ids.size(0));
            checkKeep(keep, s.headDim());
            INDArray[] scores = new INDArray[s.layers()];
            model.forward(Tape.inference(), ids, new Recorder(FullKernel.full(s), ranking, scores));
            return top(scores, keep);
        }

        /**
         * The calibration of recorded activations: per layer, queries and keys {@code [B, H, T, D]} (after rotary).
         */
        public static Calibration fromActivations(INDArray[] queries, INDArray[] keys, int keep, Ranking ranking) {
            if (queries.length != keys.length) {
                throw new IllegalArgumentException("double-sparsity calibration: " + queries.length
                        + " layers of queries, " + keys.length + " of keys");
            }
            INDArray[] scores = new INDArray[queries.length];
            for (int l = 0; l < queries.length; l++) {
                checkKeep(keep, keys[l].size(3));
                scores[l] = ranking.score(queries[l], keys[l]);
            }
            return top(scores, keep);
        }

        private static void checkKeep(int keep, long headDim) {
            if (keep < 1 || keep > headDim) {
                throw new IllegalArgumentException("double-sparsity parameter channels: " + keep
                        + " outside 1.." + headDim + " (the head size)");
            }
        }

        private static Calibration top(INDArray[] scores, int keep) {
            int[][][] out = new int[scores.length][][];
            for (int l = 0; l < scores.length; l++) out[l] = Gathers.topK(scores[l], keep).toIntMatrix(); // [H, keep]
            return new Calibration(out);
        }

        /** Every channel of every head, in order: Double Sparsity then scores exactly. */
        public static Calibration all(KvShape s) {
            int[][][] out = new int[s.layers()][(int) s.heads()][(int) s.headDim()];
            for (int[][] l : out) for (int[] h : l) for (int c = 0; c < h.length; c++) h[c] = c;
            return new Calibration(out);
        }
    }

    /** Passes everything to a full cache and scores every layer's channels by the ranking. */
    private static final class Recorder extends ForwardingKernel {
        private final Ranking ranking;
        private final INDArray[] scores;

        Recorder(KvKernel inner, Ranking ranking, INDArray[] scores) {
            super(inner);
            this.ranking = ranking;
            this.scores = scores;
        }

        @Override
        public View append(int layer, INDArray queries, INDArray keys, INDArray values) {
            scores[layer] = ranking.score(queries, keys);
            return super.append(layer, queries, keys, values);
        }
    }

    private final Config cfg;
    private final DenseStore store;
    private final RowBuffer[] labels;
    private final INDArray[] selectors;

    public DoubleSparsityKernel(KvShape shape, Config cfg, Calibration calibration) {
        super(shape);
        if (cfg.channels() > shape.headDim()) {
            throw new IllegalArgumentException("double-sparsity parameter channels: " + cfg.channels()
                    + " exceeds the head size " + shape.headDim());
        }
        if (calibration.channels().length != shape.layers()) {
            throw new IllegalArgumentException("double-sparsity calibration has " + calibration.channels().length
                    + " layers, the model " + shape.layers());
        }
        this.cfg = cfg;
        store = new DenseStore(shape.layers(), shape);
        labels = new RowBuffer[shape.layers()];
        selectors = new INDArray[shape.layers()];
        for (int l = 0; l < shape.layers(); l++) {
            labels[l] = new RowBuffer(shape.batch(), shape.heads(), cfg.channels(), shape.dtype(), 16);
            selectors[l] = selector(l, calibration.channels()[l]);
        }
    }

    /** One-hot {@code [B, H, D, channels]}: column j of head h picks channel {@code channels[h][j]}. */
    private INDArray selector(int layer, int[][] channels) {
        long h = shape.heads();
        long d = shape.headDim();
        int r = cfg.channels();
        if (channels.length != h) {
            throw new IllegalArgumentException("double-sparsity calibration layer " + layer + " has "
                    + channels.length + " heads, the model " + h);
        }
        double[][][] m = new double[(int) h][(int) d][r];
        for (int hh = 0; hh < h; hh++) {
            if (channels[hh].length < r) {
                throw new IllegalArgumentException("double-sparsity calibration layer " + layer + " head " + hh
                        + " ranks " + channels[hh].length + " channels, fewer than channels = " + r);
            }
            for (int j = 0; j < r; j++) m[hh][channels[hh][j]][j] = 1;
        }
        INDArray one = Nd4j.create(m).castTo(shape.dtype()).reshape(1, h, d, r);
        return Nd4j.concat(0, java.util.Collections.nCopies((int) shape.batch(), one).toArray(new INDArray[0]));
    }

    public Config config() {
        return cfg;
    }

    @Override
    public String name() {
        return "double-sparsity";
    }

    @Override
    public View append(int layer, INDArray keys, INDArray values) {
        throw new IllegalStateException("double-sparsity picks positions by the query: call append(layer, queries, "
                + "keys, values)");
    }

    @Override
    public View append(int layer, INDArray queries, INDArray keys, INDArray values) {
        long t = check(layer, keys);
        store.append(layer, keys, values);
        labels[layer].append(Nd4j.matmul(keys, selectors[layer]));
        long n = store.rows(layer);
        if (t > 1) {
            INDArray[] kv = store.read(layer);
            return new View(kv[0], kv[1], positions(0, n));
        }
        int k = (int) Math.min(cfg.tokens(), n);
        INDArray qLabel = Nd4j.matmul(queries, selectors[layer]); // [B, H, 1, r]
        INDArray approx = Nd4j.matmul(qLabel, labels[layer].view(), null, false, true, false); // [B, H, 1, n]
        INDArray pick = Gathers.topK(Gathers.newestFirst(approx), k); // [B, H, 1, k]
        INDArray[] backing = store.backing(layer);
        bytesRead[layer] = labels[layer].bytes() + selectors[layer].length() * selectors[layer].dataType().width()
                + k * store.rowBytes(layer);
        return new View(Gathers.rows(backing[0], pick), Gathers.rows(backing[1], pick),
                pick.reshape(shape.batch(), shape.heads(), k).castTo(shape.dtype()));
    }

    @Override
    public KvLedger ledger() {
        List<KvLedger.Layer> out = new ArrayList<>();
        for (int l = 0; l < shape.layers(); l++) {
            KvStore.Bytes b = store.bytes(l);
            long selectorBytes = selectors[l].length() * selectors[l].dataType().width();
            out.add(new KvLedger.Layer(l, b.keys(), b.values(), labels[l].bytes() + selectorBytes, fullBytes(),
                    perHead(store.rows(l)), store.states(l), bytesRead[l],
                    store.reservedBytes(l) + labels[l].reservedBytes() + selectorBytes));
        }
        return new KvLedger(name(), position, out);
    }

    @Override
    public void reset() {
        super.reset();
        store.reset();
        for (RowBuffer r : labels) r.clear();
    }

}
