package io.rlwb.engine.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphFileException;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.InvalidGraphException;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.testkit.HangGuard;
import io.rlwb.engine.testkit.Mutations;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.engine.validate.ValidationResult;
import io.rlwb.engine.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Thousands of damaged graph files (every sample, mutated as text, as JSON and as bytes) go through the loader,
 * the validator and the run preparation: each ends in a diagnostic (a {@link GraphFileException} naming the place,
 * validation problems, an {@link InvalidGraphException}) or in success, never in another exception.
 */
class HostileGraphFilesTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.load(null);
    private static final List<String> SAMPLES = samples();

    private static List<String> samples() {
        try (Stream<Path> s = Files.list(Repo.root().resolve("samples"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().map(p -> {
                try {
                    return Files.readString(p);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<String> sample() {
        return Arbitraries.of(SAMPLES);
    }

    @Property(tries = 1500, seed = "20261203")
    void aDamagedGraphFileEndsInDiagnosticsOrSuccess(@ForAll("sample") String text, @ForAll long seed) throws Exception {
        byte[] bytes = Mutations.mutate(text, new Random(seed));
        HangGuard.run("a graph file mutated with seed " + seed, () -> check(bytes));
    }

    private static void check(byte[] bytes) throws Exception {
        Path f = Files.createTempFile("fuzz", ".json");
        try {
            Files.write(f, bytes);
            GraphDocument doc;
            try {
                doc = new GraphFile().read(f);
            } catch (GraphFileException e) {
                assertThat(e.getMessage()).isNotBlank();
                assertThat(e.where()).startsWith(f.toString());
                return;
            }
            ValidationResult v = new Validator(REGISTRY).validate(doc);
            v.diagnostics().forEach(d -> assertThat(d.message()).isNotBlank());
            // What loads also saves and loads again (the editor's round trip).
            new GraphFile().parse(GraphFile.toText(doc), "saved");
            try {
                new Runner(REGISTRY).prepare(doc, RunOptions.defaults());
                assertThat(v.ok()).as("prepared, so it validated").isTrue();
            } catch (InvalidGraphException e) {
                assertThat(e.diagnostics()).isNotEmpty();
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
