package io.rlwb.plugins.llm.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.sweep.Cancellation;
import io.rlwb.engine.sweep.Sweep;
import io.rlwb.engine.sweep.SweepFile;
import io.rlwb.engine.sweep.TrialListener;
import io.rlwb.engine.sweep.TrialResult;
import io.rlwb.engine.sweep.TrialSpec;
import io.rlwb.engine.sweep.Trials;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * samples/sweep-kv-budgets.json: kernels x budgets over the kv-compare sample checks clean, plans 12 trials, and a
 * trial (shrunk model and budget) records the kv/* keys of its one point in its summary.
 */
class KvBudgetsSweepTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.load(null);

    @Test
    void theSweepPlansKernelsTimesBudgetsAndATrialRecordsItsPoint(@TempDir Path tmp) {
        SweepFile.Checked c = new SweepFile(REGISTRY).read(Repo.sample("sweep-kv-budgets.json"));
        assertThat(c.diagnostics()).isEmpty();
        List<Sweep.Planned> trials = c.sweep().trials();
        assertThat(trials).hasSize(12);
        assertThat(trials).extracting(t -> t.params().get("compare.kernels").asText() + " "
                + t.params().get("compare.budgets")).contains("kivi-4bit [2]", "sink-window [4]", "double-sparsity [8]");

        Sweep.Planned sink = trials.stream()
                .filter(t -> t.params().get("compare.kernels").asText().equals("sink-window")
                        && t.params().get("compare.budgets").toString().equals("[4]"))
                .findFirst().orElseThrow();
        TrialSpec spec = c.sweep().spec(sink, tmp, Map.of("env_steps", 4L * 8 + 2));
        Map<String, String> small = new LinkedHashMap<>(spec.sets());
        small.putAll(Map.of("task.context_length", "96", "policy.context_length", "112", "policy.width", "32",
                "compare.contexts", "[96]", "compare.prompts", "2", "compare.pretrain_steps", "4",
                "compare.pretrain_batch", "8", "compare.pretrain_context", "32"));
        TrialSpec shrunk = new TrialSpec(spec.id(), spec.graphJson(), small, spec.seed(), spec.budgets(),
                spec.outDir());
        TrialResult r = Trials.run(shrunk, REGISTRY, TrialListener.NONE, new Cancellation());

        assertThat(r.completed()).as(String.valueOf(r.failure())).isTrue();
        assertThat(r.summary().get("kv_compare/points")).isEqualTo(1.0);
        assertThat(r.summary()).containsKeys("kv/bytes", "kv/bytes_full", "kv/top1_agreement", "kv/kl",
                "kv/task_accuracy", "kv/tokens_per_s");
        // a window of a quarter of the context holds about a quarter of the full cache's bytes
        assertThat(r.summary().get("kv/compression_ratio"))
                .isCloseTo(r.summary().get("kv/bytes_full") / r.summary().get("kv/bytes"), within(1e-9))
                .isGreaterThan(2.0);
    }

    @Test
    void theMultiObjectiveSweepPlansOneTrialPerWeightingAndATrialRecordsEveryHead(@TempDir Path tmp) {
        SweepFile.Checked c = new SweepFile(REGISTRY).read(Repo.sample("sweep-mo-grpo.json"));
        assertThat(c.diagnostics()).isEmpty();
        List<Sweep.Planned> trials = c.sweep().trials();
        assertThat(trials).hasSize(8);
        Sweep.Planned safety = trials.stream()
                .filter(t -> t.params().get("combine.weights").asText().equals("0.2,0.2,0.6")).findFirst().orElseThrow();
        TrialSpec spec = c.sweep().spec(safety, tmp, Map.of("env_steps", 2L * 4 + 2 * 2 * 2));
        Map<String, String> small = new LinkedHashMap<>(spec.sets());
        small.putAll(AlignmentSamplesTest.SMALL_GRPO);
        TrialResult r = Trials.run(new TrialSpec(spec.id(), spec.graphJson(), small, spec.seed(), spec.budgets(),
                spec.outDir()), REGISTRY, TrialListener.NONE, new Cancellation());
        assertThat(r.completed()).as(String.valueOf(r.failure())).isTrue();
        assertThat(r.summary()).containsKeys("grpo/rewards/correctness/mean", "grpo/rewards/brevity/mean",
                "grpo/rewards/safety/mean", "eval/accuracy");
    }
}
