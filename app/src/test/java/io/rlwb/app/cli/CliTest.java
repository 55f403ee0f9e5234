package io.rlwb.app.cli;

import static io.rlwb.engine.testkit.SampleGraphs.addNode;
import static io.rlwb.engine.testkit.SampleGraphs.node;
import static io.rlwb.engine.testkit.SampleGraphs.removeEdge;
import static io.rlwb.engine.testkit.SampleGraphs.rewire;
import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.testkit.PluginJars;
import io.rlwb.engine.testkit.RepoFiles;
import io.rlwb.engine.testkit.SampleGraphs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line as users' scripts and CI see it (CONTRACT in docs/contracts.md): exit codes, {@code node-id: message}
 * lines, and no stack traces for bad input. Every command gets an empty {@code --plugins} folder so that
 * nothing in the user's home changes what the tests see.
 */
class CliTest {
    /** A diagnostic line: {@code node-id: message} or {@code node-id.port: message}. */
    private static final String DIAGNOSTIC_LINE = "[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)?: \\S.*";

    @TempDir
    Path tmp;
    private Path plugins;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void emptyPluginFolder() throws Exception {
        plugins = Files.createDirectory(tmp.resolve("plugins"));
    }

    private int cli(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
            return WorkbenchCommand.execute(o, e, args);
        }
    }

    private String out() {
        return out.toString();
    }

    private String err() {
        return err.toString();
    }

    private Path sample() {
        return RepoFiles.ppoCartPole();
    }

    private Path write(String name, GraphDocument doc) throws Exception {
        Path f = tmp.resolve(name);
        GraphFile.write(doc, f);
        return f;
    }

    private void assertNoStackTrace() {
        assertThat(out() + err()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("internal error");
    }

    @Test
    void validateAcceptsTheSampleWithExit0() {
        int code = cli("validate", sample().toString(), "--plugins", plugins.toString());

        assertThat(code).as(err()).isZero();
        assertThat(out()).contains("valid (10 nodes, 14 wires)");
        assertThat(err()).isEmpty();
    }

    @Test
    void validateReportsUnreadableJsonWithFileLineAndColumnAndExit2() throws Exception {
        Path f = tmp.resolve("broken.json");
        Files.writeString(f, "{\n  \"format\": \"workbench-graph\",\n  \"version\": 1,\n  \"name\": \"x\"\n  \"nodes\": []\n}\n");

        int code = cli("validate", f.toString(), "--plugins", plugins.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err()).containsPattern(java.util.regex.Pattern.quote(f.toString()) + ":5:\\d+: unreadable JSON");
        assertNoStackTrace();
    }

    @Test
    void validateRefusesAFileOfANewerFormatVersionWithExit2() throws Exception {
        String text = Files.readString(sample()).replaceFirst("\"version\": 1", "\"version\": 2");
        Path f = tmp.resolve("future.json");
        Files.writeString(f, text);

        int code = cli("validate", f.toString(), "--plugins", plugins.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains(f.toString()).contains("version 2").contains("up to 1");
        assertNoStackTrace();
    }

    static Stream<Arguments> invalidGraphs() {
        return Stream.of(
                Arguments.of("parameter out of range", (UnaryOperator<GraphDocument>) d -> {
                    node(d, "gae").params().put("lambda", 1.5);
                    return d;
                }, "gae.lambda: parameter 'lambda' = 1.5 is out of range [0, 1]"),
                Arguments.of("required input unwired",
                        (UnaryOperator<GraphDocument>) d -> removeEdge(d, "critic.critic", "gae.critic"),
                        "gae.critic: required input 'critic' (critic) is not wired"),
                Arguments.of("unknown node type", (UnaryOperator<GraphDocument>) d -> {
                    addNode(d, "gizmo", "acme/thing");
                    return d;
                }, "gizmo: unknown node type 'acme/thing'"),
                Arguments.of("duplicate node id", (UnaryOperator<GraphDocument>) d -> {
                    addNode(d, "adam", "core/optim.adam");
                    return d;
                }, "adam: duplicate node id 'adam'"),
                Arguments.of("critic into a policy input",
                        (UnaryOperator<GraphDocument>) d -> rewire(d, "collector.policy", "critic.critic"),
                        "collector.policy: expects policy but is wired from critic.critic, which gives critic"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidGraphs")
    void validatePrintsEachProblemAsNodeIdColonMessageAndExits2(String what, UnaryOperator<GraphDocument> breakIt,
                                                               String expectedLine) throws Exception {
        Path f = write("invalid.json", breakIt.apply(SampleGraphs.ppoCartPole()));

        int code = cli("validate", f.toString(), "--plugins", plugins.toString());

        assertThat(code).isEqualTo(2);
        List<String> lines = (out() + err()).lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(expectedLine));
        assertThat(out().lines()).isNotEmpty().allSatisfy(l -> assertThat(l).matches(DIAGNOSTIC_LINE));
        assertThat(err()).contains(f + ": 1 problem");
        assertNoStackTrace();
    }

    @Test
    void validateReportsEveryProblemOfAGraphNotJustTheFirst() throws Exception {
        GraphDocument d = removeEdge(SampleGraphs.ppoCartPole(), "critic.critic", "gae.critic");
        node(d, "gae").params().put("lambda", 1.5);
        addNode(d, "gizmo", "acme/thing");
        Path f = write("three.json", d);

        int code = cli("validate", f.toString(), "--plugins", plugins.toString());

        assertThat(code).isEqualTo(2);
        assertThat(out().lines()).hasSize(3).allSatisfy(l -> assertThat(l).matches(DIAGNOSTIC_LINE));
        assertThat(err()).contains("3 problems");
    }

    @Test
    void validatePrintsWarningsButExits0WhenThereIsNoError() throws Exception {
        GraphDocument d = SampleGraphs.ppoCartPole();
        node(d, "policy").params().put("dropout", 0.1);
        Path f = write("warn.json", d);

        int code = cli("validate", f.toString(), "--plugins", plugins.toString());

        assertThat(code).isZero();
        assertThat(out() + err()).contains("policy.dropout: warning: unknown parameter 'dropout'");
        assertThat(out()).contains("valid");
    }

    @Test
    void validateOfAMissingFileSaysSoWithoutAStackTraceAndExits2() {
        Path missing = tmp.resolve("nope.json");

        int code = cli("validate", missing.toString(), "--plugins", plugins.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains(missing.toString()).contains("no such file");
        assertNoStackTrace();
    }

    @Test
    void validateOfAFolderInsteadOfAFileExits2WithoutAStackTrace() {
        int code = cli("validate", tmp.toString(), "--plugins", plugins.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains(tmp.toString()).contains("cannot read");
        assertNoStackTrace();
    }

    @Test
    void resumeRefusesWhatItCannotContinueWithExit2() throws Exception {
        Path none = tmp.resolve("none");
        assertThat(cli("run", "--resume", none.toString(), "--plugins", plugins.toString())).isEqualTo(2);
        assertThat(err()).contains(none.toString()).contains("no run to continue");
        assertThat(cli("run", sample().toString(), "--resume", none.toString(), "--seed", "3")).isEqualTo(2);
        assertThat(err()).contains("cannot be given with it").contains("GRAPH").contains("--seed");
        assertThat(cli("run", "--plugins", plugins.toString())).isEqualTo(2);
        assertThat(err()).contains("give a GRAPH file to run, or --resume DIR");
        assertThat(cli("run", sample().toString(), "--checkpoint-every", "-1")).isEqualTo(2);
        assertThat(err()).contains("--checkpoint-every");

        Path done = tmp.resolve("done");
        assertThat(cli("run", sample().toString(), "--out", done.toString(), "--budget", "env_steps=512",
                "--plugins", plugins.toString(), "--quiet")).isZero();
        assertThat(cli("run", "--resume", done.toString(), "--plugins", plugins.toString())).isEqualTo(2);
        assertThat(err()).contains("completed run");
        assertNoStackTrace();
    }

    @Test
    void runWithASetNamingAMissingNodeExits2NamingItAndRunsNothing() {
        Path runDir = tmp.resolve("run");

        int code = cli("run", sample().toString(), "--set", "ghost.lr=1", "--out", runDir.toString(),
                "--plugins", plugins.toString(), "--quiet");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("ghost").contains("not run");
        assertThat(runDir).doesNotExist();
        assertNoStackTrace();
    }

    @Test
    void runWithASetNamingAMissingParameterExits2NamingIt() {
        Path runDir = tmp.resolve("run");

        int code = cli("run", sample().toString(), "--set", "adam.learning_rate=0.1", "--out", runDir.toString(),
                "--plugins", plugins.toString(), "--quiet");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("adam.learning_rate: ").contains("no parameter 'learning_rate'");
        assertThat(runDir).doesNotExist();
    }

    @Test
    void runValidatesTheGraphWithItsOverridesApplied() {
        Path runDir = tmp.resolve("run");

        int code = cli("run", sample().toString(), "--set", "gae.lambda=1.5", "--out", runDir.toString(),
                "--plugins", plugins.toString(), "--quiet");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("gae.lambda: parameter 'lambda' = 1.5 is out of range [0, 1]");
        assertThat(runDir).doesNotExist();
    }

    @Test
    void runOfAnInvalidGraphExits2WithItsProblemsAndRunsNothing() throws Exception {
        Path f = write("invalid.json", removeEdge(SampleGraphs.ppoCartPole(), "critic.critic", "gae.critic"));
        Path runDir = tmp.resolve("run");

        int code = cli("run", f.toString(), "--out", runDir.toString(), "--plugins", plugins.toString(), "--quiet");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("gae.critic: required input 'critic' (critic) is not wired")
                .contains("not run (1 problem)");
        assertThat(runDir).doesNotExist();
        assertThat(out()).doesNotContain("run directory");
        assertNoStackTrace();
    }

    @Test
    void runOfAnUnreadableGraphExits2() throws Exception {
        Path f = tmp.resolve("broken.json");
        Files.writeString(f, "{ \"format\": ");
        Path runDir = tmp.resolve("run");

        int code = cli("run", f.toString(), "--out", runDir.toString(), "--plugins", plugins.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains(f.toString()).contains("unreadable JSON");
        assertThat(runDir).doesNotExist();
    }

    @Test
    void nodesListsCoreTypesWithTheirPortsAndParameters() {
        int code = cli("nodes", "--plugins", plugins.toString());

        assertThat(code).as(err()).isZero();
        assertThat(out()).containsPattern("(?m)^Plugins:\\n  core \\S+$");
        String cartpole = block("core/env.cartpole");
        assertThat(cartpole).contains("CartPole-v1").contains("[core, v1]");
        assertThat(cartpole).containsPattern("(?m)^\\s+out\\s+env\\s+env\\s");
        assertThat(cartpole).containsPattern("(?m)^\\s+param max_steps\\s+int\\s+= 500\\s+\\[1, 100000\\] steps");

        String trainer = block("core/trainer.ppo");
        assertThat(trainer).containsPattern("(?m)^\\s+in\\s+batch\\s+advantages\\s");
        assertThat(trainer).containsPattern("(?m)^\\s+in\\s+loss\\s+loss\\s");
        assertThat(trainer).containsPattern("(?m)^\\s+in\\s+optimizer\\s+optimizer\\s");
        assertThat(trainer).containsPattern("(?m)^\\s+param update_epochs\\s+int\\s+= 4\\s+\\[1, 1000\\]");
        assertThat(trainer).containsPattern("(?m)^\\s+param max_grad_norm\\s+float\\s+= 0\\.5");

        assertThat(block("core/policy.mlp")).containsPattern("(?m)^\\s+param activation\\s+choice\\s+= \"tanh\".*\\[tanh, relu\\]");
    }

    @Test
    void nodesBriefGivesOneLinePerType() {
        int code = cli("nodes", "--brief", "--plugins", plugins.toString());

        assertThat(code).isZero();
        assertThat(out()).contains("core/trainer.ppo").doesNotContain("param update_epochs");
    }

    @Test
    void nodesListsAPluginJarsTypesAndReportsABrokenJarWithoutFailing() throws Exception {
        PluginJars.providerJar(plugins, "acme.jar", "acme.AcmeNodes", "acme", NodeProvider.SPI_VERSION, "acme/widget");
        Files.write(plugins.resolve("x.jar"), new byte[] {1, 2, 3, 4});

        int code = cli("nodes", "--plugins", plugins.toString());

        assertThat(code).isZero();
        assertThat(out()).contains("  acme 1.2.3").contains("acme/widget");
        assertThat(block("acme/widget")).contains("[acme, v1]").containsPattern("(?m)^\\s+param size\\s+int");
        assertThat(out()).containsPattern("x\\.jar .*NOT LOADED");
        assertThat(err()).contains("warning: plugin x.jar");
        assertNoStackTrace();
    }

    /** The lines {@code workbench nodes} printed for one node type, from its header to the blank line. */
    private String block(String typeId) {
        String[] blocks = out().split("\\R\\R");
        return Arrays.stream(blocks).filter(b -> b.startsWith(typeId + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no block for " + typeId + " in:\n" + out()));
    }

    @Test
    void anUnknownSubcommandExits2WithUsage() {
        int code = cli("frobnicate");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("frobnicate").contains("Usage: workbench");
        assertNoStackTrace();
    }

    @Test
    void anUnknownOptionExits2WithTheUsageOfThatCommand() {
        int code = cli("validate", "--frobnicate", sample().toString());

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("--frobnicate").contains("Usage: workbench validate");
    }

    @Test
    void aMissingGraphArgumentExits2WithUsage() {
        int code = cli("run");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("GRAPH").contains("Usage: workbench run");
    }

    @Test
    void aBadOptionValueExits2WithUsage() {
        assertThat(cli("run", sample().toString(), "--seed", "abc")).isEqualTo(2);
        assertThat(err()).contains("abc").contains("Usage: workbench run");

        assertThat(cli("run", sample().toString(), "--budget", "env_steps=lots")).isEqualTo(2);
        assertThat(err()).contains("lots");
    }

    @Test
    void withoutASubcommandTheUsageGoesToTheOutputTheCommandLineWasGiven() {
        int code = cli();

        assertThat(code).isZero();
        assertThat(out()).contains("Usage: workbench").contains("validate");
    }

    @Test
    void runOfAValidGraphWritesARunDirectoryAndExits0() throws Exception {
        Path runDir = tmp.resolve("run");

        int code = cli("run", sample().toString(), "--set", "collector.num_steps=16", "--set", "envs.num_envs=4", "--set", "eval.episodes=1",
                "--budget", "env_steps=64", "--seed", "7", "--out", runDir.toString(), "--plugins", plugins.toString(),
                "--quiet");

        assertThat(code).as(out() + err()).isZero();
        assertThat(out()).contains("completed after 64 steps");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var record = json.readTree(runDir.resolve("run.json").toFile());
        assertThat(record.get("status").asText()).isEqualTo("completed");
        assertThat(record.get("seed").asLong()).isEqualTo(7);
        // graph.json is the graph as run: overrides applied.
        var graph = json.readTree(runDir.resolve("graph.json").toFile());
        assertThat(graph.at("/run/seed").asLong()).isEqualTo(7);
        assertThat(graph.at("/run/budget/env_steps").asLong()).isEqualTo(64);
        assertThat(graph.get("nodes").findParents("id").stream()
                .filter(n -> n.get("id").asText().equals("collector")).findFirst().orElseThrow()
                .at("/params/num_steps").asInt()).isEqualTo(16);
    }

    @Test
    void helpPrintsTheSubcommandsAndExitCodesToStandardOutput() {
        int code = cli("--help");

        assertThat(code).isZero();
        assertThat(out()).contains("Usage: workbench").contains("run").contains("validate").contains("nodes")
                .contains("Exit codes: 0 success, 1 the run failed");
    }
}
