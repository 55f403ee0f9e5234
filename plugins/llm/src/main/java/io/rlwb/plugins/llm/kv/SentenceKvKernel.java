package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.autodiff.Broadcast;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SentenceKV (Zhu et al. 2025): the context is split into sentences, each ending at a delimiter token; a closed
 * sentence gets one semantic vector per head, the mean of its keys, kept on the fast tier; token keys and values
 * stay on the slow tier. At each single-token decode step the query scores every closed sentence ({@code q . s}),
 * every position inherits its sentence's score (positions of the still-open sentence rank first, most recent
 * first), and attention reads the keys and values of the best {@code tokens} positions per head: the most
 * similar sentences in order, the last one possibly cut at the budget. Multi-position passes attend to
 * everything.
 *
 * <p>Sentences come from the token ids ({@link #tokens}), so one kernel serves one sequence (batch 1). Held per
 * layer: keys and values (slow tier), semantic vectors {@code [1, H, sentences, D]} and each position's sentence
 * index ({@link DataType#INT}); both are metadata. Host step: the segmentation of the fed ids into sentences.
 */
public final class SentenceKvKernel extends AbstractKernel {
    /** Score of the open sentence's positions: above any similarity, so they are always read first. */
    private static final double OPEN = 1e6;

    /**
     * @param delimiters token ids that end a sentence (e.g. the ids of '.', '!', '?', newline)
     * @param tokens positions read per head per decode step
     */
    public record Config(Set<Integer> delimiters, int tokens) {
        public Config {
            delimiters = Set.copyOf(delimiters);
            if (delimiters.isEmpty()) throw new IllegalArgumentException("sentence-kv parameter delimiters: none given");
            if (tokens < 1) throw new IllegalArgumentException("sentence-kv parameter tokens: " + tokens + " must be positive");
        }
    }

    private final Config cfg;
    private final DenseStore store;
    private final RowBuffer[] semantic;
    private final RowBuffer[] sentenceOf;
    // host segmentation of the current forward pass
    private int[] stepIds;
    private long openStart;
    private int closed;
    private final List<long[]> closing = new ArrayList<>();
    private int[] stepSentence;

    public SentenceKvKernel(KvShape shape, Config cfg) {
        super(shape);
        if (shape.batch() != 1) {
            throw new IllegalArgumentException("sentence-kv segments one sequence: batch must be 1, got "
                    + shape.batch());
        }
        this.cfg = cfg;
        store = new DenseStore(shape.layers(), shape);
        semantic = new RowBuffer[shape.layers()];
        sentenceOf = new RowBuffer[shape.layers()];
        for (int l = 0; l < shape.layers(); l++) {
            semantic[l] = new RowBuffer(1, shape.heads(), shape.headDim(), shape.dtype(), 8);
            sentenceOf[l] = new RowBuffer(1, 1, 1, DataType.INT, 16);
        }
    }

    public Config config() {
        return cfg;
    }

    @Override
    public String name() {
        return "sentence-kv";
    }

    @Override
    public void tokens(INDArray ids) {
        stepIds = ids.toIntVector();
        closing.clear();
        stepSentence = new int[stepIds.length];
        int open = closed;
        long start = openStart;
        for (int i = 0; i < stepIds.length; i++) {
            stepSentence[i] = open;
            if (cfg.delimiters().contains(stepIds[i])) {
                closing.add(new long[] {start, position + i + 1});
                open++;
                start = position + i + 1;
            }
        }
    }

    @Override
    public View append(int layer, INDArray keys, INDArray values) {
        throw new IllegalStateException("sentence-kv retrieves by the query: call append(layer, queries, keys, values)");
    }

    @Override
    public View append(int layer, INDArray queries, INDArray keys, INDArray values) {
        long t = check(layer, keys);
        if (stepIds == null || stepIds.length != t) {
            throw new IllegalStateException("sentence-kv needs the token ids of every forward pass (KvCache.tokens, "
                    + "which DecoderModel.forward calls) before layer " + layer + " appends " + t + " positions");
        }
        store.append(layer, keys, values);
        sentenceOf[layer].append(Nd4j.createFromArray(stepSentence).reshape(1, 1, t, 1));
        INDArray[] kv = store.read(layer);
        for (long[] c : closing) {
            semantic[layer].append(kv[0].get(RowBuffer.range(c[0], c[1])).mean(true, 2));
        }
        long n = store.rows(layer);
        if (t > 1) return new View(kv[0], kv[1], positions(0, n));
        int k = (int) Math.min(cfg.tokens(), n);
        long ns = semantic[layer].rows();
        INDArray open = Nd4j.valueArrayOf(new long[] {1, shape.heads(), 1, 1}, OPEN, shape.dtype());
        INDArray sentScore = ns == 0 ? open : Nd4j.concat(3,
                Nd4j.matmul(queries, semantic[layer].view(), null, false, true, false), open); // [1, H, 1, ns + 1]
        INDArray sid = sentenceOf[layer].view().reshape(n);
        INDArray tokenScore = Nd4j.exec(new Gather(sentScore, sid, 3))[0]; // [1, H, 1, n]
        // the open sentence's positions rank by recency among themselves
        INDArray isOpen = sid.eq(closedAfterStep()).castTo(shape.dtype());
        tokenScore = Broadcast.add(tokenScore, isOpen.muli(positions(0, n)).reshape(1, 1, 1, n));
        INDArray pick = Gathers.topK(Gathers.newestFirst(tokenScore), k);
        INDArray[] backing = store.backing(layer);
        bytesRead[layer] = semantic[layer].bytes() + sentenceOf[layer].bytes() + k * store.rowBytes(layer);
        return new View(Gathers.rows(backing[0], pick), Gathers.rows(backing[1], pick),
                pick.reshape(1, shape.heads(), k).castTo(shape.dtype()));
    }

    /** Index of the open sentence once this pass's delimiters are counted. */
    private int closedAfterStep() {
        return closed + closing.size();
    }

    @Override
    public void advance(long t) {
        super.advance(t);
        closed += closing.size();
        if (!closing.isEmpty()) openStart = closing.get(closing.size() - 1)[1];
        closing.clear();
        stepIds = null;
    }

    /** Closed sentences so far. */
    public int sentences() {
        return closed;
    }

    @Override
    public KvLedger ledger() {
        List<KvLedger.Layer> out = new ArrayList<>();
        for (int l = 0; l < shape.layers(); l++) {
            KvStore.Bytes b = store.bytes(l);
            out.add(new KvLedger.Layer(l, b.keys(), b.values(), semantic[l].bytes() + sentenceOf[l].bytes(),
                    fullBytes(), perHead(store.rows(l)), store.states(l), bytesRead[l], store.reservedBytes(l)
                            + semantic[l].reservedBytes() + sentenceOf[l].reservedBytes()));
        }
        return new KvLedger(name(), position, out);
    }

    @Override
    public void reset() {
        super.reset();
        store.reset();
        for (int l = 0; l < shape.layers(); l++) {
            semantic[l].clear();
            sentenceOf[l].clear();
        }
        openStart = 0;
        closed = 0;
        closing.clear();
        stepIds = null;
    }
}
