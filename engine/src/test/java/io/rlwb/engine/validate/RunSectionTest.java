package io.rlwb.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.testkit.SampleGraphs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The run section is strict: no seed or budget runs other than the one written. */
class RunSectionTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.of(new CoreNodes());

    private static ValidationResult withRun(String runJson) throws Exception {
        GraphDocument doc = SampleGraphs.ppoCartPole();
        doc.setRun((ObjectNode) new ObjectMapper().readTree(runJson));
        return new Validator(REGISTRY).validate(doc);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "null", "1e400", "2.5", "9223372036854775808", "true", "[1]"})
    void aSeedThatIsNotAnIntegerInRangeIsAnError(String seed) throws Exception {
        ValidationResult r = withRun("{\"seed\": " + seed + "}");
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("run");
            assertThat(d.port()).isEqualTo("seed");
            assertThat(d.message()).contains("must be an integer");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "9223372036854775807", "1e3"})
    void integerSeedsInRangeAreFine(String seed) throws Exception {
        assertThat(withRun("{\"seed\": " + seed + "}").errors()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"env_step\": 100}|unknown budget 'env_step'; known budgets: env_steps, iterations",
            "{\"env_steps\": -5}|must be a positive integer, found -5",
            "{\"env_steps\": 0}|must be a positive integer, found 0",
            "{\"iterations\": 1.5}|must be a positive integer, found 1.5",
            "{\"env_steps\": \"many\"}|must be a positive integer",
            "[1]|must be an object"})
    void budgetsMustBeKnownAndPositive(String budget, String message) throws Exception {
        ValidationResult r = withRun("{\"seed\": 1, \"budget\": " + budget + "}");
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.toString()).startsWith("run.budget: ");
            assertThat(d.message()).contains(message);
        });
    }
}
