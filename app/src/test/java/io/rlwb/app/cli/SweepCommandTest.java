package io.rlwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.sweep.SweepDirectory;
import io.rlwb.engine.testkit.Repo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workbench sweep}: the sample sweep at a reduced budget (4 trials, each an ordinary run directory, the
 * table, the sweep report, a resume that runs nothing), and bad sweep files, executors and directories refused
 * with exit 2 and every problem on its own {@code place: message} line.
 */
class SweepCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIAGNOSTIC_LINE = "[A-Za-z0-9_\"-]+(\\.[A-Za-z0-9_-]+)?: \\S.*";

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

    @Test
    void theSampleSweepRunsFourTrialsWritesItsTableAndReportAndResumesToNothing() throws Exception {
        Path dir = tmp.resolve("sweep");
        String sweep = Repo.sample("sweep-ppo-cartpole.json").toString();
        int code = cli("sweep", sweep, "--out", dir.toString(), "--parallel", "2", "--budget", "iterations=2",
                "--plugins", plugins.toString());
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("4 trials (4 to run, 0 finished earlier) on local, 2 at once")
                .contains("4 completed, 0 failed, 0 cancelled");
        for (String id : List.of("t0000", "t0001", "t0002", "t0003")) {
            Path run = SweepDirectory.trialDir(dir, id);
            assertThat(JSON.readTree(run.resolve("run.json").toFile()).path("status").asText()).isEqualTo("completed");
            assertThat(JSON.readTree(run.resolve("graph.json").toFile()).path("run").path("budget").path("iterations").asLong())
                    .isEqualTo(2);
        }
        assertThat(JSON.readTree(SweepDirectory.trialDir(dir, "t0000").resolve("graph.json").toFile()).path("nodes")
                .findValue("lr").asDouble()).isEqualTo(0.00025);
        List<String> csv = Files.readAllLines(dir.resolve("sweep.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).startsWith("trial,status,seed,adam.lr,").contains("charts/episodic_return");

        assertThat(cli("report", dir.toString())).as(err.toString()).isZero();
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("Sweep: PPO on CartPole: learning rate x seed").contains("Best trials")
                .contains("data-param=\"adam.lr\"").contains("href=\"trials/t0003/\"").contains("4 completed");

        assertThat(cli("sweep", sweep, "--out", dir.toString(), "--resume", "--budget", "iterations=2",
                "--plugins", plugins.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("4 trials (0 to run, 4 finished earlier)");
        // The same directory without --resume is refused: it holds a sweep.
        assertThat(cli("sweep", sweep, "--out", dir.toString(), "--plugins", plugins.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not empty").contains("--resume");
    }

    @Test
    void aBadSweepFileIsRefusedWithEveryProblemOnItsOwnLine() throws Exception {
        Files.copy(Repo.sample("ppo-cartpole.json"), tmp.resolve("ppo.json"));
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, """
                {"format": "workbench-sweep", "version": 1, "graph": "ppo.json",
                 "grid": {"adam.lr": [2], "ghost.lr": [0.1]}, "seeds": []}
                """);
        assertThat(cli("sweep", f.toString(), "--out", tmp.resolve("never").toString(), "--plugins", plugins.toString()))
                .isEqualTo(2);
        List<String> lines = err.toString().lines().filter(l -> !l.startsWith("warning:")).toList();
        assertThat(lines).contains("adam.lr: grid value 2: parameter 'lr' = 2 is out of range [1.0E-7, 1]",
                "ghost.lr: grid: the graph has no node 'ghost'", "seeds: must list at least one seed",
                f + ": not run (3 problems)");
        assertThat(lines.subList(0, 3)).allMatch(l -> l.matches(DIAGNOSTIC_LINE));
        assertThat(tmp.resolve("never")).doesNotExist();
    }

    @Test
    void anUnknownExecutorAndAResumeWithoutADirectoryAreRefused() throws Exception {
        String sweep = Repo.sample("sweep-ppo-cartpole.json").toString();
        assertThat(cli("sweep", sweep, "--out", tmp.resolve("s").toString(), "--executor", "nope", "--plugins",
                plugins.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--executor nope: no such executor (there are: local");
        assertThat(cli("sweep", sweep, "--resume")).isEqualTo(2);
        assertThat(err.toString()).contains("--resume needs --out DIR");
    }
}
