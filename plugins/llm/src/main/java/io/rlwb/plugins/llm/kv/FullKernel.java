package io.rlwb.plugins.llm.kv;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keeps every position of every layer in its store: over a {@link DenseStore} it is the full cache (attention
 * reads exactly what {@code FullKvCache} gives it), over a {@link KiviStore} it is KIVI.
 */
public final class FullKernel extends AbstractKernel {
    private final KvStore store;
    private final String name;

    public FullKernel(KvShape shape, KvStore.Factory store) {
        super(shape);
        this.store = store.create(shape.layers(), shape);
        this.name = this.store instanceof DenseStore ? "full" : this.store.describe();
    }

    /** The full cache in the model's type. */
    public static FullKernel full(KvShape shape) {
        return new FullKernel(shape, DenseStore.factory());
    }

    /** KIVI: every position, quantised as {@code cfg} says. */
    public static FullKernel kivi(KvShape shape, KiviStore.Config cfg) {
        return new FullKernel(shape, KiviStore.factory(cfg));
    }

    @Override
    public String name() {
        return name;
    }

    public KvStore store() {
        return store;
    }

    @Override
    public View append(int layer, INDArray keys, INDArray values) {
        long t = check(layer, keys);
        store.append(layer, keys, values);
        INDArray[] kv = store.read(layer);
        if (t == 1) bytesRead[layer] = store.bytes(layer).total();
        return new View(kv[0], kv[1], positions(0, kv[0].size(2)));
    }

    @Override
    public KvLedger ledger() {
        List<KvLedger.Layer> out = new ArrayList<>();
        for (int l = 0; l < shape.layers(); l++) {
            KvStore.Bytes b = store.bytes(l);
            out.add(new KvLedger.Layer(l, b.keys(), b.values(), b.meta(), fullBytes(), perHead(store.rows(l)),
                    store.states(l), bytesRead[l], store.reservedBytes(l)));
        }
        return new KvLedger(name, position, out);
    }

    @Override
    public void reset() {
        super.reset();
        store.reset();
    }
}
