package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.engine.nn.layers.FeedForward;
import io.rlwb.engine.nn.layers.Norm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Memory against agreement of every kernel on one randomly initialised tiny decoder (vocab 32, width 64, 4 heads
 * of 16, 4 layers, rotary, float32, seed 1, every weight matrix scaled by {@value #SCALE} so attention is peaked): prefill a random prompt of {@code context} tokens (token 0, the
 * sentence delimiter, at every 12th position), then decode {@code steps} random tokens teacher-forced, and print
 * one markdown row per kernel and budget: bytes held, compression against full fp32, bytes read per decoded
 * token, top-1 agreement and KL against the full cache, decode tokens/s.
 *
 * <p>Usage: {@code KvBench [context] [steps] [name filter]} (defaults 256, 32 and every kernel; a filter runs only
 * the kernels whose name contains it). Budgets are 1/2, 1/4 and 1/8 of the
 * context for the kernels that take a token budget.
 */
public final class KvBench {
    /** Factor on every weight matrix of the random model. */
    static final double SCALE = 8;

    private KvBench() {}

    public static void main(String[] args) {
        int context = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        String only = args.length > 2 ? args[2] : "";
        DecoderModel m = new DecoderModel(new DecoderModel.Config(32, 64, 4, 4, 256, context + steps + 8,
                DecoderModel.Positions.ROTARY, true, Norm.Kind.LAYER, FeedForward.Activation.GELU_TANH, 0, 1,
                DataType.FLOAT));
        // GPT-2's init (std 0.02) gives nearly uniform attention; matrices scaled to std 0.16 make it peaked
        m.namedParameters().forEach((name, p) -> {
            if (name.endsWith(".weight") && p.value().rank() == 2 && !name.contains("norm")) p.value().muli(SCALE);
        });
        INDArray prompt = ids(2, context);
        INDArray cont = ids(3, steps);
        KvShape s = KvShape.of(m, 1);
        DoubleSparsityKernel.Calibration cal = DoubleSparsityKernel.Calibration.of(m, ids(4, 128), 4);
        KiviStore.Config k4 = KiviStore.Config.defaults(4);
        KiviStore.Config k2 = KiviStore.Config.defaults(2);
        List<Object[]> runs = new ArrayList<>();
        add(runs, "-", x -> FullKernel.full(s));
        add(runs, "-", x -> FullKernel.kivi(s, k4));
        add(runs, "-", x -> FullKernel.kivi(s, k4.withScales(DataType.HALF)));
        add(runs, "-", x -> FullKernel.kivi(s, k2));
        add(runs, "-", x -> new MiniCacheKernel(s, MiniCacheKernel.Config.defaults(4), DenseStore.factory()));
        add(runs, "-", x -> new MiniCacheKernel(s, MiniCacheKernel.Config.defaults(4), KiviStore.factory(k4)));
        for (int div : new int[] {2, 4, 8}) {
            int b = context / div;
            String label = "1/" + div;
            add(runs, label, x -> new SinkWindowKernel(s, new SinkWindowKernel.Config(4, b - 4), DenseStore.factory()));
            add(runs, label, x -> new SinkWindowKernel(s, new SinkWindowKernel.Config(4, b - 4), KiviStore.factory(k4)));
            add(runs, label, x -> new HeavyHitterKernel(s, HeavyHitterKernel.Config.ofBudget(b)));
            add(runs, label, x -> new DoubleSparsityKernel(s, new DoubleSparsityKernel.Config(4, b), cal));
            add(runs, label, x -> new SentenceKvKernel(s, new SentenceKvKernel.Config(Set.of(0), b)));
        }
        System.out.printf(Locale.ROOT, "context %d, %d decode steps, batch 1%n%n", context, steps);
        System.out.println("| kernel | budget | KiB held | compression | KiB read/token | top-1 agreement | KL | tokens/s |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Object[] r : runs) {
            @SuppressWarnings("unchecked")
            KvKernel k = ((Function<Void, KvKernel>) r[1]).apply(null);
            if (!k.name().contains(only)) continue;
            KvQuality.Result q = KvQuality.compare(m, prompt, cont, k, k.name(), null, steps);
            KvLedger l = q.ledger();
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.2f | %.1f | %.3f | %.4f | %.0f |%n", q.kernel(), r[0],
                    l.bytes() / 1024.0, l.compressionRatio(), l.bytesReadPerToken() / 1024.0, q.top1Agreement(),
                    q.kl(), q.tokensPerSecond());
        }
    }

    private static void add(List<Object[]> runs, String budget, Function<Void, KvKernel> make) {
        runs.add(new Object[] {budget, make});
    }

    private static INDArray ids(long seed, int t) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] x = new int[t];
        for (int i = 0; i < t; i++) x[i] = i % 12 == 11 ? 0 : 1 + r.nextInt(31);
        return Nd4j.createFromArray(new int[][] {x});
    }
}
