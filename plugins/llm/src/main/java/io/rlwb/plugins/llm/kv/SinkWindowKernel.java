package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.telemetry.KvCacheSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Sliding window with attention sinks (StreamingLLM, Xiao et al. 2024): the first {@code sinks} positions are
 * kept for good, in full precision, and of the rest only the most recent {@code window}. The window lives in an
 * inner {@link KvStore}: dense, or quantised ({@link KiviStore}, which evicts quantised keys in whole groups, so
 * the window then holds up to {@code group - 1} extra tokens).
 *
 * <p>Eviction happens when a forward pass ends ({@link #advance}): within a multi-position pass (prefill) every
 * new position is visible under the causal mask, and afterwards only sinks and window remain.
 */
public final class SinkWindowKernel extends AbstractKernel {
    /**
     * @param sinks positions kept from the start (StreamingLLM uses 4)
     * @param window most recent positions kept
     */
    public record Config(int sinks, int window) {
        public Config {
            if (sinks < 0) throw new IllegalArgumentException("sink-window parameter sinks: " + sinks + " must be 0 or more");
            if (window <= 0) throw new IllegalArgumentException("sink-window parameter window: " + window + " must be positive");
        }

        /** 4 sinks and a window of {@code window}. */
        public static Config of(int window) {
            return new Config(4, window);
        }
    }

    private final Config cfg;
    private final DenseStore sinks;
    private final KvStore inner;
    private final long[] innerStart;

    public SinkWindowKernel(KvShape shape, Config cfg, KvStore.Factory inner) {
        super(shape);
        this.cfg = cfg;
        this.sinks = new DenseStore(shape.layers(), shape);
        this.inner = inner.create(shape.layers(), shape);
        innerStart = new long[shape.layers()];
        Arrays.fill(innerStart, cfg.sinks());
    }

    public Config config() {
        return cfg;
    }

    @Override
    public String name() {
        return inner instanceof DenseStore ? "sink-window" : "sink-window+" + inner.describe();
    }

    @Override
    public View append(int layer, INDArray keys, INDArray values) {
        long t = check(layer, keys);
        long toSinks = Math.max(0, Math.min(t, cfg.sinks() - position));
        if (toSinks > 0) {
            sinks.append(layer, rows(keys, 0, toSinks), rows(values, 0, toSinks));
        }
        if (toSinks < t) {
            inner.append(layer, rows(keys, toSinks, t), rows(values, toSinks, t));
        }
        long ns = sinks.rows(layer);
        long nw = inner.rows(layer);
        INDArray[] s = ns == 0 ? null : sinks.read(layer);
        INDArray[] w = nw == 0 ? null : inner.read(layer);
        if (t == 1) bytesRead[layer] = sinks.bytes(layer).total() + inner.bytes(layer).total();
        if (w == null) return new View(s[0], s[1], positions(0, ns));
        if (ns == 0) return new View(w[0], w[1], positions(innerStart[layer], nw));
        return new View(Nd4j.concat(2, s[0], w[0]), Nd4j.concat(2, s[1], w[1]),
                Nd4j.concat(0, positions(0, ns), positions(innerStart[layer], nw)));
    }

    private static INDArray rows(INDArray x, long from, long to) {
        return from == 0 && to == x.size(2) ? x
                : x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    @Override
    public void advance(long t) {
        super.advance(t);
        for (int l = 0; l < shape.layers(); l++) {
            long over = inner.rows(l) - cfg.window();
            if (over > 0) innerStart[l] += inner.dropOldest(l, over);
        }
    }

    @Override
    public KvLedger ledger() {
        List<KvLedger.Layer> out = new ArrayList<>();
        for (int l = 0; l < shape.layers(); l++) {
            KvStore.Bytes b = sinks.bytes(l).plus(inner.bytes(l));
            byte[] st = new byte[(int) position];
            Arrays.fill(st, KvCacheSnapshot.EVICTED);
            Arrays.fill(st, 0, (int) sinks.rows(l), KvCacheSnapshot.RETAINED);
            byte[] w = inner.states(l);
            System.arraycopy(w, 0, st, (int) innerStart[l], w.length);
            out.add(new KvLedger.Layer(l, b.keys(), b.values(), b.meta(), fullBytes(),
                    perHead(sinks.rows(l) + inner.rows(l)), st, bytesRead[l],
                    sinks.reservedBytes(l) + inner.reservedBytes(l)));
        }
        return new KvLedger(name(), position, out);
    }

    @Override
    public void reset() {
        super.reset();
        sinks.reset();
        inner.reset();
        Arrays.fill(innerStart, cfg.sinks());
    }
}
