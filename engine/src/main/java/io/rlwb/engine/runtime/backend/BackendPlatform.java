package io.rlwb.engine.runtime.backend;

/**
 * What this build and this machine offer for computing, looked at without initialising ND4J, and the means to make
 * ND4J load a chosen backend. {@link Nd4jPlatform} is the real one; tests use doubles to cover a machine with CUDA.
 */
public interface BackendPlatform {
    /** ND4J's CPU backend (nd4j-native) is on the classpath. */
    boolean cpuInBuild();

    /** ND4J's CUDA backend (nd4j-cuda-11.6, the {@code cuda} Maven profile) is on the classpath. */
    boolean cudaInBuild();

    /** Asks the CUDA runtime for its devices; only called when {@link #cudaInBuild()}. Never throws. */
    CudaStatus probeCuda();

    /**
     * Makes ND4J load the selected backend and records the selection ({@link ActiveBackend}). Must run before anything
     * touches ND4J: ND4J picks its backend once per process. Returns the selection in force, which differs from
     * {@code selection} when {@code auto} chose CUDA and ND4J's own CUDA start failed (then the CPU, saying so).
     *
     * @throws BackendUnavailableException {@code --backend cuda} and ND4J could not start its CUDA backend
     */
    BackendSelection activate(BackendSelection selection) throws BackendUnavailableException;
}
