package io.rlwb.plugins.spark;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.sweep.Cancellation;
import io.rlwb.engine.sweep.ExecutorSettings;
import io.rlwb.engine.sweep.LocalTrialRunner;
import io.rlwb.engine.sweep.TrialListener;
import io.rlwb.engine.sweep.TrialResult;
import io.rlwb.engine.sweep.TrialRunner;
import io.rlwb.engine.sweep.TrialRunners;
import io.rlwb.engine.sweep.TrialSpec;
import io.rlwb.engine.testkit.SweepTestNodes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Spark executor's costs, for docs/benchmarks.md (never run by the suite): per-trial overhead of each executor
 * on a trivial trial (start, ship, collect), the 4-trial sample sweep one after another against 2 at a time, the
 * bytes shipped to a cluster's executors and ND4J's native extraction on a fresh JavaCPP cache. Wall time and this
 * process's CPU time (the machine is shared: wall time alone is noisy).
 *
 * <p>Usage: {@code SparkSweepBench ENV_STEPS TRIVIAL_TRIALS} (see docs/benchmarks.md for the command).
 */
public final class SparkSweepBench {
    private SparkSweepBench() {}

    public static void main(String[] args) throws Exception {
        long envSteps = args.length > 0 ? Long.parseLong(args[0]) : 8192;
        int trivial = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path tmp = Files.createTempDirectory("rlwb-spark-bench-");
        NodeRegistry registry = NodeRegistry.load(null);
        System.out.printf(Locale.ROOT, "load average at start: %.2f, processors %d%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());

        // 1. Per-trial overhead on a trivial trial (3 iterations of the test trainer: microseconds of work).
        try (LocalTrialRunner local = new LocalTrialRunner(2, registry)) {
            perTrial("local", local, tmp.resolve("o-local"), trivial);
        }
        long t0 = System.nanoTime();
        TrialRunner spark = TrialRunners.open("spark", new ExecutorSettings(2, "local[2]", registry, null, Map.of()), null);
        System.out.printf(Locale.ROOT, "spark local[2]: context start %.2f s%n", (System.nanoTime() - t0) / 1e9);
        perTrial("spark local[2]", spark, tmp.resolve("o-spark"), trivial);

        // 2. The 4-trial sample sweep: sequential, local executor 2 at a time, Spark local[2].
        List<TrialSpec> specs = SampleSweep.read(registry).trials().stream()
                .map(t -> SampleSweep.read(registry).spec(t, tmp.resolve("s-seq"), Map.of("env_steps", envSteps))).toList();
        try (LocalTrialRunner one = new LocalTrialRunner(1, registry)) {
            sweep("sequential (local, 1 worker)", one, specs, tmp.resolve("s-seq"));
        }
        try (LocalTrialRunner two = new LocalTrialRunner(2, registry)) {
            sweep("local executor, 2 workers", two, specs, tmp.resolve("s-local"));
        }
        sweep("spark local[2]", spark, specs, tmp.resolve("s-spark"));
        spark.close();

        // 3. A standalone master + worker on 127.0.0.1: start, ship, per trial with run directories collected.
        Path home = Path.of(System.getProperty("spark.test.home", "plugins/spark/target/spark-executor"));
        Path cache = tmp.resolve("javacpp-fresh");
        Files.createDirectories(tmp.resolve("cluster"));
        try (StandaloneCluster cluster = new StandaloneCluster(home, tmp.resolve("cluster"), 2)) {
            t0 = System.nanoTime();
            TrialRunner remote = TrialRunners.open("spark", new ExecutorSettings(0, cluster.masterUrl, registry, null, Map.of(
                    "spark-home", home.toString(), "spark.driver.host", StandaloneCluster.HOST,
                    "spark.driver.bindAddress", StandaloneCluster.HOST, "spark.executor.memory", "1g",
                    "spark.ui.enabled", "false",
                    // A fresh JavaCPP cache: the first trial pays ND4J's native extraction, as on a new worker.
                    "spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.cachedir=" + cache)), null);
            SparkTrialRunner s = (SparkTrialRunner) remote;
            System.out.printf(Locale.ROOT, "standalone: context start %.2f s; shipped %d jars, %.1f MB, of which ND4J/OpenBLAS/JavaCPP %.1f MB%n",
                    (System.nanoTime() - t0) / 1e9, s.shippedJars().size(), s.shippedBytes() / 1e6, nd4jBytes(s.shippedJars()) / 1e6);
            TrialSpec first = trivialSpec("first", tmp.resolve("o-first"));
            t0 = System.nanoTime();
            TrialResult r = remote.run(List.of(first), TrialListener.NONE, new Cancellation()).get(0);
            System.out.printf(Locale.ROOT, "standalone: first trial (executor start, jar fetch, native extraction) %.2f s, %s, on %s%n",
                    (System.nanoTime() - t0) / 1e9, r.status().label(), r.ranOn());
            perTrial("spark standalone (collect)", remote, tmp.resolve("o-remote"), trivial);
            List<TrialSpec> rs = specs.stream().map(x -> x.withOutDir(tmp.resolve("s-remote").resolve(x.id()).toString())).toList();
            sweep("spark standalone, 1 worker x 2 cores", remote, rs, tmp.resolve("s-remote"));
            remote.close();
        }
        try (var files = Files.walk(cache)) {
            System.out.printf(Locale.ROOT, "fresh JavaCPP cache after the standalone run: %.1f MB%n",
                    files.filter(Files::isRegularFile).mapToLong(SparkSweepBench::size).sum() / 1e6);
        }
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.exit(0);
    }

    private static TrialSpec trivialSpec(String id, Path dir) {
        return new TrialSpec(id, SweepTestNodes.graph("spark-tiny", 1), Map.of(), 1, Map.of(), dir.resolve(id).toString());
    }

    /** {@code n} trivial trials one at a time: median and mean wall per trial, and this process's CPU per trial. */
    private static void perTrial(String name, TrialRunner runner, Path dir, int n) {
        runner.run(List.of(trivialSpec("warm", dir)), TrialListener.NONE, new Cancellation());
        double[] wall = new double[n];
        long cpu0 = cpu();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            TrialResult r = runner.run(List.of(trivialSpec("t" + i, dir)), TrialListener.NONE, new Cancellation()).get(0);
            wall[i] = (System.nanoTime() - t) / 1e6;
            if (!r.completed()) throw new IllegalStateException(r.failure());
        }
        double cpu = (cpu() - cpu0) / 1e6 / n;
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "%s: per trivial trial median %.1f ms, mean %.1f ms, driver-process CPU %.1f ms (%d trials)%n",
                name, wall[n / 2], Arrays.stream(wall).average().orElse(0), cpu, n);
    }

    private static void sweep(String name, TrialRunner runner, List<TrialSpec> specs, Path dir) {
        List<TrialSpec> in = new ArrayList<>();
        for (TrialSpec s : specs) in.add(s.withOutDir(dir.resolve(s.id()).toString()));
        long cpu0 = cpu();
        long t = System.nanoTime();
        List<TrialResult> r = runner.run(in, TrialListener.NONE, new Cancellation());
        double wall = (System.nanoTime() - t) / 1e9;
        double trialSum = r.stream().mapToDouble(TrialResult::wallS).sum();
        System.out.printf(Locale.ROOT, "%s: 4-trial sweep %.2f s wall (trials' own wall sum %.2f s), driver-process CPU %.2f s, %d completed%n",
                name, wall, trialSum, (cpu() - cpu0) / 1e9, r.stream().filter(TrialResult::completed).count());
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long nd4jBytes(List<Path> jars) {
        return jars.stream().filter(p -> {
            String n = p.getFileName().toString();
            return n.startsWith("nd4j-native") || n.startsWith("openblas") || n.startsWith("javacpp");
        }).mapToLong(SparkSweepBench::size).sum();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

}
