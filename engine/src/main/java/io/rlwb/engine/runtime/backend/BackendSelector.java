package io.rlwb.engine.runtime.backend;

/**
 * Chooses the backend for a request from what the {@link BackendPlatform} offers: {@code cpu} always works,
 * {@code cuda} works or is refused with what is missing, {@code auto} takes CUDA when it is in the build and a
 * device answers and the CPU otherwise, saying why.
 */
public final class BackendSelector {
    private BackendSelector() {}

    /** The selection for {@code choice}; a refusal names what is missing (no CUDA backend, runtime, driver, device). */
    public static BackendSelection select(BackendChoice choice, BackendPlatform platform)
            throws BackendUnavailableException {
        switch (choice) {
            case CPU:
                return cpu(choice, "requested", platform);
            case CUDA: {
                if (!platform.cudaInBuild()) throw new BackendUnavailableException(refusal(null));
                CudaStatus s = platform.probeCuda();
                if (!s.usable()) throw new BackendUnavailableException(refusal(s));
                return new BackendSelection(choice, BackendSelection.Kind.CUDA, "requested", s.devices().get(0), false);
            }
            default: {
                if (!platform.cudaInBuild()) return cpu(choice, "auto: no CUDA backend in this build", platform);
                CudaStatus s = platform.probeCuda();
                if (!s.usable()) return cpu(choice, "auto: " + missing(s), platform);
                return new BackendSelection(choice, BackendSelection.Kind.CUDA, "auto: a CUDA device answered",
                        s.devices().get(0), platform.cpuInBuild());
            }
        }
    }

    private static BackendSelection cpu(BackendChoice choice, String reason, BackendPlatform platform)
            throws BackendUnavailableException {
        if (!platform.cpuInBuild()) {
            throw new BackendUnavailableException("--backend " + choice.id() + ": this build has no CPU backend "
                    + "(nd4j-native is missing from the classpath; rebuild with ./mvnw install)");
        }
        return new BackendSelection(choice, BackendSelection.Kind.CPU, reason, null, false);
    }

    /** Why {@code --backend cuda} cannot work; {@code s == null}: the build has no CUDA backend. */
    static String refusal(CudaStatus s) {
        String fix;
        if (s == null) {
            fix = "rebuild with the CUDA profile: ./mvnw -Pcuda install (Linux or Windows x86-64; docs/gpu.md)";
        } else {
            fix = switch (s.missing()) {
                case RUNTIME -> "install CUDA 11.6 and cuDNN 8.3, or rebuild with -Pcuda,cuda-redist (docs/gpu.md)";
                case DRIVER -> "install an NVIDIA driver for CUDA 11 (450.80.02 or newer on Linux, 452.39 or newer on "
                        + "Windows; docs/gpu.md)";
                case DEVICE -> "check that nvidia-smi lists a GPU and that CUDA_VISIBLE_DEVICES does not hide it";
                case NOTHING -> throw new IllegalArgumentException("nothing is missing");
            };
        }
        return "--backend cuda: " + (s == null ? "no CUDA backend in this build" : missing(s)) + "; " + fix;
    }

    /** {@code no NVIDIA driver (cudaErrorInsufficientDriver)} and the like. */
    static String missing(CudaStatus s) {
        String what = switch (s.missing()) {
            case RUNTIME -> "the CUDA 11.6 runtime libraries could not be loaded";
            case DRIVER -> "no usable NVIDIA driver";
            case DEVICE -> "no CUDA device";
            case NOTHING -> "nothing missing";
        };
        return s.detail().isBlank() ? what : what + " (" + s.detail() + ")";
    }
}
