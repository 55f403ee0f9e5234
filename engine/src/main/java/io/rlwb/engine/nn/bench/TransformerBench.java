package io.rlwb.engine.nn.bench;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.Ops;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.engine.nn.layers.FeedForward;
import io.rlwb.engine.nn.layers.FullKvCache;
import io.rlwb.engine.nn.layers.Norm;
import io.rlwb.engine.nn.layers.TransformerBlock;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The measurements of ADR 0010 ({@code ./workbench bench --transformer}): one pre-norm transformer block
 * (batch 16 x 64 tokens, width 128, 4 heads, GELU MLP 4x, causal), forward + backward, on the tape and on
 * SameDiff, with the tape's time split by stack sampling; then KV-cache decoding speed of a 2-layer model.
 */
public final class TransformerBench {
    static final int BATCH = 16;
    static final int TIME = 64;
    static final int WIDTH = 128;
    static final int HEADS = 4;

    private TransformerBench() {}

    /**
     * @param iterations timed steps per block candidate (after a warm-up of a quarter as many, at least 1)
     * @param decodeSteps timed decoding steps per decoding configuration (0 skips decoding)
     */
    public static void run(PrintWriter out, int iterations, int decodeSteps) {
        SplittableRandom rng = new SplittableRandom(1);
        TransformerBlock block = new TransformerBlock("b", WIDTH, HEADS, 4 * WIDTH, Norm.Kind.LAYER,
                FeedForward.Activation.GELU_TANH, null, 0.02, 0.02 / Math.sqrt(2), 0, null, rng, DataType.FLOAT);
        INDArray x = Nd4j.randn(new SplittableRandom(2).nextLong(), new long[] {BATCH, TIME, WIDTH}).castTo(DataType.FLOAT);
        INDArray w = Nd4j.randn(new SplittableRandom(3).nextLong(), new long[] {BATCH, TIME, WIDTH}).castTo(DataType.FLOAT);
        int warm = Math.max(1, iterations / 4);
        out.printf(Locale.ROOT, "transformer block fwd+bwd: batch %d x %d tokens, width %d, %d heads, MLP %d, FLOAT%n",
                BATCH, TIME, WIDTH, HEADS, 4 * WIDTH);

        for (int i = 0; i < warm; i++) tapeStep(block, x, w);
        long t0 = System.nanoTime();
        long c0 = cpu();
        int ops = 0;
        for (int i = 0; i < iterations; i++) ops = tapeStep(block, x, w);
        double tapeMs = (System.nanoTime() - t0) / 1e6 / iterations;
        double tapeCpuMs = (cpu() - c0) / 1e6 / iterations;
        String share;
        try (StackSampler s = new StackSampler(Thread.currentThread())) {
            for (int i = 0; i < iterations; i++) tapeStep(block, x, w);
            s.close();
            share = s.report();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        out.printf(Locale.ROOT, "  tape     %8.2f ms/step wall, %8.2f ms thread CPU  (%d recorded ops; %s)%n", tapeMs,
                tapeCpuMs, ops, share);
        out.flush();

        Map<String, Parameter> params = block.namedParameters();
        SameDiffBlock sd = new SameDiffBlock(params, "b", HEADS, BATCH, TIME, WIDTH, w);
        // SameDiff prints a line per op to System.out when it first builds its gradient graph
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            sd.gradients(x);
        } finally {
            System.setOut(stdout);
        }
        for (int i = 0; i < warm; i++) sd.gradients(x);
        t0 = System.nanoTime();
        c0 = cpu();
        Map<String, INDArray> sdGrads = null;
        for (int i = 0; i < iterations; i++) sdGrads = sd.gradients(x);
        double sdMs = (System.nanoTime() - t0) / 1e6 / iterations;
        double sdCpuMs = (cpu() - c0) / 1e6 / iterations;
        // the gradients of both, for the same weights and input
        block.zeroGrad();
        tapeStep(block, x, w);
        double worst = 0;
        String worstName = "-";
        double global = 0;
        for (Parameter p : params.values()) global = Math.max(global, p.grad().amaxNumber().doubleValue());
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            INDArray tg = e.getValue().grad();
            INDArray sg = sdGrads.get(e.getKey());
            // relative to the parameter's largest gradient, or to 1e-3 of the largest of all for parameters whose
            // true gradient is ~0 (the key bias: softmax ignores a shift shared by a query's scores)
            double scale = Math.max(1e-3 * global, tg.amaxNumber().doubleValue());
            double err = sg == null ? Double.POSITIVE_INFINITY : tg.sub(sg.reshape(tg.shape())).amaxNumber().doubleValue() / scale;
            if (err > worst) {
                worst = err;
                worstName = e.getKey();
            }
        }
        out.printf(Locale.ROOT, "  samediff %8.2f ms/step wall, %8.2f ms thread CPU  (largest gradient difference to the "
                + "tape, relative to the parameter's largest gradient: %.1e at %s)%n", sdMs, sdCpuMs, worst, worstName);
        out.flush();

        if (decodeSteps > 0) {
            decode(out, decodeSteps);
        }
    }

    /**
     * CPU time of this thread: with {@code OMP_NUM_THREADS=1} ND4J computes on the calling thread, so this is the
     * step's cost without the time spent waiting for a core on a shared machine.
     */
    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static int tapeStep(TransformerBlock block, INDArray x, INDArray w) {
        block.zeroGrad();
        Tape tape = Tape.training();
        Tensor y = block.forward(tape, tape.constant(x), null, 0, 0);
        Tensor loss = Ops.sum(Ops.mul(y, tape.constant(w)));
        int ops = tape.size();
        tape.backward(loss);
        return ops;
    }

    private static void decode(PrintWriter out, int steps) {
        DecoderModel m = new DecoderModel(new DecoderModel.Config(256, WIDTH, HEADS, 2, 4 * WIDTH, 1024,
                DecoderModel.Positions.ROTARY, true, Norm.Kind.LAYER, FeedForward.Activation.GELU_TANH, 0, 7,
                DataType.FLOAT));
        out.printf(Locale.ROOT, "KV-cache decoding: 2 layers, width %d, %d heads, vocab 256, rotary, FLOAT; prompt "
                + "prefilled in chunks of 128, then %d greedy steps (argmax on the device, no host copy)%n",
                WIDTH, HEADS, steps);
        decodeRun(m, 1, 64, steps); // warm-up
        out.println("| batch | context | prefill tokens/s | decode tokens/s | decode ms/step (wall) | decode ms/step "
                + "(thread CPU) |");
        out.println("|---:|---:|---:|---:|---:|---:|");
        for (int batch : new int[] {1, 16}) {
            for (int ctx : new int[] {128, 512, 1024}) {
                double[] r = decodeRun(m, batch, ctx, steps);
                out.printf(Locale.ROOT, "| %d | %d | %,.0f | %,.0f | %.2f | %.2f |%n", batch, ctx, r[0], r[1],
                        1000.0 * batch / r[1], r[2]);
                out.flush();
            }
        }
    }

    /**
     * Prefill {@code ctx - steps} tokens, then decode {@code steps}: {prefill tokens/s, decode tokens/s, decode
     * thread-CPU ms per step}.
     */
    private static double[] decodeRun(DecoderModel m, int batch, int ctx, int steps) {
        int prompt = ctx - steps;
        FullKvCache cache = m.newCache(batch, ctx);
        INDArray ids = Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.random.impl.UniformDistribution(
                Nd4j.createUninitialized(DataType.FLOAT, batch, prompt), 0, 256)).castTo(DataType.INT);
        long t0 = System.nanoTime();
        INDArray logits = null;
        for (int at = 0; at < prompt; at += 128) {
            int n = Math.min(128, prompt - at);
            logits = m.forward(Tape.inference(), ids.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + n)).dup(),
                    cache).value();
        }
        long t1 = System.nanoTime();
        long c1 = cpu();
        for (int i = 0; i < steps; i++) {
            INDArray next = logits.get(NDArrayIndex.all(), NDArrayIndex.point(logits.size(1) - 1), NDArrayIndex.all())
                    .argMax(1).reshape(batch, 1);
            logits = m.forward(Tape.inference(), next, cache).value();
        }
        logits.sumNumber(); // wait for the last step (asynchronous backends)
        long t2 = System.nanoTime();
        double cpuMs = (cpu() - c1) / 1e6 / steps;
        return new double[] {(double) batch * prompt / ((t1 - t0) / 1e9), (double) batch * steps / ((t2 - t1) / 1e9),
                cpuMs};
    }

    /** {@code java ... io.rlwb.engine.nn.bench.TransformerBench [iterations] [decodeSteps]}. */
    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int decodeSteps = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        PrintWriter out = new PrintWriter(System.out, true);
        run(out, iterations, decodeSteps);
    }
}
