package io.rlwb.engine.nn;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times {@link Mlp}'s passes on the CPU backend's host path against the ND4J-only path, as thread CPU time per call
 * (less sensitive than wall time to other processes on a shared machine): a training forward + backward of PPO's
 * 4-64-64-2 tanh network at 128 rows and of SAC's 3-256-256-2 ReLU network at 256 rows, and the acting pass
 * ({@link Mlp#predictHost} against {@link Mlp#predict}) at 4 and 20 rows, and ND4J's sgemm at 256 x 256 x 256. Not a test, a measurement (ADR 0030):
 * {@code OMP_NUM_THREADS=1 java -cp engine/target/classes:engine/target/test-classes:$(cat app/target/classpath.txt)
 * io.rlwb.engine.nn.MlpHostTiming}.
 */
public final class MlpHostTiming {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] a) {
        for (int round = 0; round < 2; round++) {
            gemm(256, 256, 256, 2000);
            for (UpdatePath path : UpdatePath.values()) {
                train(path, 4, new int[] {64, 64}, 2, Activation.TANH, 128, 3000);
                train(path, 3, new int[] {256, 256}, 2, Activation.RELU, 256, 300);
                act(path, 4, 20000);
                act(path, 20, 5000);
            }
        }
    }

    private static Mlp net(UpdatePath path, int in, int[] hidden, int out, Activation act) {
        return new Mlp(in, hidden, out, act, Math.sqrt(2), 0.01, 1, DataType.FLOAT, ParameterBlock.ND4J, path);
    }

    private static void train(UpdatePath path, int in, int[] hidden, int out, Activation act, int rows, int reps) {
        Mlp net = net(path, in, hidden, out, act);
        INDArray x = Nd4j.rand(DataType.FLOAT, rows, in).subi(0.5);
        INDArray dOut = Nd4j.rand(DataType.FLOAT, rows, out).subi(0.5);
        long fwd = 0, bwd = 0;
        for (int r = 0; r < reps + reps / 5; r++) {
            long t0 = cpu();
            net.forward(x);
            long t1 = cpu();
            net.backward(dOut, false);
            long t2 = cpu();
            if (r >= reps / 5) {
                fwd += t1 - t0;
                bwd += t2 - t1;
            }
        }
        System.out.printf(Locale.ROOT, "%-6s train %d-%s-%d %s x %d rows: forward %.1f us, backward %.1f us%n", path, in,
                java.util.Arrays.toString(hidden), out, act, rows, fwd / 1e3 / reps, bwd / 1e3 / reps);
    }

    private static void act(UpdatePath path, int rows, int reps) {
        Mlp net = net(path, 4, new int[] {64, 64}, 2, Activation.TANH);
        float[] xs = new float[rows * 4];
        for (int i = 0; i < xs.length; i++) xs[i] = (i % 7) * 0.1f - 0.3f;
        float[] out = new float[rows * 2];
        INDArray x = Nd4j.create(xs, new long[] {rows, 4}, 'c');
        long t = 0;
        for (int r = 0; r < reps + reps / 5; r++) {
            long t0 = cpu();
            if (path == UpdatePath.HOST) net.predictHost(xs, rows, out);
            else HostArrays.toDoubles(net.predict(x));
            if (r >= reps / 5) t += cpu() - t0;
        }
        System.out.printf(Locale.ROOT, "%-6s act 4-[64, 64]-2 TANH x %d rows: %.1f us%n", path, rows, t / 1e3 / reps);
    }

    /** Single-thread sgemm throughput of ND4J's BLAS at SAC's hidden-layer shape, for the roofline (GFLOP/s). */
    private static void gemm(int m, int k, int n, int reps) {
        INDArray x = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray w = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray z = Nd4j.create(DataType.FLOAT, m, n);
        long t = 0;
        for (int r = 0; r < reps + reps / 5; r++) {
            long t0 = cpu();
            Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
            if (r >= reps / 5) t += cpu() - t0;
        }
        double us = t / 1e3 / reps;
        System.out.printf(Locale.ROOT, "ND4J sgemm [%d, %d] x [%d, %d]: %.1f us, %.1f GFLOP/s%n", m, k, k, n, us,
                2.0 * m * k * n / us / 1e3);
    }

    private static long cpu() {
        return CPU.getCurrentThreadCpuTime();
    }
}
