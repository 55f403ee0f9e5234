package io.rlwb.engine.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.report.HtmlReport;
import io.rlwb.engine.report.ReportModel;
import io.rlwb.engine.report.Reports;
import io.rlwb.engine.report.RunData;
import io.rlwb.engine.telemetry.TelemetryFiles;
import io.rlwb.engine.testkit.HangGuard;
import io.rlwb.engine.testkit.Mutations;
import io.rlwb.engine.testkit.RunFixtures;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged run directories (a crash, a full disk, a hand edit: any of run.json, summary.json, metrics.csv,
 * graph.json and the telemetry files cut, garbled, emptied, deleted or replaced by a folder) go through the loaders
 * and the report: each ends in an {@link IOException} naming the file, or in success, never in another exception.
 */
class HostileRunDirectoriesTest {
    private static final List<String> FILES = List.of("run.json", "summary.json", "metrics.csv", "graph.json",
            "telemetry/distribution.jsonl", "telemetry/pareto.jsonl", "pareto.csv");
    private static Path fixture;

    @BeforeContainer
    static void writeFixture() throws Exception {
        fixture = Files.createTempDirectory("fuzz-fixture");
        RunFixtures.write(fixture, 3, 12, true);
    }

    @AfterContainer
    static void deleteFixture() throws IOException {
        delete(fixture);
    }

    /** A copy of the fixture with one to three of its files damaged. */
    private static Path damagedCopy(Random rnd) throws IOException {
        Path dir = Files.createTempDirectory("fuzz-run");
        try (Stream<Path> s = Files.walk(fixture)) {
            for (Path p : s.toList()) {
                Path to = dir.resolve(fixture.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
            Path f = dir.resolve(FILES.get(rnd.nextInt(FILES.size())));
            if (Files.isDirectory(f)) continue; // damaged into a folder already
            switch (rnd.nextInt(10)) {
                case 0 -> Files.deleteIfExists(f);
                case 1 -> {
                    Files.deleteIfExists(f);
                    Files.createDirectories(f); // a folder where a file should be
                }
                case 2 -> Files.write(f, new byte[0]);
                default -> {
                    if (!Files.isRegularFile(f)) continue;
                    Files.write(f, Mutations.mutate(Files.readString(f, StandardCharsets.ISO_8859_1), rnd));
                }
            }
        }
        return dir;
    }

    @Property(tries = 120, seed = "20261203")
    void aDamagedRunDirectoryLoadsOrSaysWhichFileIsDamaged(@ForAll long seed) throws Exception {
        Path dir = damagedCopy(new Random(seed));
        try {
            HangGuard.run("a run directory damaged with seed " + seed, () -> {
                try {
                    RunData.readRecord(dir);
                    RunData.readSummary(dir);
                } catch (IOException e) {
                    assertThat(e.getMessage()).contains(dir.toString());
                }
                RunData run;
                try {
                    run = RunData.load(dir);
                } catch (IOException e) {
                    assertThat(e.getMessage()).contains(dir.toString());
                    return;
                }
                for (String kind : List.of("distributions", "pareto")) {
                    try {
                        if (kind.equals("pareto")) TelemetryFiles.pareto(dir);
                        else TelemetryFiles.distributions(dir);
                    } catch (IOException e) {
                        assertThat(e.getMessage()).isNotBlank();
                    }
                }
                ReportModel model = new ReportModel(List.of(run));
                HtmlReport.write(model, List.of("metrics.csv"), "now", new StringWriter());
            });
        } finally {
            delete(dir);
        }
    }

    @Test
    void aCorruptSummaryCostsOnlyThatRunsSummaryInAComparisonReport(@TempDir Path tmp) throws Exception {
        Path good = RunFixtures.write(tmp.resolve("good"), 1, 8, false);
        Path bad = RunFixtures.write(tmp.resolve("bad"), 2, 8, false);
        Files.writeString(bad.resolve("summary.json"), "{\"eval/return_mean\": 12");
        Files.writeString(bad.resolve("telemetry/distribution.jsonl"),
                "{\"step\": 1, \"data\": {\"critic\": \"c\", \"probes\": [{\"kind\": \"categorical\", "
                        + "\"bin_edges\": [0, 1, 2], \"probs\": [1], \"mean\": 0.5}]}}\n");

        Reports.Written w = Reports.write(List.of(good, bad), tmp.resolve("report.html"));

        String html = Files.readString(w.html());
        assertThat(html).contains("good").contains("bad");
        assertThat(w.leftOut()).singleElement().satisfies(n -> assertThat(n).startsWith("bad: value distributions left out"));
        assertThat(RunData.load(bad).summary()).isEmpty();
        assertThat(RunData.load(bad).metrics()).isNotEmpty();
        assertThat(RunData.load(good).summary()).isNotEmpty();
    }

    private static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
