package io.rlwb.app.viewmodel.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.cli.WorkbenchCommand;
import io.rlwb.engine.testkit.HangGuard;
import io.rlwb.engine.testkit.Mutations;
import io.rlwb.engine.testkit.RunFixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tech.tablesaw.api.Table;

/**
 * A runs folder whose run directories are damaged (files cut, garbled, emptied, deleted, replaced by folders): the
 * run browser's loader lists every run (a damaged one as {@code unreadable}, with the reason), and the report
 * command ends with exit 0 or 2 and a message, never an internal error.
 */
class HostileRunFoldersTest {
    private static final List<String> FILES = List.of("run.json", "summary.json", "metrics.csv", "graph.json",
            "telemetry/distribution.jsonl", "telemetry/pareto.jsonl");
    private static Path fixture;

    @BeforeContainer
    static void writeFixture() throws Exception {
        fixture = Files.createTempDirectory("fuzz-fixture");
        RunFixtures.write(fixture, 5, 8, true);
    }

    @AfterContainer
    static void deleteFixture() throws IOException {
        delete(fixture);
    }

    private static Path damagedFolder(Random rnd, int runs) throws IOException {
        Path folder = Files.createTempDirectory("fuzz-runs");
        for (int r = 0; r < runs; r++) {
            Path dir = folder.resolve("run-" + r);
            try (Stream<Path> s = Files.walk(fixture)) {
                for (Path p : s.toList()) {
                    Path to = dir.resolve(fixture.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(to);
                    else Files.copy(p, to);
                }
            }
            for (int i = rnd.nextInt(3); i > 0; i--) {
                Path f = dir.resolve(FILES.get(rnd.nextInt(FILES.size())));
                if (!Files.isRegularFile(f)) continue;
                switch (rnd.nextInt(6)) {
                    case 0 -> Files.delete(f);
                    case 1 -> {
                        Files.delete(f);
                        Files.createDirectories(f);
                    }
                    default -> Files.write(f, Mutations.mutate(Files.readString(f, StandardCharsets.ISO_8859_1), rnd));
                }
            }
        }
        return folder;
    }

    @Property(tries = 150, seed = "20261203")
    void theRunBrowserListsEveryRunOfADamagedFolder(@ForAll long seed) throws Exception {
        Path folder = damagedFolder(new Random(seed), 3);
        try {
            HangGuard.run("a runs folder damaged with seed " + seed, () -> {
                List<String> problems = new ArrayList<>();
                Table t = RunsTable.scan(folder, problems);
                List<String> status = t.stringColumn(RunsTable.STATUS).asList();
                long unreadable = status.stream().filter("unreadable"::equals).count();
                assertThat(t.rowCount()).as("every folder with a run.json file is listed")
                        .isEqualTo(countRunDirs(folder));
                assertThat(problems.size()).isGreaterThanOrEqualTo((int) unreadable);
            });
        } finally {
            delete(folder);
        }
    }

    @Property(tries = 15, seed = "20261203")
    void theReportCommandEndsWithExit0Or2AndAMessage(@ForAll long seed) throws Exception {
        Path folder = damagedFolder(new Random(seed), 2);
        try {
            HangGuard.run("a report of runs damaged with seed " + seed, () -> {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = WorkbenchCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), "report",
                        folder.resolve("run-0").toString(), folder.resolve("run-1").toString(), "--out",
                        folder.resolve("report.html").toString());
                assertThat(code).as(err.toString()).isIn(0, 2);
                assertThat(err.toString()).doesNotContain("internal error").doesNotContain("Exception:");
                if (code == 2) assertThat(err.toString()).contains("report: ");
                else assertThat(folder.resolve("report.html")).isRegularFile();
            });
        } finally {
            delete(folder);
        }
    }

    private static long countRunDirs(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("run.json"))).count();
        }
    }

    private static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
