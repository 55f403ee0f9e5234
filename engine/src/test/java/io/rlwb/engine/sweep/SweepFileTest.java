package io.rlwb.engine.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.engine.validate.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad sweep files get the graph validator's treatment: every problem at once, each at its place
 * ({@code node.param}, a section, or {@code file:line:column}), values judged by the node type's ParamSpec.
 * Good ones expand into the same trials every time.
 */
class SweepFileTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.load(null);

    private static SweepFile.Checked check(Path dir, String json) throws Exception {
        Files.copy(Repo.sample("ppo-cartpole.json"), dir.resolve("ppo.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path f = dir.resolve("s.json");
        Files.writeString(f, json);
        return new SweepFile(REGISTRY).read(f);
    }

    private static List<String> lines(SweepFile.Checked c) {
        return c.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void theSampleSweepChecksAndHasFourTrials() {
        SweepFile.Checked c = new SweepFile(REGISTRY).read(Repo.sample("sweep-ppo-cartpole.json"));
        assertThat(lines(c)).isEmpty();
        List<Sweep.Planned> t = c.sweep().trials();
        assertThat(t).hasSize(4);
        assertThat(t).extracting(p -> p.params().get("adam.lr").asDouble() + "/" + p.seed())
                .containsExactly("2.5E-4/1", "2.5E-4/2", "0.001/1", "0.001/2");
        assertThat(c.sweep().graphFile()).isEqualTo(Repo.sample("ppo-cartpole.json").toAbsolutePath().normalize());
    }

    @Test
    void everyProblemIsReportedAtOnceAtItsPlace(@TempDir Path tmp) throws Exception {
        SweepFile.Checked c = check(tmp, """
                {"format": "workbench-sweep", "version": 1, "graph": "ppo.json", "colour": "red",
                 "set": {"eval.episodes": 0},
                 "grid": {"adam.lr": [0.001, -1, 0.001], "nosuch.lr": [1], "adam.nosuch": [1], "adamlr": [1],
                          "trainer.update_epochs": []},
                 "random": {"samples": 0, "params": {
                     "policy.activation": {"dist": "uniform", "min": 0, "max": 1},
                     "loss.clip_coef": {"dist": "log-uniform", "min": 0, "max": 0.3},
                     "gae.gamma": {"dist": "normal"},
                     "adam.lr": {"dist": "choice", "values": [0.1]},
                     "loss.vf_coef": {"dist": "choice", "values": [0.5, "half"]}}},
                 "seeds": [1, 1, 2.5],
                 "budget": {"env_step": 10, "iterations": -1}}
                """);
        assertThat(c.ok()).isFalse();
        assertThat(lines(c)).contains(
                "colour: unknown field; a sweep file has budget, description, format, graph, grid, name, random, seeds, set, version",
                "eval.episodes: set: parameter 'episodes' = 0 is out of range [1, 10000]",
                "adam.lr: grid value -1: parameter 'lr' = -1 is out of range [1.0E-7, 1]",
                "adam.lr: grid value 0.001 is listed twice",
                "nosuch.lr: grid: the graph has no node 'nosuch'",
                "grid: 'adamlr' must look like node.param",
                "trainer.update_epochs: grid: must be a non-empty list of values, found []",
                "random.samples: must be a positive integer (draws per grid point), found 0",
                "random.seed: is required, so the same file always draws the same trials",
                "loss.clip_coef: random: log-uniform needs \"min\" > 0, found 0",
                "gae.gamma: random: \"dist\" must be one of [uniform, log-uniform, choice], found \"normal\"",
                "adam.lr: random: already set or varied in another section; a parameter may appear once",
                "loss.vf_coef: random choice \"half\": parameter 'vf_coef' = \"half\" is not a number",
                "seeds: seed 1 is listed twice",
                "budget.iterations: budget 'iterations' must be a positive integer, found -1");
        assertThat(lines(c)).anyMatch(l -> l.startsWith("adam.nosuch: grid: core/optim.adam has no parameter 'nosuch' (it has lr"));
        assertThat(lines(c)).anyMatch(l -> l.startsWith("policy.activation: random: uniform draws numbers but 'activation' is choice"));
        assertThat(lines(c)).anyMatch(l -> l.startsWith("seeds: entry 2 must be an integer"));
        assertThat(lines(c)).anyMatch(l -> l.startsWith("budget.env_step: unknown budget 'env_step'"));
        assertThat(c.errors()).hasSize(c.diagnostics().size());
    }

    @Test
    void aFileThatIsNotJsonIsPlacedByLineAndColumn(@TempDir Path tmp) throws Exception {
        SweepFile.Checked c = check(tmp, "{\"format\": \"workbench-sweep\",\n  \"version\": 1,,\n}");
        assertThat(lines(c)).singleElement().asString().startsWith(tmp.resolve("s.json") + ":2:").contains("unreadable JSON");
        c = check(tmp, "{\"format\": \"workbench-sweep\", \"version\": 1, \"graph\": \"a\", \"graph\": \"b\"}");
        assertThat(lines(c)).singleElement().asString().contains("unreadable JSON").contains("graph");
    }

    @Test
    void aGraphFileOrANewerVersionIsRefusedSayingWhat(@TempDir Path tmp) throws Exception {
        assertThat(lines(check(tmp, Files.readString(Repo.sample("ppo-cartpole.json"))))).singleElement().asString()
                .endsWith("expected \"workbench-sweep\" (this is a graph file: run it with `workbench run`)");
        assertThat(lines(check(tmp, "{\"format\": \"workbench-sweep\", \"version\": 7, \"graph\": \"ppo.json\"}")))
                .singleElement().asString().contains("sweep format version 7, newer than this program reads (up to 1)");
        assertThat(lines(check(tmp, "[1, 2]"))).singleElement().asString().endsWith("the top level must be a JSON object");
        assertThat(lines(new SweepFile(REGISTRY).read(tmp.resolve("absent.json")))).singleElement().asString()
                .endsWith("cannot read the file: no such file");
    }

    @Test
    void theBaseGraphMustExistAndValidateAndItsProblemsAreListed(@TempDir Path tmp) throws Exception {
        assertThat(lines(check(tmp, "{\"format\": \"workbench-sweep\", \"version\": 1, \"graph\": \"missing.json\"}")))
                .containsExactly("graph: no such file: " + tmp.resolve("missing.json"));
        assertThat(lines(check(tmp, "{\"format\": \"workbench-sweep\", \"version\": 1}")))
                .containsExactly("graph: must name the base graph file (a path relative to the sweep file), found null");
        String broken = Files.readString(Repo.sample("ppo-cartpole.json")).replace("\"lr\": 0.001", "\"lr\": 5");
        Files.writeString(tmp.resolve("broken.json"), broken);
        SweepFile.Checked c = check(tmp, "{\"format\": \"workbench-sweep\", \"version\": 1, \"graph\": \"broken.json\","
                + " \"grid\": {\"adam.lr\": [0.1, 7]}}");
        assertThat(lines(c)).containsExactly("graph: broken.json: adam.lr: parameter 'lr' = 5 is out of range [1.0E-7, 1]");
        // Only the shapes of the sections are checked without a usable graph: their values wait for it.
        assertThat(c.ok()).isFalse();
    }

    @Test
    void tooManyTrialsAreRefusedBeforeAnythingIsExpanded(@TempDir Path tmp) throws Exception {
        SweepFile.Checked c = check(tmp, "{\"format\": \"workbench-sweep\", \"version\": 1, \"graph\": \"ppo.json\","
                + " \"seeds\": {\"first\": 1, \"count\": 10000},"
                + " \"grid\": {\"adam.lr\": [0.1, 0.2]}}");
        assertThat(lines(c)).containsExactly("sweep: describes 20000 trials; at most 10000 are allowed in one sweep");
    }

    @Test
    void randomDrawsStayInRangeRoundIntegersAndRepeatForTheSameSeed(@TempDir Path tmp) throws Exception {
        String json = """
                {"format": "workbench-sweep", "version": 1, "graph": "ppo.json",
                 "grid": {"trainer.update_epochs": [4, 8]},
                 "random": {"samples": 25, "seed": 7, "params": {
                     "adam.lr": {"dist": "log-uniform", "min": 1e-4, "max": 1e-2},
                     "collector.num_steps": {"dist": "uniform", "min": 16, "max": 128},
                     "policy.activation": {"dist": "choice", "values": ["tanh", "relu"]}}},
                 "seeds": {"first": 3, "count": 2}}
                """;
        Sweep s = check(tmp, json).sweep();
        List<Sweep.Planned> t = s.trials();
        assertThat(t).hasSize(2 * 25 * 2);
        assertThat(s.count()).isEqualTo(100);
        assertThat(t).extracting(Sweep.Planned::seed).containsOnly(3L, 4L);
        for (Sweep.Planned p : t) {
            assertThat(p.params().get("adam.lr").asDouble()).isBetween(1e-4, 1e-2);
            JsonNode n = p.params().get("collector.num_steps");
            assertThat(n.isIntegralNumber()).isTrue();
            assertThat(n.asInt()).isBetween(16, 128);
        }
        // Both seeds of a setting share its draws; the draws differ between settings.
        assertThat(t.get(0).params()).isEqualTo(t.get(1).params());
        assertThat(t.get(0).params()).isNotEqualTo(t.get(2).params());
        Set<String> acts = t.stream().map(p -> p.params().get("policy.activation").asText()).collect(Collectors.toSet());
        assertThat(acts).containsExactlyInAnyOrder("tanh", "relu");
        // Log-uniform: about half of the draws below the geometric mean 1e-3.
        long below = t.stream().filter(p -> p.params().get("adam.lr").asDouble() < 1e-3).count();
        assertThat(below).isBetween(30L, 70L);
        assertThat(check(tmp, json).sweep().trials()).isEqualTo(t);
        assertThat(check(tmp, json.replace("\"seed\": 7", "\"seed\": 8")).sweep().trials()).isNotEqualTo(t);
        assertThat(s.varied()).containsExactly("trainer.update_epochs", "adam.lr", "collector.num_steps", "policy.activation");
    }

    @Test
    void aSpecCarriesTheFixedAndVariedValuesAsSetsAndTheBudgets(@TempDir Path tmp) throws Exception {
        Sweep s = check(tmp, """
                {"format": "workbench-sweep", "version": 1, "graph": "ppo.json", "set": {"policy.activation": "relu"},
                 "grid": {"policy.hidden": [[32], [64, 64]]}, "budget": {"env_steps": 2000}}
                """).sweep();
        TrialSpec spec = s.spec(s.trials().get(1), tmp.resolve("out"), Map.of("iterations", 2L));
        assertThat(spec.sets()).containsExactly(Map.entry("policy.activation", "\"relu\""), Map.entry("policy.hidden", "[64,64]"));
        assertThat(spec.budgets()).containsExactly(Map.entry("env_steps", 2000L), Map.entry("iterations", 2L));
        assertThat(spec.seed()).isEqualTo(1);
        assertThat(spec.outPath()).isEqualTo(tmp.resolve("out").resolve("trials").resolve("t0001"));
        assertThat(spec.graphJson()).isEqualTo(Files.readString(tmp.resolve("ppo.json")));
    }
}
