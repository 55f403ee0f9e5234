package io.rlwb.engine.nn;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times the optimiser-side parts of an update on both {@link UpdatePath}s, as thread CPU time per call (less
 * sensitive than wall time to other processes on a shared machine): zeroing, clipping and Adam over a PPO-sized
 * policy and critic (4-64-64-2 and 4-64-64-1), and zeroing, Adam and Polyak averaging over SAC's twin critic at
 * CleanRL's size (4-256-256-1 twice). Not a test, a measurement (ADR 0011):
 * {@code OMP_NUM_THREADS=1 java -cp engine/target/classes:engine/target/test-classes:$(cat app/target/classpath.txt)
 * io.rlwb.engine.nn.UpdatePathTiming}.
 */
public final class UpdatePathTiming {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] a) {
        for (int round = 0; round < 2; round++) {
            for (UpdatePath path : UpdatePath.values()) {
                ppo(path, 3000);
                sac(path, 300);
            }
        }
    }

    private static void ppo(UpdatePath path, int reps) {
        Mlp pol = new Mlp(4, new int[] {64, 64}, 2, Activation.TANH, Math.sqrt(2), 0.01, 1, DataType.FLOAT);
        Mlp cri = new Mlp(4, new int[] {64, 64}, 1, Activation.TANH, Math.sqrt(2), 1.0, 2, DataType.FLOAT);
        List<Parameter> all = new ArrayList<>(pol.parameters());
        all.addAll(cri.parameters());
        Adam adam = new Adam(all, 1e-6, 0.9, 0.999, 1e-5, true, path);
        long[] t = new long[3];
        for (int r = 0; r < reps + 300; r++) {
            pol.block().grads().assign(Nd4j.rand(DataType.FLOAT, pol.block().length()).subi(0.5));
            long t0 = cpu();
            Parameters.zeroGrad(all, path);
            long t1 = cpu();
            pol.block().grads().addi(1e-3);
            long t2 = cpu();
            GradClip.clipGradNorm(all, 1e-3, path);
            long t3 = cpu();
            adam.step(r / (double) (reps + 300));
            long t4 = cpu();
            if (r >= 300) {
                t[0] += t1 - t0;
                t[1] += t3 - t2;
                t[2] += t4 - t3;
            }
        }
        System.out.printf(Locale.ROOT, "PPO 2x(4-64-64) %-6s us/call: zero %.1f, clip %.1f, Adam %.1f%n", path,
                t[0] / 1e3 / reps, t[1] / 1e3 / reps, t[2] / 1e3 / reps);
    }

    private static void sac(UpdatePath path, int reps) {
        List<Parameter> online = new ArrayList<>();
        List<Parameter> target = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            online.addAll(new Mlp(4, new int[] {256, 256}, 1, Activation.RELU, Math.sqrt(2), 1, m, DataType.FLOAT).parameters());
            target.addAll(new Mlp(4, new int[] {256, 256}, 1, Activation.RELU, Math.sqrt(2), 1, m, DataType.FLOAT).parameters());
        }
        Adam adam = new Adam(online, 1e-6, 0.9, 0.999, 1e-5, false, path);
        long[] t = new long[3];
        for (int r = 0; r < reps + 50; r++) {
            long t0 = cpu();
            Parameters.zeroGrad(online, path);
            long t1 = cpu();
            adam.step(0);
            long t2 = cpu();
            Parameters.polyak(target, online, 0.005, path);
            long t3 = cpu();
            if (r >= 50) {
                t[0] += t1 - t0;
                t[1] += t2 - t1;
                t[2] += t3 - t2;
            }
        }
        System.out.printf(Locale.ROOT, "SAC 2x(4-256-256-1) %-6s us/call: zero %.1f, Adam %.1f, Polyak %.1f%n", path,
                t[0] / 1e3 / reps, t[1] / 1e3 / reps, t[2] / 1e3 / reps);
    }

    private static long cpu() {
        return CPU.getCurrentThreadCpuTime();
    }
}
