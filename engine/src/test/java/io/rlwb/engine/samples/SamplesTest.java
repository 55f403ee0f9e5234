package io.rlwb.engine.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.engine.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample graph validates and completes a short run (DESIGN.md: samples are smoke-run by the tests). */
class SamplesTest {
    static Stream<Path> samples() throws Exception {
        try (Stream<Path> s = Files.list(Repo.root().resolve("samples"))) {
            List<Path> l = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(l).isNotEmpty();
            return l.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleValidatesAndCompletesAShortRun(Path sample, @TempDir Path tmp) throws Exception {
        NodeRegistry reg = NodeRegistry.load(null);
        GraphDocument doc = new GraphFile().read(sample);
        assertThat(new Validator(reg).validate(doc).errors()).as(sample.toString()).isEmpty();
        Runner runner = new Runner(reg);
        RunResult r = runner.run(runner.prepare(doc, new RunOptions(tmp.resolve("run"), null, Map.of(),
                Map.of("iterations", 2L), 0)), RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).as(r.error()).isEqualTo("completed");
        assertThat(r.envSteps()).isPositive();
    }
}
