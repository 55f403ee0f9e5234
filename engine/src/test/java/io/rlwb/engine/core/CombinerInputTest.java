package io.rlwb.engine.core;

import static io.rlwb.engine.testkit.SampleGraphs.addNode;
import static io.rlwb.engine.testkit.SampleGraphs.rewire;
import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.testkit.SampleGraphs;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A combiner whose batch output is used but whose batch input is not wired fails naming itself, not with an NPE. */
class CombinerInputTest {
    @Test
    void anUnwiredCombinerInputFailsTheRunWithAMessageNamingTheNodeAndPort(@TempDir Path tmp) throws Exception {
        GraphDocument doc = SampleGraphs.ppoCartPole();
        addNode(doc, "combiner", "core/reward.linear");
        rewire(doc, "gae.batch", "combiner.batch");
        Runner runner = new Runner(NodeRegistry.load(null));

        RunResult r = runner.run(runner.prepare(doc, new RunOptions(tmp.resolve("run"), 1L, Map.of(),
                Map.of("iterations", 2L), 0)), RunListener.NONE, null, new AtomicBoolean());

        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.error()).startsWith("combiner: ").contains("output 'batch' is used, but input 'batch' is not wired")
                .doesNotContain("NullPointerException");
    }
}
