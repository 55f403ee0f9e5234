package io.rlwb.plugins.llm.policy;

import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.layers.KvCache;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Batched autoregressive generation from a {@link TransformerPolicy}, on inference tapes.
 *
 * <p>With a {@link KvCacheFactory} the generator prefills the prompts once and then feeds one token per step,
 * attention reading the past through a fresh cache per batch (the factory's: full, or an attention kernel's).
 * Without one ({@link #recomputing}) every step runs the whole sequence again: the reference a cache must match,
 * and the baseline of the cache's speed-up.
 *
 * <p>Prompts of different lengths are decoded in separate batches, one per length (in increasing length, each in
 * input order), because the engine's attention masks by absolute position and has no padding mask: a left-padded
 * prompt would attend to its pads. Results come back in input order. GRPO's G completions of one prompt are one
 * batch. A row that emits {@code <eos>} is finished; it keeps being fed {@code <pad>} (its outputs are dropped)
 * until every row has finished, {@code maxNewTokens} are generated or the context is full.
 */
public final class Generator {
    private final TransformerPolicy policy;
    private final KvCacheFactory caches;

    /** A generator that decodes through caches made by {@code caches}. */
    public Generator(TransformerPolicy policy, KvCacheFactory caches) {
        this.policy = policy;
        this.caches = java.util.Objects.requireNonNull(caches, "caches");
    }

    private Generator(TransformerPolicy policy) {
        this.policy = policy;
        this.caches = null;
    }

    /** A generator without a cache: every step recomputes attention over the whole sequence. */
    public static Generator recomputing(TransformerPolicy policy) {
        return new Generator(policy);
    }

    /**
     * One generated batch.
     *
     * @param tokens per row, the generated ids up to and including {@code <eos>} when one was emitted
     * @param finished per row, whether it ended with {@code <eos>} (false: cut by the length limit)
     * @param stepLogits the next-token logits {@code [B, V]} of every step, in order (the first from the prompt),
     *     when asked for; rows that had finished still have entries
     */
    public record Batch(int[][] tokens, boolean[] finished, List<INDArray> stepLogits) {}

    /** Completions of several prompts, in input order. */
    public record Result(List<int[]> completions, boolean[] finished) {}

    /**
     * Generates a completion for every prompt (each a token sequence, normally {@code <bos>} + text).
     *
     * @param rng the seeded stream the draws come from (unused when greedy)
     */
    public Result generate(List<int[]> prompts, SamplingConfig sampling, int maxNewTokens, SplittableRandom rng) {
        Map<Integer, List<Integer>> byLength = new TreeMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            byLength.computeIfAbsent(prompts.get(i).length, k -> new ArrayList<>()).add(i);
        }
        int[][] out = new int[prompts.size()][];
        boolean[] fin = new boolean[prompts.size()];
        Sampler sampler = new Sampler(sampling, rng);
        for (Map.Entry<Integer, List<Integer>> e : byLength.entrySet()) {
            List<Integer> rows = e.getValue();
            int[][] ids = new int[rows.size()][];
            for (int r = 0; r < rows.size(); r++) ids[r] = prompts.get(rows.get(r));
            Batch b = generateBatch(Nd4j.createFromArray(ids), sampler, maxNewTokens, false);
            for (int r = 0; r < rows.size(); r++) {
                out[rows.get(r)] = b.tokens()[r];
                fin[rows.get(r)] = b.finished()[r];
            }
        }
        return new Result(Arrays.asList(out), fin);
    }

    /**
     * GRPO's groups: {@code groupSize} completions of every prompt, decoded as one batch per prompt length.
     * Completion {@code g} of prompt {@code i} is at index {@code i * groupSize + g} of the result.
     */
    public Result generateGroups(List<int[]> prompts, int groupSize, SamplingConfig sampling, int maxNewTokens,
            SplittableRandom rng) {
        if (groupSize <= 0) {
            throw new IllegalArgumentException("generation parameter 'groupSize' must be > 0, got " + groupSize);
        }
        List<int[]> repeated = new ArrayList<>(prompts.size() * groupSize);
        for (int[] p : prompts) {
            for (int g = 0; g < groupSize; g++) repeated.add(p);
        }
        return generate(repeated, sampling, maxNewTokens, rng);
    }

    /**
     * Generates from prompts of equal length {@code [B, P]} (INT).
     *
     * @param keepLogits keep every step's next-token logits (tests, kernel quality metrics)
     */
    public Batch generateBatch(INDArray prompts, Sampler sampler, int maxNewTokens, boolean keepLogits) {
        if (prompts.rank() != 2 || prompts.size(1) == 0) {
            throw new IllegalArgumentException("prompts must be [batch, length >= 1], got "
                    + Arrays.toString(prompts.shape()));
        }
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("generation parameter 'maxNewTokens' must be > 0, got " + maxNewTokens);
        }
        int b = (int) prompts.size(0);
        int p = (int) prompts.size(1);
        int context = policy.config().contextLength();
        if (p >= context) {
            throw new IllegalArgumentException("prompt of " + p + " tokens leaves no room in policy parameter "
                    + "'contextLength' = " + context);
        }
        int steps = Math.min(maxNewTokens, context - p);
        KvCache cache = caches == null ? null : caches.create(policy.model().config(), b, p + steps);
        int[][] gen = new int[b][steps];
        int[] len = new int[b];
        boolean[] fin = new boolean[b];
        List<INDArray> kept = keepLogits ? new ArrayList<>() : null;
        INDArray seq = prompts.castTo(DataType.INT);
        INDArray next = null;
        for (int s = 0; s < steps; s++) {
            INDArray logits = cache != null
                    ? policy.logits(Tape.inference(), s == 0 ? seq : next, cache).value()
                    : policy.logits(Tape.inference(), seq).value();
            INDArray last = logits.get(NDArrayIndex.all(), NDArrayIndex.point(logits.size(1) - 1), NDArrayIndex.all())
                    .dup('c');
            if (kept != null) kept.add(last);
            next = sampler.next(last);
            int[] host = Sampler.toHost(next);
            boolean all = true;
            for (int r = 0; r < b; r++) {
                if (fin[r]) {
                    host[r] = CharTokenizer.PAD;
                    continue;
                }
                gen[r][len[r]++] = host[r];
                if (host[r] == CharTokenizer.EOS) fin[r] = true;
                all &= fin[r];
            }
            if (all || s == steps - 1) break;
            next = Nd4j.createFromArray(host).reshape(b, 1);
            if (cache == null) seq = Nd4j.concat(1, seq, next);
        }
        int[][] tokens = new int[b][];
        for (int r = 0; r < b; r++) tokens[r] = Arrays.copyOf(gen[r], len[r]);
        return new Batch(tokens, fin, kept == null ? List.of() : kept);
    }

    /**
     * Teacher-forced decoding: feeds {@code continuation} {@code [B, N]} one token per step after the prompts
     * {@code [B, P]} and returns the {@code N + 1} next-token logits {@code [B, V]} (after the prompt, then after
     * each fed token), through the cache or by recomputation. The quality of a compressed cache against the full
     * one is measured this way, on the same inputs.
     */
    public List<INDArray> forcedLogits(INDArray prompts, INDArray continuation) {
        int b = (int) prompts.size(0);
        int n = (int) continuation.size(1);
        int p = (int) prompts.size(1);
        if (p + n > policy.config().contextLength()) {
            throw new IllegalArgumentException("prompt " + p + " + continuation " + n + " tokens exceed policy "
                    + "parameter 'contextLength' = " + policy.config().contextLength());
        }
        KvCache cache = caches == null ? null : caches.create(policy.model().config(), b, p + n);
        List<INDArray> out = new ArrayList<>();
        INDArray seq = prompts.castTo(DataType.INT);
        INDArray cont = continuation.castTo(DataType.INT);
        for (int s = 0; s <= n; s++) {
            INDArray feed = s == 0 ? seq : cont.get(NDArrayIndex.all(), NDArrayIndex.interval(s - 1, s)).dup('c');
            INDArray logits;
            if (cache != null) {
                logits = policy.logits(Tape.inference(), feed, cache).value();
            } else {
                if (s > 0) seq = Nd4j.concat(1, seq, feed);
                logits = policy.logits(Tape.inference(), seq).value();
            }
            out.add(logits.get(NDArrayIndex.all(), NDArrayIndex.point(logits.size(1) - 1), NDArrayIndex.all())
                    .dup('c').reshape(b, logits.size(2)));
        }
        return out;
    }
}
