package io.rlwb.plugins.spark;

import io.rlwb.engine.sweep.ExecutorSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * The Spark configuration of a sweep's executor, from {@code --master}, {@code --parallel} and the executor options
 * ({@link ExecutorSettings#options()}: every {@code spark.*} entry goes into the {@link SparkConf} as it is, over the
 * defaults here, and {@code run-dirs} picks {@code shared} or {@code collect}). Like {@code spark-submit}'s
 * applications it also takes {@code spark.*} system properties, so the workbench started by {@code spark-submit}
 * gets that command's master and settings.
 *
 * @param conf the context's configuration ({@code spark.master} set)
 * @param local whether the master is {@code local[...]} (trials in this JVM: nothing shipped)
 * @param collect whether run directories come back through the driver (true) or are written where the spec says,
 *     which on a cluster needs that path on a filesystem every worker shares (false)
 * @param maxAttempts {@code spark.task.maxFailures}: attempts per trial
 * @param sparkJarDirs folders of jars the executors already have (not shipped)
 */
record SparkSettings(SparkConf conf, boolean local, boolean collect, int maxAttempts, List<Path> sparkJarDirs) {
    static final String RUN_DIRS = "run-dirs";
    static final String SPARK_HOME = "spark-home";
    /** Attempts per trial unless {@code spark.task.maxFailures} says otherwise (Spark's own default is 4). */
    static final int DEFAULT_ATTEMPTS = 2;
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,(\\d+))?])?");

    static SparkSettings of(ExecutorSettings s) {
        SparkConf conf = new SparkConf(true);
        String master = s.master() != null ? s.master().trim()
                : conf.contains("spark.master") ? conf.get("spark.master")
                : "local[" + (s.parallel() > 0 ? s.parallel() : "*") + "]";
        Map<String, String> opts = s.options();
        int attempts;
        try {
            attempts = Integer.parseInt(opts.getOrDefault("spark.task.maxFailures",
                    conf.get("spark.task.maxFailures", Integer.toString(DEFAULT_ATTEMPTS))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("spark.task.maxFailures: not a whole number: " + opts.get("spark.task.maxFailures"));
        }
        if (attempts < 1) throw new IllegalArgumentException("spark.task.maxFailures: must be 1 or more, not " + attempts);
        Matcher m = LOCAL.matcher(master);
        boolean local = m.matches();
        if (local) {
            // local[N] retries nothing; local[N,F] gives each task F attempts, as a cluster does.
            String threads = m.group(1) != null ? m.group(1) : "1";
            if (s.parallel() > 0 && s.master() == null) threads = Integer.toString(s.parallel());
            if (m.group(2) != null) attempts = Integer.parseInt(m.group(2));
            master = "local[" + threads + "," + attempts + "]";
        } else if (!master.startsWith("spark://") && !master.equals("yarn") && !master.startsWith("k8s://")) {
            throw new IllegalArgumentException("--master " + master + ": not a Spark master URL; use local[N], "
                    + "spark://HOST:PORT (standalone), yarn or k8s://https://HOST:PORT (docs/sweeps.md)");
        }
        conf.setMaster(master);
        conf.setIfMissing("spark.app.name", "RL Workbench sweep");
        conf.set("spark.task.maxFailures", Integer.toString(attempts));
        // Telemetry rides on heartbeats (TrialTelemetry): once a second keeps the live table moving.
        conf.setIfMissing("spark.executor.heartbeatInterval", "1s");
        // One OpenMP thread per trial on executors too: parallelism comes from trials side by side (ADR 0022).
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.setIfMissing("spark.log.level", "WARN");
        if (local) conf.setIfMissing("spark.ui.enabled", "false");
        if (!local && s.parallel() > 0) conf.setIfMissing("spark.cores.max", Integer.toString(s.parallel()));
        for (Map.Entry<String, String> e : opts.entrySet()) {
            if (e.getKey().startsWith("spark.") && !e.getKey().equals("spark.task.maxFailures")) conf.set(e.getKey(), e.getValue());
        }
        String runDirs = opts.getOrDefault(RUN_DIRS, local ? "shared" : "collect");
        if (!runDirs.equals("shared") && !runDirs.equals("collect")) {
            throw new IllegalArgumentException(RUN_DIRS + ": 'shared' or 'collect', not '" + runDirs + "'");
        }
        List<Path> sparkJars = new ArrayList<>();
        String home = opts.getOrDefault(SPARK_HOME, System.getenv("SPARK_HOME"));
        if (home != null && !home.isBlank()) sparkJars.add(Path.of(home, "jars"));
        Path own = ShippedJars.ownLocation();
        if (own.getParent() != null) sparkJars.add(own.getParent().resolve("jars"));
        return new SparkSettings(conf, local, runDirs.equals("collect"), attempts, List.copyOf(sparkJars));
    }
}
