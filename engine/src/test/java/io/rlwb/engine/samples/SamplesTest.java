package io.rlwb.engine.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.engine.testkit.SampleRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample graph validates and completes a short run (docs/contracts.md: samples are smoke-run by the tests). The
 * engine runs the core-only samples; each plugin module runs the samples of its namespace
 * ({@link SampleRuns#runnableWith}), and this test checks that no sample falls between the two.
 */
class SamplesTest {
    static Stream<Path> coreSamples() throws Exception {
        var l = SampleRuns.runnableWith("core");
        assertThat(l).isNotEmpty();
        return l.stream();
    }

    @ParameterizedTest
    @MethodSource("coreSamples")
    void sampleValidatesAndCompletesAShortRun(Path sample, @TempDir Path tmp) throws Exception {
        SampleRuns.smokeRun(NodeRegistry.load(null), sample, tmp.resolve("run"), 2);
    }

    @Test
    void everyOtherSampleUsesCoreAndOnePluginThatExists() throws Exception {
        for (Path sample : SampleRuns.all()) {
            var plugins = SampleRuns.namespaces(sample).stream().filter(n -> !n.equals("core")).toList();
            assertThat(plugins).as(sample + " mixes plugins; no module's tests would run it").hasSizeLessThanOrEqualTo(1);
            for (String p : plugins) {
                assertThat(Files.isDirectory(Repo.root().resolve("plugins").resolve(p)))
                        .as(sample + " uses plugin namespace '" + p + "' but plugins/" + p + " does not exist").isTrue();
            }
        }
    }
}
