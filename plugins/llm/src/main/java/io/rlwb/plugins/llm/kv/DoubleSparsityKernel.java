package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.layers.DecoderModel;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Double Sparsity (Yang et al. 2024): offline, a calibration set ranks each head's channels by how large its
 * queries and keys are there ({@code mean |q_c| * mean |k_c|}) and keeps the top {@code channels}; at run time a
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

    /** Offline calibration: per layer and head, the label channels (ascending channel index) ({@code [layers][heads][channels]}). */
    public record Calibration(int[][][] channels) {
        /**
         * Runs {@code model} over {@code ids} ({@code [B, T]}) and ranks each head's channels by {@code mean |q_c|
         * * mean |k_c|}, keeping the top {@code keep}.
         */
        public static Calibration of(DecoderModel model, INDArray ids, int keep) {
            KvShape s = KvShape.of(model, ids.size(0));
            if (keep < 1 || keep > s.headDim()) {
                throw new IllegalArgumentException("double-sparsity parameter channels: " + keep
                        + " outside 1.." + s.headDim() + " (the head size)");
            }
            FullKernel store = FullKernel.full(s);
            INDArray[] qAbs = new INDArray[s.layers()];
            INDArray[] kAbs = new INDArray[s.layers()];
            KvKernel recorder = new Recorder(store, qAbs, kAbs);
            model.forward(Tape.inference(), ids, recorder);
            int[][][] out = new int[s.layers()][][];
            for (int l = 0; l < s.layers(); l++) {
                INDArray score = qAbs[l].mul(kAbs[l]); // [H, D]
                out[l] = Gathers.topK(score, keep).toIntMatrix();
            }
            return new Calibration(out);
        }

        /** Every channel of every head, in order: Double Sparsity then scores exactly. */
        public static Calibration all(KvShape s) {
            int[][][] out = new int[s.layers()][(int) s.heads()][(int) s.headDim()];
            for (int[][] l : out) for (int[] h : l) for (int c = 0; c < h.length; c++) h[c] = c;
            return new Calibration(out);
        }
    }

    /** Passes everything to a full cache and keeps the mean absolute query and key of every channel. */
    private static final class Recorder extends ForwardingKernel {
        private final INDArray[] qAbs;
        private final INDArray[] kAbs;

        Recorder(KvKernel inner, INDArray[] qAbs, INDArray[] kAbs) {
            super(inner);
            this.qAbs = qAbs;
            this.kAbs = kAbs;
        }

        @Override
        public View append(int layer, INDArray queries, INDArray keys, INDArray values) {
            qAbs[layer] = org.nd4j.linalg.ops.transforms.Transforms.abs(queries, true).mean(0, 2);
            kAbs[layer] = org.nd4j.linalg.ops.transforms.Transforms.abs(keys, true).mean(0, 2);
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
