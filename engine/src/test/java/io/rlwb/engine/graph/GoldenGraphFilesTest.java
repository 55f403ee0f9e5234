package io.rlwb.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.validate.ValidationResult;
import io.rlwb.engine.validate.Validator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Golden files: one graph per released format version, saved as that version wrote it, must keep
 * loading and validating. When the format version goes up, add a golden file for the new version and leave
 * the old ones as they are.
 */
class GoldenGraphFilesTest {
    static Stream<Integer> releasedVersions() {
        return IntStream.rangeClosed(1, GraphDocument.CURRENT_VERSION).boxed();
    }

    private static String golden(int version) throws Exception {
        String name = "/graphs/format-v" + version + "-golden.json";
        try (InputStream in = GoldenGraphFilesTest.class.getResourceAsStream(name)) {
            assertThat(in).as("golden file %s for released format version %d", name, version).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "format version {0}")
    @MethodSource("releasedVersions")
    void theGoldenFileOfEveryReleasedFormatVersionStillLoadsAndValidates(int version) throws Exception {
        String text = golden(version);
        assertThat(new ObjectMapper().readTree(text).get("version").asInt()).isEqualTo(version);

        GraphDocument doc = new GraphFile().parse(text, "format-v" + version + "-golden.json");
        ValidationResult r = new Validator(NodeRegistry.load(null)).validate(doc);

        assertThat(r.errors()).isEmpty();
        assertThat(doc.nodes()).isNotEmpty();
        assertThat(r.order()).hasSameSizeAs(doc.nodes());
    }

    @Test
    void theVersion1GoldenFileIsThePpoCartPoleGraph() throws Exception {
        GraphDocument doc = new GraphFile().parse(golden(1), "format-v1-golden.json");
        assertThat(doc.name()).isEqualTo("PPO on CartPole");
        assertThat(doc.node("trainer").orElseThrow().type()).isEqualTo("core/trainer.ppo");
        assertThat(doc.seed(-1)).isEqualTo(1);
        assertThat(doc.run().path("budget").path("env_steps").asLong()).isEqualTo(150_000);
    }
}
