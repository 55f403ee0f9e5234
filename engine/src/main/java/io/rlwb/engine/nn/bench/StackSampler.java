package io.rlwb.engine.nn.bench;

import java.util.Locale;

/**
 * Where one thread spends its time, by sampling its stack about every millisecond: inside a native method
 * (ND4J's kernels and JavaCPP), in ND4J's Java code (op construction, shape checks, workspace bookkeeping) or in
 * other Java (the tape, the layers, the JDK). Stack samples are taken at safepoints, so the Java shares are
 * approximate; time in native code is measured well (a thread in native code is always at a safepoint).
 */
final class StackSampler implements AutoCloseable {
    private final Thread target;
    private final Thread sampler;
    private volatile boolean running = true;
    private long nativeSamples;
    private long nd4jJavaSamples;
    private long otherSamples;

    StackSampler(Thread target) {
        this.target = target;
        sampler = new Thread(this::loop, "stack-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void loop() {
        while (running) {
            StackTraceElement[] st = target.getStackTrace();
            if (st.length > 0) {
                classify(st);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void classify(StackTraceElement[] st) {
        if (st[0].isNativeMethod()) {
            nativeSamples++;
            return;
        }
        for (StackTraceElement e : st) {
            String c = e.getClassName();
            if (c.startsWith("org.nd4j.") || c.startsWith("org.bytedeco.")) {
                nd4jJavaSamples++;
                return;
            }
        }
        otherSamples++;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join();
    }

    synchronized String report() {
        double n = Math.max(1, nativeSamples + nd4jJavaSamples + otherSamples);
        return String.format(Locale.ROOT, "%.0f%% native ND4J kernels, %.0f%% ND4J Java side, %.0f%% tape/layers/JDK "
                + "(%d samples)", 100 * nativeSamples / n, 100 * nd4jJavaSamples / n, 100 * otherSamples / n,
                (long) n);
    }
}
