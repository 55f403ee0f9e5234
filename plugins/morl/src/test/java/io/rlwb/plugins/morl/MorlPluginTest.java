package io.rlwb.plugins.morl;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.rlwb.engine.ArchitectureTest;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.engine.testkit.SampleRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MorlPluginTest {
    @Test
    void pluginImportsNoJavaFx() {
        ArchitectureTest.NO_UI.check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.rlwb.plugins.morl"));
    }

    @Test
    void registryFindsThePluginsNodeTypesThroughServiceLoader() {
        NodeRegistry reg = NodeRegistry.load(null);
        for (String id : List.of("morl/env.deep-sea-treasure", "morl/env.resource-gathering", "morl/trainer.cmorl")) {
            assertThat(reg.providerOf(id).orElseThrow().name()).isEqualTo("morl");
        }
    }

    static Stream<Path> morlSamples() throws Exception {
        List<Path> l = SampleRuns.runnableWith("morl");
        assertThat(l).extracting(p -> p.getFileName().toString()).contains("cmorl-deep-sea-treasure.json",
                "linear-deep-sea-treasure.json", "cmorl-resource-gathering.json");
        return l.stream();
    }

    @ParameterizedTest
    @MethodSource("morlSamples")
    void sampleValidatesAndCompletesAShortRun(Path sample, @TempDir Path tmp) throws Exception {
        // One C-MORL iteration is a whole stage or round (ADR 0024): two of them at short stages.
        boolean cmorl = new GraphFile().read(sample).nodes().stream().anyMatch(n -> n.type().equals("morl/trainer.cmorl"));
        SampleRuns.smokeRun(NodeRegistry.load(null), sample, tmp.resolve("run"), 2, cmorl
                ? Map.of("cmorl.stage1_steps", "1024", "cmorl.stage2_steps", "512") : Map.of());
    }

    /** A whole (tiny) C-MORL run: both stages, the monitor's metrics, snapshots and pareto.csv. */
    @Test
    void aShortCmorlRunWritesParetoCsvWithObjectiveAndWeightColumnsAndFrontMetrics(@TempDir Path tmp) throws Exception {
        var doc = new GraphFile().read(Repo.root().resolve("samples/cmorl-deep-sea-treasure.json"));
        Runner runner = new Runner(NodeRegistry.load(null));
        Map<String, String> set = Map.of("cmorl.population", "3", "cmorl.stage1_steps", "1024", "cmorl.rounds", "1",
                "cmorl.extend_per_round", "1", "cmorl.stage2_steps", "512", "cmorl.workers", "2");
        RunResult r = runner.run(runner.prepare(doc, new RunOptions(tmp.resolve("run"), null, set, Map.of(), 0)),
                RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo("completed");
        List<String> csv = Files.readAllLines(tmp.resolve("run/pareto.csv"));
        assertThat(csv.get(0)).isEqualTo("policy,treasure,time,w_treasure,w_time");
        assertThat(csv).hasSizeGreaterThan(1);
        for (String row : csv.subList(1, csv.size())) assertThat(row.split(",")).hasSize(5);
        assertThat(r.summary()).containsKeys("eval/hypervolume", "eval/eum", "eval/cardinality", "eval/igd",
                "cmorl/policies");
        assertThat(r.summary().get("cmorl/policies")).isGreaterThan(3.0); // stage 2 added extensions
        assertThat(r.summary().get("eval/cardinality")).isEqualTo((double) (csv.size() - 1));
        // C-MORL ended the run itself, before the env_steps budget; run.json and the result say why.
        assertThat(r.stopReason()).startsWith("C-MORL finished");
        assertThat(Files.readString(tmp.resolve("run/run.json"))).contains("\"stop_reason\" : \"C-MORL finished");
        assertThat(Files.readAllLines(tmp.resolve("run/telemetry/pareto.jsonl"))).isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains("\"hypervolume\"").contains("\"treasure\""));
        assertThat(ParetoSnapshot.KIND).isEqualTo("pareto");
    }

    /**
     * The learning result the issue asks for, on the exact front (ADR 0008): the sample, seed 1, finds the enemy-free
     * route to both resources, (0, 1, 1), which is the whole front at gamma = 1 (about 730k env steps, 40-70 s).
     */
    @Test
    void cmorlFindsTheExactResourceGatheringFrontOnSeedOne(@TempDir Path tmp) throws Exception {
        var doc = new GraphFile().read(Repo.root().resolve("samples/cmorl-resource-gathering.json"));
        Runner runner = new Runner(NodeRegistry.load(null));
        RunResult r = runner.run(runner.prepare(doc, new RunOptions(tmp.resolve("run"), 1L, Map.of(), Map.of(), 0)),
                RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo("completed");
        List<String> csv = Files.readAllLines(tmp.resolve("run/pareto.csv"));
        assertThat(csv.subList(1, csv.size())).as("front rows").isNotEmpty()
                .allSatisfy(row -> assertThat(row.split(",")).satisfies(f -> {
                    assertThat(Double.parseDouble(f[1])).isZero();
                    assertThat(Double.parseDouble(f[2])).isEqualTo(1.0);
                    assertThat(Double.parseDouble(f[3])).isEqualTo(1.0);
                }));
        assertThat(r.summary().get("eval/igd")).isZero();
        assertThat(r.summary().get("eval/hypervolume")).isEqualTo(4.0);
    }

    /**
     * Members train independently and are recorded in member order, so the worker count cannot change results;
     * {@code workers} 0 trains them on a pool of one thread per available core.
     */
    @Test
    void theFrontDoesNotDependOnHowManyWorkersTrainThePopulation(@TempDir Path tmp) throws Exception {
        var doc = new GraphFile().read(Repo.root().resolve("samples/cmorl-deep-sea-treasure.json"));
        Runner runner = new Runner(NodeRegistry.load(null));
        String[] csv = new String[3];
        for (int w = 0; w <= 2; w++) {
            Map<String, String> set = Map.of("cmorl.population", "3", "cmorl.stage1_steps", "1024", "cmorl.rounds", "1",
                    "cmorl.extend_per_round", "1", "cmorl.stage2_steps", "512", "cmorl.workers", String.valueOf(w));
            Path dir = tmp.resolve("w" + w);
            RunResult r = runner.run(runner.prepare(doc, new RunOptions(dir, null, set, Map.of(), 0)),
                    RunListener.NONE, null, new AtomicBoolean());
            assertThat(r.status()).isEqualTo("completed");
            assertThat(r.summary().get("cmorl/workers"))
                    .isEqualTo(w == 0 ? io.rlwb.engine.sweep.WorkerPool.machineSize() : (double) w);
            csv[w] = Files.readString(dir.resolve("pareto.csv"));
        }
        assertThat(csv[1]).isEqualTo(csv[0]);
        assertThat(csv[2]).isEqualTo(csv[0]);
    }
}
