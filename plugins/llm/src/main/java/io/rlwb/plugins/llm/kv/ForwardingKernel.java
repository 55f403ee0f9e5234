package io.rlwb.plugins.llm.kv;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A kernel that passes every call to another: the base of recorders and adapters. */
class ForwardingKernel implements KvKernel {
    protected final KvKernel inner;

    ForwardingKernel(KvKernel inner) {
        this.inner = inner;
    }

    @Override public String name() { return inner.name(); }
    @Override public KvShape shape() { return inner.shape(); }
    @Override public KvLedger ledger() { return inner.ledger(); }
    @Override public long position() { return inner.position(); }
    @Override public View append(int layer, INDArray keys, INDArray values) { return inner.append(layer, keys, values); }
    @Override public View append(int layer, INDArray q, INDArray k, INDArray v) { return inner.append(layer, q, k, v); }
    @Override public void tokens(INDArray ids) { inner.tokens(ids); }
    @Override public void observe(int layer, INDArray probs) { inner.observe(layer, probs); }
    @Override public void advance(long t) { inner.advance(t); }
    @Override public void reset() { inner.reset(); }
}
