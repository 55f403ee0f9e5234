package io.rlwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.testkit.Repo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input on the command line is refused with exit 2 and a message naming the place, before anything runs. */
class CliStrictInputTest {
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

    private String sample() {
        return Repo.sample("ppo-cartpole.json").toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "validate", "nodes", "report", "bench"})
    void everySubcommandsHelpPrintsItsUsageAndExits0(String sub) {
        assertThat(cli(sub, "--help")).isZero();
        assertThat(out.toString()).contains("Usage: workbench " + sub);
        assertThat(cli(sub, "-h")).isZero();
    }

    @Test
    void aBudgetKeyTypoIsRefusedNamingTheKnownKeys() {
        Path dir = tmp.resolve("r");
        assertThat(cli("run", sample(), "--out", dir.toString(), "--budget", "env_step=100", "--plugins",
                plugins.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("run.budget: unknown budget 'env_step'; known budgets: env_steps, iterations");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aNegativeBudgetIsRefused() {
        assertThat(cli("run", sample(), "--out", tmp.resolve("r").toString(), "--budget", "env_steps=-5",
                "--plugins", plugins.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("run.budget: budget 'env_steps' must be a positive integer, found -5");
    }

    @Test
    void validateReportsABadSeedAndABudgetTypoInTheFile() throws Exception {
        String text = Files.readString(Repo.sample("ppo-cartpole.json"))
                .replaceFirst("\"seed\"\\s*:\\s*[0-9]+", "\"seed\": \"abc\"")
                .replaceFirst("\"env_steps\"", "\"env_stepz\"");
        Path f = Files.writeString(tmp.resolve("g.json"), text);
        assertThat(cli("validate", f.toString(), "--plugins", plugins.toString())).isEqualTo(2);
        assertThat(out.toString()).contains("run.seed: must be an integer, found \"abc\"")
                .contains("run.budget: unknown budget 'env_stepz'");
    }

    @Test
    void validateRefusesAGraphWithNoNodesAsRunWould() throws Exception {
        Path f = Files.writeString(tmp.resolve("empty.json"),
                "{\"format\": \"workbench-graph\", \"version\": 1, \"name\": \"empty\", \"nodes\": [], \"edges\": []}");
        assertThat(cli("validate", f.toString(), "--plugins", plugins.toString())).isEqualTo(2);
        assertThat(out.toString()).contains("graph: the graph has no nodes");
        assertThat(cli("run", f.toString(), "--out", tmp.resolve("r").toString(), "--plugins", plugins.toString()))
                .isEqualTo(2);
    }

    @Test
    void anOutThatIsAFileExits2SayingWhy() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThat(cli("run", sample(), "--out", file.toString(), "--plugins", plugins.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is a file, not a directory");
    }

    @Test
    void anOutWithoutWritePermissionExits2SayingWhy() throws Exception {
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        assertThat(locked.toFile().setWritable(false, false)).isTrue();
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked), "running as root");
            assertThat(cli("run", sample(), "--out", locked.resolve("run").toString(), "--plugins",
                    plugins.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("permission denied");
        } finally {
            locked.toFile().setWritable(true, false);
        }
    }

    @Test
    void invalidUtf8NamesTheFileAndTheByteOffset() throws Exception {
        Path f = Files.write(tmp.resolve("bad.json"), new byte[] {'{', '"', (byte) 0xC3, '"', '}'});
        assertThat(cli("validate", f.toString(), "--plugins", plugins.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(f.toString()).contains("byte offset 2").doesNotContain("Input length");
    }

    @Test
    void aMissingPluginFolderIsReportedNotIgnored() {
        Path missing = tmp.resolve("no-such-folder");
        assertThat(cli("nodes", "--brief", "--plugins", missing.toString())).isZero();
        assertThat(err.toString()).contains("warning: plugins: " + missing + ": the plugin folder does not exist");
        assertThat(out.toString()).contains("core/trainer.ppo");
    }
}
