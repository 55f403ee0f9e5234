package io.rlwb.engine.nn;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where an optimiser's elementwise arithmetic runs. {@link #DEVICE} runs it as ND4J ops on the arrays where the
 * parameters, gradients and optimiser state live: the only correct choice when they live on a GPU. {@link #HOST}
 * runs it in plain Java over bulk copies of CPU memory: on ND4J's CPU backend each op costs 15-20 us of call
 * overhead, more than the arithmetic of a small network, and the host path measured faster there (ADR 0011,
 * docs/benchmarks.md). Both compute the same numbers: the same IEEE operations in the same order, in double
 * precision (tests compare them bit for bit).
 */
public enum UpdatePath {
    HOST,
    DEVICE;

    /** System property that forces a path: {@code host}, {@code device} or {@code auto} (the default). */
    public static final String PROPERTY = "rlwb.nn.updatePath";

    /**
     * The path for the running ND4J backend: {@link #HOST} on the CPU backend, {@link #DEVICE} on any other
     * (CUDA), unless {@link #PROPERTY} says otherwise. A host path on a device backend is refused: it would read
     * and write stale host copies.
     */
    public static UpdatePath forBackend() {
        String forced = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        boolean cpu = cpuBackend();
        switch (forced) {
            case "device":
                return DEVICE;
            case "host":
                if (!cpu) throw new IllegalStateException(PROPERTY + "=host on the non-CPU backend "
                        + Nd4j.getBackend().getClass().getSimpleName() + ": parameters live on the device");
                return HOST;
            case "auto":
                return cpu ? HOST : DEVICE;
            default:
                throw new IllegalArgumentException(PROPERTY + " must be host, device or auto, got '" + forced + "'");
        }
    }

    /** Whether ND4J runs on its CPU backend, where arrays live in host memory. */
    public static boolean cpuBackend() {
        return Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");
    }
}
