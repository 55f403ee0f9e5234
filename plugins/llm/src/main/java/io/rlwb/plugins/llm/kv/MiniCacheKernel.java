package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.autodiff.Broadcast;
import io.rlwb.engine.telemetry.KvCacheSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * MiniCache (Liu et al. 2024): from {@code startLayer} on, adjacent layers {@code (l, l + 1)} share one cache.
 * Per token, each layer's key (and value) state over all heads ({@code H * D} numbers) is split into its norm
 * and direction; the two directions are interpolated by SLERP,
 * {@code e = sin((1 - t) W) / sin W * u_a + sin(t W) / sin W * u_b} with {@code W} the angle between them, and
 * each layer reads {@code e} rescaled by its own norm. Tokens whose angular distance {@code W / pi} (the larger
 * of keys' and values') is at or above {@code d_min + gamma (d_max - d_min)} stay unmerged: both layers keep
 * their own states. {@code d_min} and {@code d_max} run over all tokens the pair has seen.
 *
 * <p>The shared directions, and the caches of layers below {@code startLayer} (and of a last unpaired layer),
 * live in an inner {@link KvStore}: dense, or quantised ({@link KiviStore}: MiniCache over KIVI, as the paper
 * combines them). Held per pair, besides: both layers' norms (2 per token each), the unmerged tokens' states of
 * both layers, and the positions of merged and unmerged tokens (metadata). The shared directions are counted
 * in the pair's first layer. Within a forward pass the first layer of a pair reads its own new tokens unmerged
 * (the second layer's states do not exist yet); they are merged when the second layer appends.
 *
 * <p>Host step: per merged pair and forward pass, the keep-or-merge decision of each new token ({@code T}
 * booleans) comes to the host to split the block.
 */
public final class MiniCacheKernel extends AbstractKernel {
    /**
     * @param startLayer first merged layer (the paper merges from mid-depth: {@code layers / 2})
     * @param gamma retention threshold in {@code [0, 1]} (the paper: 0.05); 0 keeps every token unmerged
     * @param t SLERP interpolation parameter in {@code [0, 1]} (the paper: 0.5)
     */
    public record Config(int startLayer, double gamma, double t) {
        public Config {
            if (startLayer < 0) throw new IllegalArgumentException("minicache parameter startLayer: " + startLayer + " must be 0 or more");
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("minicache parameter gamma: " + gamma + " outside [0, 1]");
            if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException("minicache parameter t: " + t + " outside [0, 1]");
        }

        /** The paper's defaults for a model of {@code layers} layers. */
        public static Config defaults(int layers) {
            return new Config(layers / 2, 0.05, 0.5);
        }
    }

    private final Config cfg;
    private final KvStore inner;
    private final int[] slot;
    private final Pair[] pairOf;
    private final boolean[] first;

    private final class Pair {
        final int slot;
        final RowBuffer mergedPos = new RowBuffer(1, 1, 1, shape.dtype(), 16);
        final RowBuffer retPos = new RowBuffer(1, 1, 1, shape.dtype(), 16);
        final RowBuffer normA = new RowBuffer(shape.batch(), 1, 2, shape.dtype(), 16);
        final RowBuffer normB = new RowBuffer(shape.batch(), 1, 2, shape.dtype(), 16);
        final RowBuffer[] retA = {dense(), dense()};
        final RowBuffer[] retB = {dense(), dense()};
        double dMin = Double.POSITIVE_INFINITY;
        double dMax = Double.NEGATIVE_INFINITY;
        INDArray stashK;
        INDArray stashV;

        Pair(int slot) {
            this.slot = slot;
        }

        RowBuffer dense() {
            return new RowBuffer(shape.batch(), shape.heads(), shape.headDim(), shape.dtype(), 16);
        }

        RowBuffer[] all() {
            return new RowBuffer[] {mergedPos, retPos, normA, normB, retA[0], retA[1], retB[0], retB[1]};
        }

        void clear() {
            for (RowBuffer r : all()) r.clear();
            dMin = Double.POSITIVE_INFINITY;
            dMax = Double.NEGATIVE_INFINITY;
            stashK = null;
            stashV = null;
        }
    }

    public MiniCacheKernel(KvShape shape, Config cfg, KvStore.Factory inner) {
        super(shape);
        if (cfg.startLayer() > shape.layers()) {
            throw new IllegalArgumentException("minicache parameter startLayer: " + cfg.startLayer()
                    + " exceeds the model's " + shape.layers() + " layers");
        }
        this.cfg = cfg;
        int layers = shape.layers();
        slot = new int[layers];
        pairOf = new Pair[layers];
        first = new boolean[layers];
        int slots = 0;
        for (int l = 0; l < layers; l++) {
            if (l >= cfg.startLayer() && (l - cfg.startLayer()) % 2 == 0 && l + 1 < layers) {
                Pair p = new Pair(slots);
                slot[l] = slots;
                slot[l + 1] = slots;
                pairOf[l] = p;
                pairOf[l + 1] = p;
                first[l] = true;
                slots++;
                l++;
            } else {
                slot[l] = slots++;
            }
        }
        this.inner = inner.create(slots, shape);
    }

    public Config config() {
        return cfg;
    }

    @Override
    public String name() {
        return inner instanceof DenseStore ? "minicache" : "minicache+" + inner.describe();
    }

    /**
     * SLERP of unit directions along the last axis: {@code sin((1 - t) W) / sin W * a + sin(t W) / sin W * b},
     * {@code W = acos(a . b)}; where {@code sin W < 1e-6} (parallel directions) the limit {@code (1 - t) a + t b}.
     */
    public static INDArray slerp(INDArray a, INDArray b, double t) {
        int last = a.rank() - 1;
        INDArray cos = Transforms.min(Transforms.max(a.mul(b).sum(true, last), -1.0, false), 1.0, false);
        INDArray w = Transforms.acos(cos, false);
        INDArray sin = Transforms.sin(w, true);
        INDArray flat = sin.lt(1e-6).castTo(a.dataType());
        INDArray keep = flat.rsub(1.0);
        INDArray safe = sin.add(flat);
        INDArray ca = Transforms.sin(w.mul(1 - t), false).divi(safe).muli(keep).addi(flat.mul(1 - t));
        INDArray cb = Transforms.sin(w.mul(t), false).divi(safe).muli(keep).addi(flat.mul(t));
        return Broadcast.add(Broadcast.mul(a, ca), Broadcast.mul(b, cb));
    }

    /** Angular distance {@code acos(a . b) / pi} of unit directions along the last axis (kept as size 1). */
    public static INDArray angularDistance(INDArray a, INDArray b) {
        int last = a.rank() - 1;
        INDArray cos = Transforms.min(Transforms.max(a.mul(b).sum(true, last), -1.0, false), 1.0, false);
        return Transforms.acos(cos, false).divi(Math.PI);
    }

    @Override
    public View append(int layer, INDArray keys, INDArray values) {
        long t = check(layer, keys);
        Pair p = pairOf[layer];
        if (p == null) {
            inner.append(slot[layer], keys, values);
            INDArray[] kv = inner.read(slot[layer]);
            if (t == 1) bytesRead[layer] = inner.bytes(slot[layer]).total();
            return new View(kv[0], kv[1], positions(0, kv[0].size(2)));
        }
        if (first[layer]) {
            p.stashK = keys.dup();
            p.stashV = values.dup();
            if (t == 1) bytesRead[layer] = historyBytes(p, true);
            return view(p, true, keys, values, t);
        }
        merge(p, p.stashK, p.stashV, keys, values, t);
        p.stashK = null;
        p.stashV = null;
        if (t == 1) bytesRead[layer] = historyBytes(p, false);
        return view(p, false, null, null, t);
    }

    private long historyBytes(Pair p, boolean a) {
        RowBuffer[] ret = a ? p.retA : p.retB;
        return inner.bytes(p.slot).total() + (a ? p.normA : p.normB).bytes() + p.mergedPos.bytes()
                + p.retPos.bytes() + ret[0].bytes() + ret[1].bytes();
    }

    /** The first ({@code a}) or second layer's reading: merged history rescaled, unmerged tokens, new tokens. */
    private View view(Pair p, boolean a, INDArray newK, INDArray newV, long t) {
        List<INDArray> ks = new ArrayList<>();
        List<INDArray> vs = new ArrayList<>();
        List<INDArray> ps = new ArrayList<>();
        long nm = p.mergedPos.rows();
        if (nm > 0) {
            INDArray[] dirs = inner.read(p.slot);
            INDArray norms = (a ? p.normA : p.normB).view();
            ks.add(Broadcast.mul(dirs[0], norms.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(0, 1))));
            vs.add(Broadcast.mul(dirs[1], norms.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(1, 2))));
            ps.add(p.mergedPos.view().reshape(nm));
        }
        long nr = p.retPos.rows();
        if (nr > 0) {
            RowBuffer[] ret = a ? p.retA : p.retB;
            ks.add(ret[0].view());
            vs.add(ret[1].view());
            ps.add(p.retPos.view().reshape(nr));
        }
        if (newK != null) {
            ks.add(newK);
            vs.add(newV);
            ps.add(positions(position, t));
        }
        return new View(cat(2, ks), cat(2, vs), cat(0, ps));
    }

    private static INDArray cat(int axis, List<INDArray> xs) {
        return xs.size() == 1 ? xs.get(0) : Nd4j.concat(axis, xs.toArray(new INDArray[0]));
    }

    /** Per token over all heads: {@code [B, T, H * D]}. */
    private INDArray tokens(INDArray x, long t) {
        return x.permute(0, 2, 1, 3).dup('c').reshape(shape.batch(), t, shape.heads() * shape.headDim());
    }

    /** Back to {@code [B, H, T, D]}. */
    private INDArray heads(INDArray x, long t) {
        return x.reshape(shape.batch(), t, shape.heads(), shape.headDim()).permute(0, 2, 1, 3).dup('c');
    }

    private void merge(Pair p, INDArray kA, INDArray vA, INDArray kB, INDArray vB, long t) {
        INDArray[] mk = directions(tokens(kA, t), tokens(kB, t));
        INDArray[] mv = directions(tokens(vA, t), tokens(vB, t));
        // per token: the larger distance of keys and values, the largest over batch rows
        INDArray d = Transforms.max(mk[3], mv[3], true).max(0, 2);
        double[] dist = d.toDoubleVector(); // host step: T distances
        for (double x : dist) {
            p.dMin = Math.min(p.dMin, x);
            p.dMax = Math.max(p.dMax, x);
        }
        double threshold = p.dMin + cfg.gamma() * (p.dMax - p.dMin);
        long[] merged = java.util.stream.LongStream.range(0, t).filter(i -> dist[(int) i] < threshold).toArray();
        long[] kept = java.util.stream.LongStream.range(0, t).filter(i -> dist[(int) i] >= threshold).toArray();
        INDArray pos = positions(position, t).reshape(1, 1, t, 1);
        if (merged.length > 0) {
            INDArray eK = slerp(mk[0], mk[1], cfg.t());
            INDArray eV = slerp(mv[0], mv[1], cfg.t());
            inner.append(p.slot, rows(heads(eK, t), merged), rows(heads(eV, t), merged));
            // norms [B, T, 1] -> [B, 1, T, 2] (key norm, value norm)
            INDArray na = Nd4j.concat(2, mk[2], mv[2]).reshape(shape.batch(), 1, t, 2);
            INDArray nb = Nd4j.concat(2, mk[4], mv[4]).reshape(shape.batch(), 1, t, 2);
            p.normA.append(rows(na, merged));
            p.normB.append(rows(nb, merged));
            p.mergedPos.append(rows(pos, merged));
        }
        if (kept.length > 0) {
            p.retA[0].append(rows(kA, kept));
            p.retA[1].append(rows(vA, kept));
            p.retB[0].append(rows(kB, kept));
            p.retB[1].append(rows(vB, kept));
            p.retPos.append(rows(pos, kept));
        }
    }

    /** {unit a, unit b, norm a, distance, norm b} of per-token states {@code [B, T, n]}. */
    private static INDArray[] directions(INDArray a, INDArray b) {
        INDArray na = a.norm2(true, 2);
        INDArray nb = b.norm2(true, 2);
        INDArray ua = Broadcast.div(a, Transforms.max(na, Float.MIN_NORMAL, true));
        INDArray ub = Broadcast.div(b, Transforms.max(nb, Float.MIN_NORMAL, true));
        return new INDArray[] {ua, ub, na, angularDistance(ua, ub), nb};
    }

    private static INDArray rows(INDArray x, long[] idx) {
        if (idx.length == x.size(2)) return x;
        return x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.indices(idx), NDArrayIndex.all());
    }

    /** Tokens of the pair holding {@code layer} that are merged (0 for an unpaired layer). */
    public long mergedTokens(int layer) {
        return pairOf[layer] == null ? 0 : pairOf[layer].mergedPos.rows();
    }

    /** Positions of the tokens of the pair holding {@code layer} kept unmerged, ascending. */
    public long[] retainedPositions(int layer) {
        Pair p = pairOf[layer];
        if (p == null || p.retPos.rows() == 0) return new long[0];
        return p.retPos.view().reshape(p.retPos.rows()).toLongVector();
    }

    @Override
    public KvLedger ledger() {
        List<KvLedger.Layer> out = new ArrayList<>();
        for (int l = 0; l < shape.layers(); l++) {
            Pair p = pairOf[l];
            int s = slot[l];
            if (p == null) {
                KvStore.Bytes b = inner.bytes(s);
                out.add(new KvLedger.Layer(l, b.keys(), b.values(), b.meta(), fullBytes(), perHead(inner.rows(s)),
                        inner.states(s), bytesRead[l], inner.reservedBytes(s)));
                continue;
            }
            byte[] st = new byte[(int) position];
            if (p.mergedPos.rows() > 0) {
                for (long x : p.mergedPos.view().reshape(p.mergedPos.rows()).toLongVector()) st[(int) x] = KvCacheSnapshot.MERGED;
            }
            for (long x : retainedPositions(l)) st[(int) x] = KvCacheSnapshot.RETAINED;
            long tokens = p.mergedPos.rows() + p.retPos.rows();
            if (first[l]) {
                KvStore.Bytes b = inner.bytes(s);
                out.add(new KvLedger.Layer(l, b.keys() + p.retA[0].bytes(), b.values() + p.retA[1].bytes(),
                        b.meta() + p.normA.bytes() + p.mergedPos.bytes() + p.retPos.bytes(), fullBytes(),
                        perHead(tokens), st, bytesRead[l], inner.reservedBytes(s) + p.normA.reservedBytes()
                                + p.mergedPos.reservedBytes() + p.retPos.reservedBytes() + p.retA[0].reservedBytes()
                                + p.retA[1].reservedBytes()));
            } else {
                out.add(new KvLedger.Layer(l, p.retB[0].bytes(), p.retB[1].bytes(), p.normB.bytes(), fullBytes(),
                        perHead(tokens), st, bytesRead[l], p.normB.reservedBytes() + p.retB[0].reservedBytes()
                                + p.retB[1].reservedBytes()));
            }
        }
        return new KvLedger(name(), position, out);
    }

    @Override
    public void reset() {
        super.reset();
        inner.reset();
        for (Pair p : pairOf) if (p != null) p.clear();
    }

}
