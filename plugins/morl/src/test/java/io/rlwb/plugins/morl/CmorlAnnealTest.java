package io.rlwb.plugins.morl;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.plot.Series;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.report.MetricsCsv;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C-MORL's members anneal an annealing optimiser's learning rate over their stage, as PPO does over its budget. Each
 * member trains as a trial of its own (ADR 0024), so the per-iteration rates are in the member's own metrics.csv;
 * the C-MORL run records the first member's last rate once per round.
 */
class CmorlAnnealTest {
    @Test
    void anAnnealingAdamDecaysTheLearningRateOverEachStage(@TempDir Path tmp) throws Exception {
        var doc = new GraphFile().read(Repo.root().resolve("samples/cmorl-deep-sea-treasure.json"));
        Runner runner = new Runner(NodeRegistry.load(null));
        Map<String, String> set = Map.of("cmorl.population", "2", "cmorl.stage1_steps", "1024", "cmorl.rounds", "0",
                "cmorl.workers", "1", "adam.anneal", "true", "adam.lr", "0.001");
        RunResult r = runner.run(runner.prepare(doc, new RunOptions(tmp.resolve("run"), 1L, set, Map.of(), 0)),
                RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo("completed");

        Series lr = MetricsCsv.read(tmp.resolve("run/members/stage1/p0/metrics.csv")).get("charts/learning_rate");
        assertThat(lr).isNotNull();
        assertThat(lr.size()).isGreaterThan(1);
        assertThat(lr.y(0)).as("the first step is at progress 0").isEqualTo(0.001, org.assertj.core.data.Offset.offset(1e-9));
        for (int i = 1; i < lr.size(); i++) assertThat(lr.y(i)).isLessThan(lr.y(i - 1));
        Series run = MetricsCsv.read(tmp.resolve("run/metrics.csv")).get("charts/learning_rate");
        assertThat(run.y(run.size() - 1)).as("the run records the first member's last rate").isEqualTo(lr.y(lr.size() - 1));
    }
}
