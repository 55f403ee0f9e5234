package io.rlwb.engine.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** What computes: ND4J's backend and the CPU's vector level, for run.json and the status bar. */
public final class Backend {
    private Backend() {}

    /** Short label such as {@code CPU avx512}. Initialises ND4J on first call (about a second). */
    public static String label() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String b = String.valueOf(env.getOrDefault("backend", "unknown"));
        return "CPU".equalsIgnoreCase(b) ? "CPU " + cpuLevel() : b;
    }

    /** Backend details: vendor BLAS, threads, cores. */
    public static Map<String, String> details() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        Map<String, String> d = new LinkedHashMap<>();
        for (String k : new String[] {"backend", "blas.vendor", "omp.threads", "blas.threads", "cores"}) {
            if (env.containsKey(k)) d.put(k, String.valueOf(env.get(k)));
        }
        d.put("nd4j.backend.class", Nd4j.getBackend().getClass().getName());
        d.put("data.type", Nd4j.dataType().toString());
        return d;
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
