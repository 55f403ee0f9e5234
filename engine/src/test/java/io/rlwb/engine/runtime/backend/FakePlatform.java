package io.rlwb.engine.runtime.backend;

import java.util.ArrayList;
import java.util.List;

/** A {@link BackendPlatform} double: a build with or without the CUDA backend and a fixed answer from the runtime. */
public final class FakePlatform implements BackendPlatform {
    private final boolean cpu;
    private final boolean cuda;
    private final CudaStatus status;
    /** How often the CUDA runtime was asked. */
    public int probes;
    /** Selections handed to {@link #activate}. */
    public final List<BackendSelection> activated = new ArrayList<>();

    public FakePlatform(boolean cpu, boolean cuda, CudaStatus status) {
        this.cpu = cpu;
        this.cuda = cuda;
        this.status = status;
    }

    /** The default build: CPU backend only. */
    public static FakePlatform cpuOnly() {
        return new FakePlatform(true, false, null);
    }

    /** A -Pcuda build on a machine whose runtime answers {@code status}. */
    public static FakePlatform cudaBuild(CudaStatus status) {
        return new FakePlatform(true, true, status);
    }

    /** One 24 GiB device. */
    public static CudaDevice device() {
        return new CudaDevice(0, "NVIDIA GeForce RTX 3090", 24L << 30, 8, 6);
    }

    @Override
    public boolean cpuInBuild() {
        return cpu;
    }

    @Override
    public boolean cudaInBuild() {
        return cuda;
    }

    @Override
    public CudaStatus probeCuda() {
        if (!cuda) throw new AssertionError("probed CUDA in a build without it");
        probes++;
        return status;
    }

    @Override
    public BackendSelection activate(BackendSelection selection) {
        activated.add(selection);
        ActiveBackend.set(selection);
        return selection;
    }
}
