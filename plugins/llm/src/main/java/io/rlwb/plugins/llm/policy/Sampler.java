package io.rlwb.plugins.llm.policy;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Draws next tokens from logits {@code [B, V]} with temperature, top-k and top-p, or greedily.
 *
 * <p>Everything that touches the vocabulary axis runs as ND4J ops (on the device under CUDA): temperature scaling,
 * the top-k and top-p thresholds (by sorting a copy of each row), the softmax and the inverse-CDF draw
 * {@code id = #{j : cdf_j < u}}. The only host-to-device traffic is the {@code B} uniform numbers {@code u}, which
 * come from a {@link SplittableRandom} seeded by the caller, so a seed fixes the draws on every backend and with
 * any number of threads (ND4J's own generator would tie the stream to the backend). The drawn ids stay an ND4J
 * array; {@link #toHost} is the one, named, place where they are copied to the host (the generator needs them to
 * stop at {@code <eos>} and to return text).
 */
public final class Sampler {
    private final SamplingConfig config;
    private final SplittableRandom rng;

    public Sampler(SamplingConfig config, SplittableRandom rng) {
        this.config = config;
        this.rng = rng;
    }

    public Sampler(SamplingConfig config, long seed) {
        this(config, new SplittableRandom(seed));
    }

    /** Next token ids {@code [B, 1]} (INT, an ND4J array) for logits {@code [B, V]}. */
    public INDArray next(INDArray logits) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("sampler: logits must be [batch, vocab], got "
                    + java.util.Arrays.toString(logits.shape()));
        }
        long b = logits.size(0);
        if (config.isGreedy()) {
            return logits.argMax(1).castTo(DataType.INT).reshape(b, 1);
        }
        INDArray probs = probabilities(logits);
        INDArray cdf = probs.cumsum(1);
        double[] u = new double[(int) b];
        for (int i = 0; i < u.length; i++) {
            u[i] = ((rng.nextLong() >>> 11) + 0.5) * 0x1.0p-53; // uniform in (0, 1), never 0
        }
        // scaled by each row's total so rounding in the cumulative sum cannot push u past the last kept token
        INDArray uu = Nd4j.createFromArray(u).castTo(cdf.dataType()).reshape(b, 1)
                .muli(cdf.getColumn(cdf.size(1) - 1, true));
        INDArray below = cdf.subColumnVector(uu).lt(0).castTo(DataType.INT);
        return below.sum(1).reshape(b, 1);
    }

    /**
     * The distribution {@link #next} draws from, {@code [B, V]}: softmax of {@code logits / temperature}
     * restricted to the top-k and top-p sets (renormalised). Not defined for greedy configurations.
     */
    public INDArray probabilities(INDArray logits) {
        if (config.isGreedy()) {
            throw new IllegalStateException("a greedy sampler has no sampling distribution");
        }
        INDArray z = logits.dup('c');
        if (config.temperature() != 1) {
            z.divi(config.temperature());
        }
        long v = z.size(1);
        if (config.topK() > 0 && config.topK() < v) {
            INDArray sorted = Nd4j.sort(z.dup('c'), 1, false); // descending
            INDArray kth = sorted.getColumn(config.topK() - 1, true);
            z = keepAtLeast(z, kth);
        }
        INDArray p = Transforms.softmax(z, true);
        if (config.topP() < 1) {
            INDArray sorted = Nd4j.sort(p.dup('c'), 1, false);
            INDArray before = sorted.cumsum(1).subi(sorted); // mass strictly above each sorted entry
            INDArray kept = before.lt(config.topP()).castTo(p.dataType());
            // smallest kept probability: kept entries as they are, dropped ones pushed above 1
            INDArray threshold = sorted.mul(kept).addi(kept.rsub(1).muli(2)).min(true, 1);
            INDArray keep = p.subColumnVector(threshold).gte(0).castTo(p.dataType());
            p = p.mul(keep);
            p.diviColumnVector(p.sum(true, 1));
        }
        return p;
    }

    /** Logits below {@code threshold} ({@code [B, 1]}) set to a value whose softmax weight is exactly 0. */
    private static INDArray keepAtLeast(INDArray z, INDArray threshold) {
        INDArray keep = z.subColumnVector(threshold).gte(0).castTo(z.dataType());
        return z.mul(keep).addi(keep.rsub(1).muli(-1e9));
    }

    /**
     * Copies sampled ids {@code [B, 1]} to the host. The only device-to-host transfer of a decoding step: done
     * once per step by the generator, for stopping at {@code <eos>} and for returning tokens.
     */
    public static int[] toHost(INDArray ids) {
        return ids.reshape(ids.length()).toIntVector();
    }
}
