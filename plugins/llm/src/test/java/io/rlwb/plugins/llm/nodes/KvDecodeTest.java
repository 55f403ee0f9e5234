package io.rlwb.plugins.llm.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.telemetry.KvCacheSnapshot;
import io.rlwb.engine.testkit.TestRunServices;
import io.rlwb.plugins.llm.kv.DenseStore;
import io.rlwb.plugins.llm.kv.KvComparison;
import io.rlwb.plugins.llm.kv.SinkWindowKernel;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.task.Split;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decode monitor on a tiny recall policy: it measures when {@code every_steps} have passed and at the end,
 * records every kv metric, and publishes one snapshot per decode step of the wired kernel, numbered across
 * prompts and measurements; it measures exactly as the comparison grid does.
 */
class KvDecodeTest {
    private static final RecallTask TASK = new RecallTask(new RecallTask.Config(24, 2, 2, 2, 0.2, 1));

    private static LanguagePolicy policy(AttentionKernel kernel) {
        return NodeBuild.component(PolicyNodes.policy(), Map.of("context_length", 40, "width", 32, "heads", 2),
                kernel == null ? Map.of("task", TASK) : Map.of("task", TASK, "kernel", kernel), LanguagePolicy.class);
    }

    @Test
    void itMeasuresEveryEveryStepsAndAtTheEndAndPublishesASnapshotPerDecodeStep() {
        AttentionKernel window = NodeBuild.component(KernelNodes.sinkWindow(), Map.of("sinks", 2, "window", 6),
                Map.of(), AttentionKernel.class);
        KvDecode d = new KvDecode("decode", policy(window), TASK, 3, Split.TEST, 10, 7);
        TestRunServices run = new TestRunServices(1, 100);
        d.afterIteration(run);
        assertThat(run.snapshots).isEmpty();
        run.addEnvSteps(12);
        d.afterIteration(run);
        // 3 prompts; each feeds <sep>, a 2-letter key, ':' and 2 answer digits through the kernel: 6 steps each
        assertThat(run.snapshots).hasSize(18);
        run.addEnvSteps(3);
        d.afterIteration(run);
        assertThat(run.snapshots).as("next measurement at 20").hasSize(18);
        d.finish(run);
        assertThat(run.snapshots).hasSize(36);
        List<KvCacheSnapshot> s = run.snapshots.stream().map(KvCacheSnapshot.class::cast).toList();
        assertThat(s).extracting(KvCacheSnapshot::decodeStep)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 36).boxed().toList());
        // the running agreement is published from the second prompt on
        assertThat(s.get(0).top1Agreement()).isNull();
        assertThat(s.get(6).top1Agreement()).isBetween(0.0, 1.0);
        assertThat(s).allSatisfy(x -> {
            assertThat(x.kernel()).isEqualTo("sink-window");
            assertThat(x.layers()).hasSize(2);
            assertThat(x.layers().get(0).tokensPerHead()).containsOnly(8);
        });
        for (String k : KvSamplesTest.KV_KEYS) assertThat(run.metrics.get(k)).as(k).hasSize(2);
        // the window of 8 positions out of 27 or 28 held, against a full cache of the same positions
        assertThat(run.metrics.get("kv/compression_ratio").get(1)).isGreaterThan(3.0);
        assertThat(run.metrics.get("kv/bytes").get(1)).isEqualTo(2 * 2.0 * 2 * 16 * 4 * 8);
    }

    @Test
    void itReportsWhatTheComparisonGridMeasuresForTheSameKernelAndPrompts() {
        AttentionKernel window = NodeBuild.component(KernelNodes.sinkWindow(), Map.of("sinks", 2, "window", 6),
                Map.of(), AttentionKernel.class);
        LanguagePolicy lp = policy(window);
        KvDecode d = new KvDecode("decode", lp, TASK, 3, Split.TEST, 0, 7);
        TestRunServices run = new TestRunServices(1, 100);
        d.finish(run);

        List<KvComparison.Prompt> ps = TASK.examples(Split.TEST, 3, 7).stream()
                .map(e -> KvComparison.Prompt.of(lp.tokenizer(), e, TASK)).toList();
        KvComparison.Point p = new KvComparison(lp.policy().model(), ps).measure(new KvComparison.Spec("-", 0,
                (shape, c) -> new SinkWindowKernel(shape, new SinkWindowKernel.Config(2, 6), DenseStore.factory())));
        assertThat(run.metrics.get("kv/top1_agreement")).containsExactly(p.top1Agreement());
        assertThat(run.metrics.get("kv/kl")).containsExactly(p.kl());
        assertThat(run.metrics.get("kv/task_accuracy")).containsExactly(p.taskAccuracy());
        assertThat(run.metrics.get("kv/bytes")).containsExactly(p.bytes());
        assertThat(run.metrics.get("kv/bytes_full")).containsExactly(p.bytesFull());
        assertThat(run.metrics.get("kv/bytes_read_per_token")).containsExactly(p.bytesReadPerToken());
    }

    @Test
    void withTheFullCacheTheKernelAgreesWithItselfExactly() {
        KvDecode d = new KvDecode("decode", policy(null), TASK, 2, Split.TEST, 0, 7);
        TestRunServices run = new TestRunServices(1, 100);
        d.finish(run);
        assertThat(run.metrics.get("kv/top1_agreement")).containsExactly(1.0);
        assertThat(run.metrics.get("kv/kl").get(0)).isLessThan(1e-6);
        assertThat(run.metrics.get("kv/compression_ratio")).containsExactly(1.0);
        assertThat(run.metrics.get("kv/bytes_read_per_token").get(0)).isEqualTo(run.metrics.get("kv/bytes").get(0));
    }
}
