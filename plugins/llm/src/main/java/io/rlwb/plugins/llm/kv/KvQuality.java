package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.engine.nn.layers.FullKvCache;
import io.rlwb.engine.telemetry.KvCacheSnapshot;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Quality of a kernel against the full cache on the same inputs: both caches prefill the same prompt and then
 * decode the same continuation one token at a time (teacher forcing, so both see identical inputs); at every
 * decode step the two next-token distributions are compared: top-1 agreement (the fraction of steps and batch
 * rows whose arg-max tokens agree) and mean {@code KL(full || kernel)}. Decode speed is the kernel's own
 * forward passes, timed.
 */
public final class KvQuality {
    private KvQuality() {}

    /**
     * @param steps decode steps compared (times batch rows gives the comparisons)
     * @param tokensPerSecond decoded tokens (steps times batch rows) per second of the kernel's single-token forward
     *     passes (prefill not counted)
     * @param ledger the kernel's ledger after the last step
     */
    public record Result(String kernel, int steps, double top1Agreement, double kl, double tokensPerSecond,
            KvLedger ledger) {}

    /**
     * Decodes {@code prompt} ({@code [B, P]}) then {@code continuation} ({@code [B, N]}) through {@code model}
     * with a full cache and with {@code kernel} (reset first). {@code snapshots}, if not null, receives the
     * kernel's {@link KvCacheSnapshot} (with the running agreement and KL) every {@code every} steps and after
     * the last.
     */
    public static Result compare(DecoderModel model, INDArray prompt, INDArray continuation, KvKernel kernel,
            String kernelId, Consumer<KvCacheSnapshot> snapshots, int every) {
        if (prompt.size(0) != continuation.size(0) || prompt.size(0) != kernel.shape().batch()) {
            throw new IllegalArgumentException("kv quality: prompt batch " + prompt.size(0) + ", continuation batch "
                    + continuation.size(0) + " and kernel batch " + kernel.shape().batch() + " differ");
        }
        long batch = prompt.size(0);
        int n = (int) continuation.size(1);
        FullKvCache full = model.newCache(batch, prompt.size(1) + n);
        kernel.reset();
        model.forward(Tape.inference(), prompt, full);
        model.forward(Tape.inference(), prompt, kernel);
        long kernelNanos = 0;
        double agree = 0;
        double kl = 0;
        for (int i = 0; i < n; i++) {
            INDArray ids = continuation.get(NDArrayIndex.all(), NDArrayIndex.interval(i, i + 1)).dup();
            INDArray lf = model.forward(Tape.inference(), ids, full).value().reshape(batch, -1);
            long s = System.nanoTime();
            INDArray lk = model.forward(Tape.inference(), ids, kernel).value().reshape(batch, -1);
            kernelNanos += System.nanoTime() - s;
            agree += lf.argMax(1).eq(lk.argMax(1)).castTo(lf.dataType()).sumNumber().doubleValue();
            kl += klRows(lf, lk).sumNumber().doubleValue();
            int done = i + 1;
            if (snapshots != null && (done % Math.max(1, every) == 0 || done == n)) {
                snapshots.accept(kernel.snapshot(kernelId, done, agree / (done * batch), kl / (done * batch)));
            }
        }
        double count = Math.max(1, (double) n * batch);
        double seconds = kernelNanos / 1e9;
        return new Result(kernel.name(), n, agree / count, kl / count,
                seconds > 0 ? (double) n * batch / seconds : Double.NaN, kernel.ledger());
    }

    /**
     * Row-wise {@code KL(softmax(full) || softmax(kernel))} of {@code [B, V]} logits, {@code [B]} in double
     * precision and at least 0. In the logits' float type the sum loses the sign of divergences near float rounding
     * (-2.5e-8 nats showed in the KV tab for a kernel that agrees); in double the rounding is ~1e-16, and the clamp
     * removes what is left, since a divergence cannot be negative.
     */
    static INDArray klRows(INDArray full, INDArray kernel) {
        INDArray pf = logSoftmax(full.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
        INDArray pk = logSoftmax(kernel.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
        return Transforms.max(Transforms.exp(pf, true).muli(pf.sub(pk)).sum(1), 0.0, false);
    }

    /** Row-wise log-softmax of {@code [B, V]} logits. */
    static INDArray logSoftmax(INDArray x) {
        INDArray shifted = x.subColumnVector(x.max(1).reshape(x.size(0), 1));
        INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subColumnVector(lse);
    }
}
