package io.rlwb.plugins.llm.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunProgress;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.store.Checkpoints;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * samples/kv-compare.json at a reduced budget: a tiny policy, 4 pre-training steps, one context of 128, three
 * kernels, budgets 1/2 and 1/4, 2 prompts. Checks the points, the summary, the Pareto front and the KV snapshots.
 */
class KvCompareSampleTest {
    /** The sample shrunk: a tiny policy, 4 pre-training steps, one context of 128, budgets 1/2 and 1/4, 2 prompts. */
    private static Map<String, String> small(String kernels) {
        return Map.of("task.context_length", "128", "policy.context_length", "144", "policy.width", "32",
                "compare.contexts", "[128]", "compare.kernels", kernels, "compare.budgets", "[2,4]",
                "compare.prompts", "2", "compare.pretrain_steps", "4", "compare.pretrain_context", "48",
                "compare.pretrain_pairs", "2");
    }

    @Test
    void theSampleMeasuresEveryKernelSettingAndPublishesTheFront(@TempDir Path tmp) throws Exception {
        var doc = new GraphFile().read(Repo.root().resolve("samples/kv-compare.json"));
        Runner runner = new Runner(NodeRegistry.load(null));
        Map<String, String> set = small("full,kivi-4bit,sink-window");
        // 4 pre-training steps of 32 examples, then 4 points of 2 prompts
        RunResult r = runner.run(runner.prepare(doc, new RunOptions(tmp.resolve("run"), null, set,
                Map.of("env_steps", 4L * 32 + 4 * 2), 0)), RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo("completed");
        assertThat(r.summary().get("kv_compare/points")).isEqualTo(4.0);
        assertThat(r.summary()).containsKeys("kv_compare/hypervolume", "kv_compare/front_size",
                "kv_compare/full_accuracy", "kv_compare/sft_loss");
        assertThat(r.summary().get("kv_compare/front_size")).isBetween(1.0, 4.0);

        List<String> csv = Files.readAllLines(tmp.resolve("run").resolve(KvCompareNode.CSV));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).startsWith("kernel,budget,context,prompts,bytes,bytes_full,compression_ratio");
        assertThat(csv.get(1)).startsWith("full,-,129,2,");
        String[] full = csv.get(1).split(",");
        assertThat(Double.parseDouble(full[6])).isEqualTo(1.0); // compression of the full fp32 cache
        assertThat(Double.parseDouble(full[9])).isEqualTo(1.0); // its agreement with itself
        assertThat(csv.get(2)).startsWith("kivi-4bit-half-scales,-,129,2,");
        assertThat(csv.get(3)).startsWith("sink-window,1/2,129,2,");
        assertThat(csv.get(4)).startsWith("sink-window,1/4,129,2,");
        assertThat(Double.parseDouble(csv.get(4).split(",")[4])).isLessThan(Double.parseDouble(csv.get(3).split(",")[4]));
        // the summary keeps the last point's kv/* values
        assertThat(r.summary().get("kv/compression_ratio"))
                .isCloseTo(Double.parseDouble(csv.get(4).split(",")[6]), org.assertj.core.api.Assertions.within(1e-3));

        List<String> pareto = Files.readAllLines(tmp.resolve("run/telemetry/pareto.jsonl"));
        assertThat(pareto).hasSize(4);
        assertThat(pareto.get(3)).contains("\"memory_saved\"").contains("\"top1_agreement\"")
                .contains("sink-window 1/4 @128");
        assertThat(Files.readAllLines(tmp.resolve("run/telemetry/kv.jsonl"))).hasSize(4);
    }

    /**
     * Cut after the pre-training and two of the four points, then resumed: the same points (all but the speed
     * columns, which are the new process's), the same policy and pre-training optimiser, the same front.
     */
    @Test
    void aCutAndResumedComparisonEndsWithTheUninterruptedOnesPoints(@TempDir Path tmp) throws Exception {
        var doc = new GraphFile().read(Repo.root().resolve("samples/kv-compare.json"));
        Runner runner = new Runner(NodeRegistry.load(null));
        Map<String, String> set = small("full,sink-window");
        Map<String, Long> budget = Map.of("env_steps", 4L * 32 + 3 * 2);
        RunResult whole = runner.run(runner.prepare(doc, new RunOptions(tmp.resolve("whole"), null, set, budget, 0)),
                RunListener.NONE, null, new AtomicBoolean());
        assertThat(whole.status()).as(String.valueOf(whole.error())).isEqualTo("completed");
        for (long cutAt : new long[] {2, 5}) { // inside the pre-training, then after the first point
            Path cut = tmp.resolve("cut-" + cutAt);
            AtomicBoolean cancel = new AtomicBoolean();
            RunResult first = runner.run(runner.prepare(doc, new RunOptions(cut, null, set, budget, 0)),
                    new RunListener() {
                        @Override public void progress(RunProgress p) {
                            if (p.iteration() == cutAt) cancel.set(true);
                        }
                    }, null, cancel);
            assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo("cancelled");
            RunResult second = runner.run(runner.resume(cut, 0), RunListener.NONE, null, new AtomicBoolean());
            assertThat(second.status()).as(String.valueOf(second.error())).isEqualTo("completed");
            assertThat(second.envSteps()).isEqualTo(whole.envSteps());
            assertThat(withoutSpeed(cut)).isEqualTo(withoutSpeed(tmp.resolve("whole")));
            Checkpoints.Loaded a = Checkpoints.read(Checkpoints.latest(tmp.resolve("whole")));
            Checkpoints.Loaded b = Checkpoints.read(Checkpoints.latest(cut));
            assertThat(a.tensors().keySet()).anyMatch(k -> k.startsWith("compare/pretrain.adam."));
            assertThat(b.tensors().keySet()).isEqualTo(a.tensors().keySet());
            for (String k : a.tensors().keySet()) {
                var x = a.tensors().get(k);
                var y = b.tensors().get(k);
                if (k.equals("compare/point_values")) { // the last two columns are tokens/s of each process
                    x = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8));
                    y = y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8));
                }
                assertThat(y).as(k).isEqualTo(x);
            }
            assertThat(second.summary().get("kv_compare/front_size")).isEqualTo(whole.summary().get("kv_compare/front_size"));
        }
    }

    /** The points of kv-compare.csv without the two speed columns. */
    private static List<String> withoutSpeed(Path run) throws Exception {
        return Files.readAllLines(run.resolve(KvCompareNode.CSV)).stream()
                .map(l -> String.join(",", java.util.Arrays.copyOf(l.split(","), 12))).toList();
    }
}
