package io.rlwb.engine.runtime.backend;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.common.config.ND4JClassLoading;

/**
 * The real {@link BackendPlatform}: reads which ND4J backends the classpath has from their service files, asks the
 * CUDA runtime (JavaCPP's {@code org.bytedeco.cuda.global.cudart}, present only in a {@code -Pcuda} build, hence
 * reflection) for driver and devices, and steers ND4J with a {@link BackendServiceFilter}. Nothing here initialises
 * ND4J. Loading the CUDA libraries is native loading: it happens on the caller's thread, which at start is the main
 * thread before JavaFX (ADR 0009).
 */
public final class Nd4jPlatform implements BackendPlatform {
    /** ND4J's CPU backend class. */
    public static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    /** ND4J's CUDA backend class. */
    public static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
    private static final String CUDART = "org.bytedeco.cuda.global.cudart";
    private static final String DEVICE_PROP = "org.bytedeco.cuda.cudart.cudaDeviceProp";
    private static final int CUDA_SUCCESS = 0;
    private static final int CUDA_ERROR_INSUFFICIENT_DRIVER = 35;
    private static final int CUDA_ERROR_NO_DEVICE = 100;

    private final ClassLoader loader;

    /** The platform of this process: ND4J's class loader, seen without a filter an earlier activation installed. */
    public Nd4jPlatform() {
        this(unfiltered(ND4JClassLoading.getNd4jClassloader()));
    }

    private static ClassLoader unfiltered(ClassLoader l) {
        return l instanceof BackendServiceFilter f ? f.getParent() : l;
    }

    Nd4jPlatform(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public boolean cpuInBuild() {
        return listed().contains(CPU_BACKEND);
    }

    @Override
    public boolean cudaInBuild() {
        return listed().contains(CUDA_BACKEND);
    }

    private List<String> listed() {
        try {
            return BackendServiceFilter.listed(loader);
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public CudaStatus probeCuda() {
        Class<?> cudart;
        try {
            cudart = Class.forName(CUDART, true, loader); // loads libcudart through JavaCPP
        } catch (Throwable e) {
            return loadFailure(e);
        }
        try {
            int[] driver = {0};
            call(cudart, "cudaDriverGetVersion", driver);
            if (driver[0] == 0) return CudaStatus.lacking(CudaStatus.Missing.DRIVER, "no NVIDIA driver is installed");
            if (driver[0] < 11000) {
                return CudaStatus.lacking(CudaStatus.Missing.DRIVER,
                        "the driver supports CUDA " + version(driver[0]) + ", the backend needs 11.x");
            }
            int[] count = {0};
            int err = call(cudart, "cudaGetDeviceCount", count);
            if (err == CUDA_ERROR_INSUFFICIENT_DRIVER) {
                return CudaStatus.lacking(CudaStatus.Missing.DRIVER, errorName(cudart, err));
            }
            if (err == CUDA_ERROR_NO_DEVICE || (err == CUDA_SUCCESS && count[0] == 0)) {
                return CudaStatus.lacking(CudaStatus.Missing.DEVICE, err == CUDA_SUCCESS ? "0 devices" : errorName(cudart, err));
            }
            if (err != CUDA_SUCCESS) return CudaStatus.lacking(CudaStatus.Missing.DEVICE, errorName(cudart, err));
            List<CudaDevice> devices = new ArrayList<>();
            for (int i = 0; i < count[0]; i++) devices.add(device(cudart, i));
            return CudaStatus.found(devices);
        } catch (Throwable e) {
            return CudaStatus.lacking(CudaStatus.Missing.RUNTIME, rootMessage(e));
        }
    }

    /**
     * What a failure to load the CUDA libraries means: the driver's own library ({@code libcuda.so},
     * {@code nvcuda.dll}) missing is a missing driver; anything else (libcudart, the JNI library, the classes) is the
     * CUDA runtime.
     */
    static CudaStatus loadFailure(Throwable e) {
        String m = rootMessage(e);
        boolean driver = m.contains("libcuda.so") || m.toLowerCase(java.util.Locale.ROOT).contains("nvcuda.dll");
        return CudaStatus.lacking(driver ? CudaStatus.Missing.DRIVER : CudaStatus.Missing.RUNTIME, m);
    }

    private CudaDevice device(Class<?> cudart, int i) throws ReflectiveOperationException {
        Class<?> propClass = Class.forName(DEVICE_PROP, true, loader);
        Object prop = propClass.getConstructor().newInstance();
        int err = (Integer) cudart.getMethod("cudaGetDeviceProperties", propClass, int.class).invoke(null, prop, i);
        if (err != CUDA_SUCCESS) return new CudaDevice(i, "device " + i + " (" + errorName(cudart, err) + ")", 0, 0, 0);
        Object namePointer = propClass.getMethod("name").invoke(prop);
        String name = (String) namePointer.getClass().getMethod("getString").invoke(namePointer);
        long memory = (Long) propClass.getMethod("totalGlobalMem").invoke(prop);
        int major = (Integer) propClass.getMethod("major").invoke(prop);
        int minor = (Integer) propClass.getMethod("minor").invoke(prop);
        return new CudaDevice(i, name, memory, major, minor);
    }

    private static int call(Class<?> cudart, String method, int[] out) throws ReflectiveOperationException {
        try {
            return (Integer) cudart.getMethod(method, int[].class).invoke(null, (Object) out);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Error err) throw err; // an UnsatisfiedLinkError is the runtime's answer
            throw e;
        }
    }

    private static String errorName(Class<?> cudart, int err) {
        try {
            Object p = cudart.getMethod("cudaGetErrorString", int.class).invoke(null, err);
            return "CUDA error " + err + ": " + p.getClass().getMethod("getString").invoke(p);
        } catch (Throwable e) {
            return "CUDA error " + err;
        }
    }

    private static String version(int v) {
        return (v / 1000) + "." + (v % 1000) / 10;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /**
     * Hands ND4J a class loader whose backend list holds only the selected backend (and the CPU one too when
     * {@code auto} allows ND4J to fall back), and records the selection. On CUDA it also initialises ND4J at once,
     * on this thread: a failure of ND4J's own CUDA start is then a clear refusal (or, for {@code auto}, the CPU)
     * rather than an error in the middle of a run. Has no effect on an ND4J already initialised in this process
     * ({@code Backend.mismatch} tells).
     */
    @Override
    public BackendSelection activate(BackendSelection selection) throws BackendUnavailableException {
        Set<String> allowed = new LinkedHashSet<>();
        if (selection.kind() == BackendSelection.Kind.CUDA) allowed.add(CUDA_BACKEND);
        if (selection.kind() == BackendSelection.Kind.CPU || selection.cpuFallback()) allowed.add(CPU_BACKEND);
        ND4JClassLoading.setNd4jClassloader(new BackendServiceFilter(unfiltered(ND4JClassLoading.getNd4jClassloader()),
                allowed));
        ActiveBackend.set(selection);
        if (selection.kind() == BackendSelection.Kind.CPU) return selection;
        String loaded;
        try {
            loaded = org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName();
        } catch (Throwable e) {
            throw new BackendUnavailableException("--backend " + selection.requested().id()
                    + ": ND4J could not start its CUDA backend (" + rootMessage(e) + "); docs/gpu.md lists what it needs");
        }
        if (loaded.equals(CUDA_BACKEND)) return selection;
        if (selection.cpuFallback()) {
            BackendSelection cpu = new BackendSelection(selection.requested(), BackendSelection.Kind.CPU,
                    "auto: ND4J could not start CUDA on " + selection.device().name() + ", running on the CPU", null, false);
            ActiveBackend.set(cpu);
            return cpu;
        }
        throw new BackendUnavailableException("--backend cuda: ND4J was already running on " + loaded
                + " when the backend was chosen");
    }
}
