package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.telemetry.KvCacheSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Heavy-hitter eviction (H2O, Zhang et al. 2023): every layer accumulates, per cached position, the attention
 * probability its queries gave it ({@link #observe}); when a forward pass ends and a layer holds more than
 * {@code recent + heavy} positions, it keeps the {@code recent} most recent and, of the older ones, the {@code
 * heavy} with the largest accumulated score.
 *
 * <p>Scores are summed over batch rows and heads, so a layer keeps one set of positions for all its heads (H2O
 * evicts per head; one set keeps the cache a dense {@code [B, H, S, D]} array). Held per layer: keys, values,
 * the accumulated scores and the absolute positions of the kept rows. The host step: the indices of the kept
 * rows (at most {@code recent + heavy} integers) come to the host to drive one gather of the kept rows.
 */
public final class HeavyHitterKernel extends AbstractKernel {
    /**
     * @param recent most recent positions always kept
     * @param heavy older positions kept by accumulated attention
     */
    public record Config(int recent, int heavy) {
        public Config {
            if (recent < 1) throw new IllegalArgumentException("heavy-hitter parameter recent: " + recent + " must be at least 1");
            if (heavy < 0) throw new IllegalArgumentException("heavy-hitter parameter heavy: " + heavy + " must be 0 or more");
        }

        /** H2O's split: half of the budget recent, half heavy hitters. */
        public static Config ofBudget(int budget) {
            if (budget < 2) throw new IllegalArgumentException("heavy-hitter budget " + budget + " must be at least 2");
            return new Config(budget - budget / 2, budget / 2);
        }
    }

    private final Config cfg;
    private final DenseStore store;
    private final RowBuffer[] scores;
    private final RowBuffer[] positions;

    public HeavyHitterKernel(KvShape shape, Config cfg) {
        super(shape);
        this.cfg = cfg;
        store = new DenseStore(shape.layers(), shape);
        scores = new RowBuffer[shape.layers()];
        positions = new RowBuffer[shape.layers()];
        for (int l = 0; l < shape.layers(); l++) {
            scores[l] = new RowBuffer(1, 1, 1, shape.dtype(), 16);
            positions[l] = new RowBuffer(1, 1, 1, shape.dtype(), 16);
        }
    }

    public Config config() {
        return cfg;
    }

    @Override
    public String name() {
        return "heavy-hitter";
    }

    @Override
    public View append(int layer, INDArray keys, INDArray values) {
        long t = check(layer, keys);
        store.append(layer, keys, values);
        scores[layer].append(Nd4j.zeros(shape.dtype(), 1, 1, t, 1));
        positions[layer].append(positions(position, t).reshape(1, 1, t, 1));
        INDArray[] kv = store.read(layer);
        if (t == 1) bytesRead[layer] = store.bytes(layer).total() + scores[layer].bytes() + positions[layer].bytes();
        long n = store.rows(layer);
        return new View(kv[0], kv[1], positions[layer].view().reshape(n));
    }

    @Override
    public void observe(int layer, INDArray probs) {
        long n = scores[layer].rows();
        INDArray add = probs.sum(0, 1, 2).reshape(1, 1, n, 1).castTo(shape.dtype());
        scores[layer].view().addi(add);
    }

    @Override
    public void advance(long t) {
        super.advance(t);
        for (int l = 0; l < shape.layers(); l++) {
            long n = store.rows(l);
            if (n <= (long) cfg.recent() + cfg.heavy()) continue;
            long older = n - cfg.recent();
            long[] keep = new long[cfg.heavy() + cfg.recent()];
            if (cfg.heavy() > 0) {
                INDArray olderScores = scores[l].view(0, older).reshape(older);
                long[] top = Gathers.topK(olderScores, cfg.heavy()).toLongVector();
                Arrays.sort(top);
                System.arraycopy(top, 0, keep, 0, top.length);
            }
            for (int i = 0; i < cfg.recent(); i++) keep[cfg.heavy() + i] = older + i;
            store.retain(l, keep);
            scores[l].retain(keep);
            positions[l].retain(keep);
        }
    }

    @Override
    public KvLedger ledger() {
        List<KvLedger.Layer> out = new ArrayList<>();
        for (int l = 0; l < shape.layers(); l++) {
            KvStore.Bytes b = store.bytes(l);
            byte[] st = new byte[(int) position];
            long n = positions[l].rows();
            if (n > 0) {
                for (long p : positions[l].view().reshape(n).toLongVector()) st[(int) p] = KvCacheSnapshot.RETAINED;
            }
            out.add(new KvLedger.Layer(l, b.keys(), b.values(), scores[l].bytes() + positions[l].bytes(),
                    fullBytes(), perHead(n), st, bytesRead[l], store.reservedBytes(l)
                            + scores[l].reservedBytes() + positions[l].reservedBytes()));
        }
        return new KvLedger(name(), position, out);
    }

    @Override
    public void reset() {
        super.reset();
        store.reset();
        for (int l = 0; l < shape.layers(); l++) {
            scores[l].clear();
            positions[l].clear();
        }
    }
}
