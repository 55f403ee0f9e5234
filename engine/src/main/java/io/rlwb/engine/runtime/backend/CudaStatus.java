package io.rlwb.engine.runtime.backend;

import java.util.List;

/**
 * What asking the CUDA runtime found: the devices, or which piece is missing. {@code detail} is the runtime's own
 * words (a library's load error, an error code's name), for the message.
 */
public record CudaStatus(Missing missing, String detail, List<CudaDevice> devices) {
    /** The piece a CUDA run needs that is not there; {@link #NOTHING} when a device answered. */
    public enum Missing {
        /** Everything answered: at least one device. */
        NOTHING,
        /** The CUDA 11.6 runtime libraries (libcudart, cuBLAS) could not be loaded. */
        RUNTIME,
        /** No NVIDIA driver, or one too old for CUDA 11. */
        DRIVER,
        /** A driver but no CUDA device. */
        DEVICE
    }

    public CudaStatus {
        devices = List.copyOf(devices);
        if (missing == Missing.NOTHING && devices.isEmpty()) throw new IllegalArgumentException("no device listed");
    }

    /** A device answered. */
    public static CudaStatus found(List<CudaDevice> devices) {
        return new CudaStatus(Missing.NOTHING, "", devices);
    }

    /** {@code missing} is not there, in the runtime's words {@code detail}. */
    public static CudaStatus lacking(Missing missing, String detail) {
        return new CudaStatus(missing, detail == null ? "" : detail, List.of());
    }

    public boolean usable() {
        return missing == Missing.NOTHING;
    }
}
