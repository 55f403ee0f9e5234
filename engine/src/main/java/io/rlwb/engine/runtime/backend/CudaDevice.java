package io.rlwb.engine.runtime.backend;

import java.util.Locale;

/** One CUDA device as the CUDA runtime describes it. */
public record CudaDevice(int index, String name, long memoryBytes, int major, int minor) {
    /** {@code NVIDIA A100-SXM4-40GB, 39.4 GiB, compute 8.0}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s, %.1f GiB, compute %d.%d", name, memoryBytes / (double) (1L << 30), major,
                minor);
    }
}
