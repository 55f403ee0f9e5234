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
     * Makes ND4J load the selected backend when it first initialises. Must run before anything touches ND4J: ND4J
     * picks its backend once per process.
     */
    void activate(BackendSelection selection);
}
