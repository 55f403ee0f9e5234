package io.rlwb.engine.runtime;

import io.rlwb.engine.runtime.backend.ActiveBackend;
import io.rlwb.engine.runtime.backend.BackendSelection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What computes: ND4J's backend and the CPU's vector level or the GPU's name and memory, for run.json, the progress
 * line and the status bar. Which backend ND4J loads is decided before it initialises (backend.BackendSelector).
 */
public final class Backend {
    private Backend() {}

    /** Short label such as {@code CPU avx512} or {@code CUDA NVIDIA A100 (39.4 GiB)}. Initialises ND4J on first call. */
    public static String label() {
        return label(Nd4j.getExecutioner().getEnvironmentInformation());
    }

    /**
     * The label and, when the backend was not simply requested, why it is this one: {@code CPU avx2 (auto: no CUDA
     * backend in this build)}. For the status bar and the progress line. Initialises ND4J.
     */
    public static String labelWithReason() {
        BackendSelection s = ActiveBackend.get();
        String label = label();
        return s == null || "requested".equals(s.reason()) ? label : label + " (" + s.reason() + ")";
    }

    /** The label for ND4J's environment information {@code env} (the keys its CPU and CUDA executioners write). */
    static String label(Properties env) {
        String b = String.valueOf(env.getOrDefault("backend", "unknown"));
        if ("CPU".equalsIgnoreCase(b)) return "CPU " + cpuLevel();
        Map<?, ?> gpu = firstDevice(env);
        if (gpu == null) return b;
        return String.format(Locale.ROOT, "%s %s (%.1f GiB)", b, gpu.get("cuda.deviceName"),
                asLong(gpu.get("cuda.totalMemory")) / (double) (1L << 30));
    }

    /** Backend details: vendor BLAS, threads, cores; the GPU's name and memory; what was requested and why. */
    public static Map<String, String> details() {
        return details(Nd4j.getExecutioner().getEnvironmentInformation(), Nd4j.getBackend().getClass().getName(),
                Nd4j.dataType().toString(), ActiveBackend.get());
    }

    static Map<String, String> details(Properties env, String backendClass, String dataType, BackendSelection selection) {
        Map<String, String> d = new LinkedHashMap<>();
        for (String k : new String[] {"backend", "blas.vendor", "omp.threads", "blas.threads", "cores"}) {
            if (env.containsKey(k)) d.put(k, String.valueOf(env.get(k)));
        }
        d.put("nd4j.backend.class", backendClass);
        d.put("data.type", dataType);
        if (selection != null) d.putAll(selection.details());
        Map<?, ?> gpu = firstDevice(env);
        if (gpu != null) {
            // What ND4J itself reports wins over the start-up probe's view.
            d.put("cuda.device", String.valueOf(gpu.get("cuda.deviceName")));
            d.put("cuda.memory_bytes", Long.toString(asLong(gpu.get("cuda.totalMemory"))));
            d.put("cuda.free_memory_bytes", Long.toString(asLong(gpu.get("cuda.freeMemory"))));
            d.put("cuda.compute_capability", gpu.get("cuda.deviceMajor") + "." + gpu.get("cuda.deviceMinor"));
            d.put("cuda.devices", String.valueOf(env.getOrDefault("cuda.availableDevices", "1")));
        }
        return d;
    }

    /**
     * Whether ND4J runs the backend chosen at start; {@code null} when it does (or nothing was chosen), else why not.
     * Initialises ND4J.
     */
    public static String mismatch() {
        BackendSelection s = ActiveBackend.get();
        if (s == null) return null;
        String loaded = Nd4j.getBackend().getClass().getName();
        boolean cuda = loaded.contains("jcublas");
        if (cuda == (s.kind() == BackendSelection.Kind.CUDA)) return null;
        return "ND4J loaded " + loaded + " although " + s.kind() + " was selected ("
                + (s.cpuFallback() ? "its CUDA initialisation failed and it fell back to the CPU"
                        : "ND4J was initialised before the backend was chosen") + ")";
    }

    private static Map<?, ?> firstDevice(Properties env) {
        Object list = env.get("cuda.devicesInformation");
        if (list instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> m) return m;
        return null;
    }

    private static long asLong(Object o) {
        if (o instanceof Number n) return n.longValue();
        try {
            return o == null ? 0 : Long.parseLong(o.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String cpuLevel() {
        try {
            String info = Files.readString(Path.of("/proc/cpuinfo"));
            if (info.contains(" avx512f")) return "avx512";
            if (info.contains(" avx2")) return "avx2";
            if (info.contains(" avx")) return "avx";
            return "x86-64";
        } catch (Exception e) {
            return System.getProperty("os.arch");
        }
    }

    /** The engine's version from its jar's resources. */
    public static String engineVersion() {
        try (var in = Backend.class.getResourceAsStream("/io/rlwb/engine/version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "dev");
        } catch (Exception e) {
            return "dev";
        }
    }
}
