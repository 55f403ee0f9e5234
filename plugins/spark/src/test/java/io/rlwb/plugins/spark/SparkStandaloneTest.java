package io.rlwb.plugins.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.sweep.Cancellation;
import io.rlwb.engine.sweep.ExecutorSettings;
import io.rlwb.engine.sweep.TrialListener;
import io.rlwb.engine.sweep.TrialResult;
import io.rlwb.engine.sweep.TrialRunner;
import io.rlwb.engine.sweep.TrialRunners;
import io.rlwb.engine.sweep.TrialSpec;
import io.rlwb.engine.sweep.TrialStatus;
import io.rlwb.engine.testkit.SweepTestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --master spark://127.0.0.1:PORT}: a standalone master and one worker (child JVMs from the build's Spark
 * jars) run the 4-trial sample sweep in an executor JVM the worker started; the trials' results equal the in-process
 * executor's, their run directories come back through the driver, and a failing trial is retried and recorded.
 */
class SparkStandaloneTest {
    @Test
    void theSampleSweepRunsOnAStandaloneClusterWithTheInProcessResults(@TempDir Path tmp) throws Exception {
        Path sparkHome = Path.of(System.getProperty("spark.test.home"));
        NodeRegistry registry = NodeRegistry.load(null);
        List<TrialResult> local = SampleSweep.inProcess(registry, tmp.resolve("local"));
        List<TrialSpec> specs = new ArrayList<>(SampleSweep.specs(registry, tmp.resolve("cluster")));
        specs.add(new TrialSpec("bad", SweepTestNodes.graph("spark-tiny", 1), Map.of("t.fail", "true"), 1, Map.of(),
                tmp.resolve("cluster/trials/bad").toString()));
        Files.createDirectories(tmp.resolve("spark"));
        Set<String> started = ConcurrentHashMap.newKeySet();
        try (StandaloneCluster cluster = new StandaloneCluster(sparkHome, tmp.resolve("spark"), 2);
             TrialRunner runner = TrialRunners.open("spark", new ExecutorSettings(0, cluster.masterUrl, registry, null, Map.of(
                     "spark-home", sparkHome.toString(),
                     "spark.driver.host", StandaloneCluster.HOST,
                     "spark.driver.bindAddress", StandaloneCluster.HOST,
                     "spark.executor.memory", "1g",
                     "spark.ui.enabled", "false")), null)) {
            SparkTrialRunner spark = (SparkTrialRunner) runner;
            assertThat(spark.master()).isEqualTo(cluster.masterUrl);
            // What the executors need and a Spark installation lacks: the engine, ND4J and its natives, this plugin.
            assertThat(spark.shippedJars()).extracting(p -> p.getFileName().toString())
                    .anyMatch(n -> n.startsWith("workbench-engine-")).anyMatch(n -> n.startsWith("nd4j-native-") && (n.contains("linux") || n.contains("macosx") || n.contains("windows")))
                    .noneMatch(n -> n.startsWith("spark-core")).noneMatch(n -> n.startsWith("scala-library"));

            List<TrialResult> results = runner.run(specs, new TrialListener() {
                @Override public void started(String id, String runDir) {
                    started.add(id);
                }
            }, new Cancellation());

            assertThat(results).hasSize(5);
            long driverPid = ProcessHandle.current().pid();
            for (int i = 0; i < 4; i++) {
                TrialResult c = results.get(i);
                TrialResult l = local.get(i);
                assertThat(c.status()).as(c.id() + ": " + c.failure()).isEqualTo(TrialStatus.COMPLETED);
                assertThat(SampleSweep.learned(c.summary())).as(c.id()).containsKey("losses/value_loss")
                        .isEqualTo(SampleSweep.learned(l.summary()));
                assertThat(c.envSteps()).isEqualTo(l.envSteps());
                // Ran in the executor JVM the worker started, on one of its task threads.
                String pid = c.ranOn().substring(0, c.ranOn().indexOf('@'));
                assertThat(Long.parseLong(pid)).isNotEqualTo(driverPid);
                assertThat(ProcessHandle.of(Long.parseLong(pid)).flatMap(h -> h.info().commandLine()).orElse(""))
                        .contains("org.apache.spark.executor.CoarseGrainedExecutorBackend");
                assertThat(c.ranOn()).contains("Executor task launch worker");
                // Collected: the run directory came back through the driver to the spec's place.
                Path dir = Path.of(specs.get(i).outDir());
                assertThat(dir.resolve("run.json")).exists();
                assertThat(Files.readString(dir.resolve("run.json"))).contains("completed");
            }
            TrialResult bad = results.get(4);
            assertThat(bad.status()).isEqualTo(TrialStatus.FAILED);
            assertThat(bad.failure()).contains("failed on all 2 attempts").contains("told to fail");
            assertThat(started).containsExactlyInAnyOrder("t0000", "t0001", "t0002", "t0003", "bad");
        }
    }
}
