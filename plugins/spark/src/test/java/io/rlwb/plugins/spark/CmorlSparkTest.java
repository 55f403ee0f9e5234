package io.rlwb.plugins.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.store.Checkpoints;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A small C-MORL population (stage 1 and one extension round) whose members train as Spark tasks
 * ({@code executor spark}, {@code master local[2]}) ends exactly as the in-process run: the same steps, the same
 * archive and the same parameters of every member, bit for bit (docs/decisions/0024).
 */
class CmorlSparkTest {
    private static RunResult run(NodeRegistry registry, Path dir, Map<String, String> executor) throws Exception {
        var doc = new GraphFile().read(Repo.root().resolve("samples/cmorl-deep-sea-treasure.json"));
        Map<String, String> set = new HashMap<>(Map.of("cmorl.population", "3", "cmorl.stage1_steps", "1024",
                "cmorl.rounds", "1", "cmorl.extend_per_round", "1", "cmorl.stage2_steps", "512", "cmorl.workers", "2"));
        set.putAll(executor);
        Runner runner = new Runner(registry);
        return runner.run(runner.prepare(doc, new RunOptions(dir, 1L, set, Map.of(), 0)), RunListener.NONE, null,
                new AtomicBoolean());
    }

    @Test
    void aPopulationTrainedOnSparkEqualsTheInProcessOne(@TempDir Path tmp) throws Exception {
        NodeRegistry registry = NodeRegistry.load(null);
        int users = SharedContext.users();
        RunResult local = run(registry, tmp.resolve("local"), Map.of());
        RunResult spark = run(registry, tmp.resolve("spark"), Map.of("cmorl.executor", "spark",
                "cmorl.master", "local[2]"));
        assertThat(SharedContext.users()).as("C-MORL released its Spark runner when its rounds ended").isEqualTo(users);
        assertThat(local.status()).as(String.valueOf(local.error())).isEqualTo("completed");
        assertThat(spark.status()).as(String.valueOf(spark.error())).isEqualTo("completed");

        // The members ran as tasks on Spark's executor threads, the local ones on C-MORL's worker threads.
        for (String stage : List.of("stage1", "round1")) {
            List<String> rows = Files.readAllLines(tmp.resolve("spark/members").resolve(stage).resolve("trials.csv"));
            assertThat(rows.subList(1, rows.size())).isNotEmpty()
                    .allSatisfy(r -> assertThat(r).contains(",completed,").contains("Executor task launch worker"));
            assertThat(Files.readAllLines(tmp.resolve("local/members").resolve(stage).resolve("trials.csv")).subList(1, rows.size()))
                    .allSatisfy(r -> assertThat(r).contains("/cmorl-worker-"));
        }
        assertThat(spark.summary().get("cmorl/workers")).isEqualTo(2.0);
        assertThat(spark.envSteps()).isEqualTo(local.envSteps());
        assertThat(spark.summary().get("cmorl/policies")).isEqualTo(local.summary().get("cmorl/policies"));
        assertThat(Files.readString(tmp.resolve("spark/pareto.csv"))).isEqualTo(Files.readString(tmp.resolve("local/pareto.csv")));

        Map<String, INDArray> a = Checkpoints.read(Checkpoints.latest(tmp.resolve("local"))).tensors();
        Map<String, INDArray> b = Checkpoints.read(Checkpoints.latest(tmp.resolve("spark"))).tensors();
        assertThat(a.keySet()).contains("cmorl/member.0.policy.l0.W", "cmorl/member.4.critic.l0.W", "pareto/archive.values");
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String k : a.keySet()) assertThat(b.get(k)).as(k).isEqualTo(a.get(k));
    }
}
