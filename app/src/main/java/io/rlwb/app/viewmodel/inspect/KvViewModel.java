package io.rlwb.app.viewmodel.inspect;

import io.rlwb.engine.telemetry.KvCacheSnapshot;
import io.rlwb.engine.telemetry.TelemetryFiles.Stamped;
import io.rlwb.engine.telemetry.TelemetryFiles;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The KV-cache view's model: per decode step the bytes each layer holds (keys + values + metadata), stacked
 * layer on layer, against what a full cache would hold; the compression ratio; quality against the full cache
 * (top-1 agreement, KL); and, for the chosen step (the latest unless picked), each layer's token states.
 */
public final class KvViewModel extends SnapshotViewModel<KvCacheSnapshot> {
    /** Snapshots kept. */
    public static final int CAPACITY = 20_000;
    private final IntegerProperty snapshot = new SimpleIntegerProperty(this, "snapshot", -1);
    private int layers;

    public KvViewModel() {
        super(KvCacheSnapshot.KIND, KvCacheSnapshot.class, TelemetryFiles::kvCache, CAPACITY);
        snapshot.addListener((o, a, b) -> touch());
    }

    @Override
    public String emptyMessage() {
        return "No KV-cache snapshots yet: run a language-model graph whose attention kernel keeps a compressed "
                + "KV cache (plugin 'llm': attention kernels with KV cache) to see its memory per layer and its quality.";
    }

    @Override
    protected void changed() {
        int m = 0;
        for (Stamped<KvCacheSnapshot> s : snapshots()) m = Math.max(m, s.data().layers().size());
        layers = m;
        if (snapshot.get() >= snapshots().size()) snapshot.set(-1);
    }

    /** Number of layers (the most any snapshot has). */
    public int layers() {
        return layers;
    }

    /** Chosen snapshot; -1 follows the latest. */
    public IntegerProperty snapshotProperty() {
        return snapshot;
    }

    /** The snapshot shown, or null. */
    public KvCacheSnapshot shown() {
        if (isEmpty()) return null;
        int i = snapshot.get();
        return (i < 0 || i >= snapshots().size() ? snapshots().get(snapshots().size() - 1) : snapshots().get(i)).data();
    }

    /** Decode step of each snapshot. */
    public double[] decodeSteps() {
        return snapshots().stream().mapToDouble(s -> s.data().decodeStep()).toArray();
    }

    /** Bytes held by layer {@code l} of a snapshot (keys + values + metadata); 0 when it has no such layer. */
    public static long layerBytes(KvCacheSnapshot s, int l) {
        for (KvCacheSnapshot.Layer x : s.layers()) if (x.layer() == l) return x.keyBytes() + x.valueBytes() + x.metaBytes();
        return 0;
    }

    /**
     * Cumulative bytes: row {@code k} is the sum of layers 0..k at each snapshot, so row k is the top edge of
     * layer k's band and the last row the total.
     */
    public double[][] stackedBytes() {
        int n = snapshots().size();
        double[][] out = new double[layers][n];
        for (int i = 0; i < n; i++) {
            KvCacheSnapshot s = snapshots().get(i).data();
            double sum = 0;
            for (int l = 0; l < layers; l++) {
                sum += layerBytes(s, l);
                out[l][i] = sum;
            }
        }
        return out;
    }

    /** Bytes a full fp32 cache would hold at each snapshot. */
    public double[] fullBytes() {
        return snapshots().stream().mapToDouble(s -> s.data().bytesFull()).toArray();
    }

    /** Full bytes over held bytes at each snapshot (NaN when nothing is held). */
    public double[] compressionRatio() {
        return snapshots().stream().mapToDouble(s -> s.data().bytes() == 0 ? Double.NaN
                : s.data().bytesFull() / (double) s.data().bytes()).toArray();
    }

    /** Top-1 agreement with the full cache (NaN where not measured). */
    public double[] top1Agreement() {
        return snapshots().stream().mapToDouble(s -> s.data().top1Agreement() == null ? Double.NaN
                : s.data().top1Agreement()).toArray();
    }

    /** KL(full || compressed) of next-token distributions (NaN where not measured). */
    public double[] kl() {
        return snapshots().stream().mapToDouble(s -> s.data().kl() == null ? Double.NaN : s.data().kl()).toArray();
    }

    /** Token states of the shown snapshot, one row per layer (null rows where a layer does not track them). */
    public byte[][] tokenMap() {
        KvCacheSnapshot s = shown();
        byte[][] out = new byte[layers][];
        if (s == null) return out;
        for (KvCacheSnapshot.Layer l : s.layers()) if (l.layer() >= 0 && l.layer() < layers) out[l.layer()] = l.tokenStates();
        return out;
    }

    /** How many positions of the shown snapshot are in each state, over all layers: evicted, retained, merged, quantised. */
    public int[] stateCounts() {
        int[] c = new int[4];
        for (byte[] row : tokenMap()) if (row != null) for (byte b : row) if (b >= 0 && b < 4) c[b]++;
        return c;
    }
}
