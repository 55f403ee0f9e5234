package io.rlwb.engine.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.validate.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The samples folder, split by who can run each sample: the engine's tests run the samples made of core node
 * types; a plugin's tests run the samples that use its namespace ({@code morl/...} is plugin {@code morl}).
 */
public final class SampleRuns {
    private SampleRuns() {}

    /** The sample graphs (sweep files, {@code sweep-*.json}, are not graphs: see {@link #sweeps()}). */
    public static List<Path> all() throws IOException {
        try (Stream<Path> s = Files.list(Repo.root().resolve("samples"))) {
            return s.filter(p -> p.toString().endsWith(".json") && !isSweep(p)).sorted().toList();
        }
    }

    /** The sample sweep files ({@code samples/sweep-*.json}, docs/sweeps.md). */
    public static List<Path> sweeps() throws IOException {
        try (Stream<Path> s = Files.list(Repo.root().resolve("samples"))) {
            return s.filter(p -> p.toString().endsWith(".json") && isSweep(p)).sorted().toList();
        }
    }

    private static boolean isSweep(Path p) {
        return p.getFileName().toString().startsWith("sweep-");
    }

    /** Namespaces of the node types a sample uses ({@code core}, {@code morl}, ...). */
    public static List<String> namespaces(Path sample) throws Exception {
        GraphDocument doc = new GraphFile().read(sample);
        return doc.nodes().stream().map(GraphNode::type).map(t -> t.contains("/") ? t.substring(0, t.indexOf('/')) : t)
                .distinct().sorted().toList();
    }

    /** The samples whose node types all come from {@code core} or from the given plugin namespace. */
    public static List<Path> runnableWith(String pluginNamespace) throws Exception {
        List<Path> out = new java.util.ArrayList<>();
        for (Path p : all()) {
            List<String> ns = namespaces(p);
            boolean needsPlugin = ns.contains(pluginNamespace);
            boolean onlyCoreAndPlugin = ns.stream().allMatch(n -> n.equals("core") || n.equals(pluginNamespace));
            if (onlyCoreAndPlugin && (needsPlugin || pluginNamespace.equals("core"))) out.add(p);
        }
        return out;
    }

    /** Validates the sample and runs it for {@code iterations} trainer iterations; fails with the run's error. */
    public static RunResult smokeRun(NodeRegistry reg, Path sample, Path runDir, long iterations) throws Exception {
        return smokeRun(reg, sample, runDir, iterations, Map.of());
    }

    /**
     * As {@link #smokeRun(NodeRegistry, Path, Path, long)} with {@code --set} overrides (a trainer whose iteration is
     * a whole stage, as C-MORL's, gets shorter stages).
     */
    public static RunResult smokeRun(NodeRegistry reg, Path sample, Path runDir, long iterations,
                                     Map<String, String> sets) throws Exception {
        GraphDocument doc = new GraphFile().read(sample);
        assertThat(new Validator(reg).validate(doc).errors()).as(sample.toString()).isEmpty();
        Runner runner = new Runner(reg);
        RunResult r = runner.run(runner.prepare(doc, new RunOptions(runDir, null, sets,
                Map.of("iterations", iterations), 0)), RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).as(sample + ": " + r.error()).isEqualTo("completed");
        assertThat(r.envSteps()).as(sample.toString()).isPositive();
        return r;
    }
}
