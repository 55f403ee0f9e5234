package io.rlwb.plugins.spark;

import io.rlwb.engine.testkit.ChildProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: one master and one worker, each a child JVM started the way
 * Spark's {@code sbin/start-master.sh} and {@code start-worker.sh} start them ({@code java -cp $SPARK_HOME/jars/*
 * org.apache.spark.deploy.master.Master ...}), from the Spark installation the build lays out in
 * {@code target/spark-executor} (no Spark distribution needed). The worker starts executors as child JVMs of its own,
 * with that installation's jars only: the workbench's jars reach them the way they reach a real cluster's, shipped by
 * the driver.
 */
final class StandaloneCluster implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    private final List<ChildProcess> processes = new ArrayList<>();
    final String masterUrl;
    final Path sparkHome;

    /**
     * Starts the master and a worker with {@code cores} cores, and returns once the worker has registered with the
     * master (both say so in their logs, under {@code dir}).
     */
    StandaloneCluster(Path sparkHome, Path dir, int cores) throws IOException, InterruptedException {
        this.sparkHome = sparkHome;
        int port = freePort();
        masterUrl = "spark://" + HOST + ":" + port;
        start(dir, "master", "org.apache.spark.deploy.master.Master", "--host", HOST, "--port",
                Integer.toString(port), "--webui-port", Integer.toString(freePort()))
                .awaitLine("Starting Spark master at " + masterUrl);
        start(dir, "worker", "org.apache.spark.deploy.worker.Worker", "--host", HOST, "--cores",
                Integer.toString(cores), "--memory", "2g", "--webui-port", Integer.toString(freePort()), "--work-dir",
                dir.resolve("work").toString(), masterUrl)
                .awaitLine("Successfully registered with master");
    }

    /**
     * Starts one daemon, its console in {@code dir/NAME.log}. Its readiness line is awaited on the child itself: a
     * daemon that dies fails at once, one that hangs after the hang guard ({@link ChildProcess}).
     */
    private ChildProcess start(Path dir, String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", sparkHome.resolve("jars") + "/*"));
        cmd.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", HOST);
        env.remove("SPARK_TESTING");
        ChildProcess p = ChildProcess.start("Spark " + name, pb, dir.resolve(name + ".log"));
        processes.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    /** Stops the worker (and with it its executors), then the master: politely first, then by force. */
    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i).process();
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) processes.get(i).close();
        }
    }
}
