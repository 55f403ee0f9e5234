package io.rlwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.ui.plot.Snapshots;
import io.rlwb.engine.testkit.ChildProcess;
import io.rlwb.engine.testkit.RunFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workbench report}: exit codes and files, and the report as a reader sees it: the HTML opened in headless
 * Chromium and the PDF turned into pictures by pdftoppm, each checked to show drawn marks (not a blank page).
 * CI installs chromium and poppler-utils (.ci/run); locally a missing binary skips those two checks with a
 * message saying what to install.
 */
class ReportCommandTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path PDFTOPPM = Path.of("/usr/bin/pdftoppm");

    @TempDir
    Path tmp;
    private StringWriter out;
    private StringWriter err;

    private int cli(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
            return WorkbenchCommand.execute(o, e, args);
        }
    }

    @Test
    void reportOfOneRunWritesHtmlPdfAndCsvAndNamesThem() throws Exception {
        Path run = RunFixtures.write(tmp.resolve("run1"), 1, 60, true);
        int code = cli("report", run.toString(), "--out", tmp.resolve("out/r.html").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(tmp.resolve("out/r.html")).isRegularFile();
        assertThat(tmp.resolve("out/r.pdf")).isRegularFile();
        assertThat(tmp.resolve("out/r.metrics.csv")).isRegularFile();
        assertThat(out.toString()).contains("r.html").contains("r.pdf").contains("r.metrics.csv");
        assertThat(Files.readAllLines(tmp.resolve("out/r.metrics.csv")).get(0)).startsWith("step,charts/SPS,");
    }

    @Test
    void withoutOutTheReportGoesIntoTheRunDirectory() throws Exception {
        Path run = RunFixtures.write(tmp.resolve("run2"), 2, 10, false);
        assertThat(cli("report", run.toString())).isZero();
        assertThat(run.resolve("report.html")).isRegularFile();
        assertThat(run.resolve("report.pdf")).isRegularFile();
    }

    @Test
    void aMissingOrInvalidRunDirectoryExits2NamingThePathWithoutAStackTrace() throws Exception {
        Path good = RunFixtures.write(tmp.resolve("good"), 3, 10, false);
        Path missing = tmp.resolve("no-such-run");
        int code = cli("report", good.toString(), missing.toString(), "--out", tmp.resolve("x.html").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(missing.toString()).contains("no such run directory");
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        Path notRun = Files.createDirectories(tmp.resolve("just-a-folder"));
        assertThat(cli("report", notRun.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(notRun.toString()).contains("no run.json");
        assertThat(cli("report")).isEqualTo(2);
        assertThat(err.toString()).contains("RUN_DIR");
    }

    @Test
    void theHtmlReportOpensOfflineInHeadlessChromiumAndShowsCharts() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed: apt-get install -y chromium "
                + "(CI installs it in .ci/run)");
        Path a = RunFixtures.write(tmp.resolve("ppo-seed1"), 1, 120, true);
        Path b = RunFixtures.write(tmp.resolve("ppo-seed2"), 2, 120, false);
        Path html = tmp.resolve("cmp.html");
        assertThat(cli("report", a.toString(), b.toString(), "--out", html.toString())).isZero();
        Path png = chromiumScreenshot(html, 1500, "cmp");
        long marks = Snapshots.countNonBackground(png, 0.15);
        assertThat(marks).as("pixels that are not background").isGreaterThan(40_000);
        copyToScreenshots(png, "report-html.png");

        // One run with Pareto and distribution snapshots, the whole page: every section draws.
        Path single = tmp.resolve("single.html");
        assertThat(cli("report", a.toString(), "--out", single.toString())).isZero();
        Path page = chromiumScreenshot(single, 4200, "single");
        assertThat(Snapshots.countNonBackground(page, 0.15)).isGreaterThan(120_000);
        copyToScreenshots(page, "report-html-single.png");
    }

    @Test
    void thePdfReportRendersToPagesWithChartsInPdftoppm() throws Exception {
        assumeTrue(Files.isExecutable(PDFTOPPM), "pdftoppm is not installed: apt-get install -y poppler-utils "
                + "(CI installs it in .ci/run)");
        Path a = RunFixtures.write(tmp.resolve("ppo-seed1"), 1, 120, true);
        Path html = tmp.resolve("one.html");
        assertThat(cli("report", a.toString(), "--out", html.toString())).isZero();
        run(List.of(PDFTOPPM.toString(), "-png", "-r", "70", tmp.resolve("one.pdf").toString(),
                tmp.resolve("page").toString()), tmp.resolve("pdftoppm.log"));
        List<Path> pages;
        try (Stream<Path> s = Files.list(tmp)) {
            pages = new ArrayList<>(s.filter(p -> p.getFileName().toString().matches("page-\\d+\\.png")).sorted().toList());
        }
        assertThat(pages).as(log(tmp.resolve("pdftoppm.log"))).hasSizeGreaterThanOrEqualTo(3);
        for (Path p : pages) {
            assertThat(Snapshots.countNonBackground(p, 0.15)).as(p.getFileName().toString()).isGreaterThan(3_000);
        }
        copyToScreenshots(pages.get(1), "report-pdf.png");
    }

    /** A screenshot of {@code html} in headless Chromium, 1280 wide, with a fresh profile. */
    private Path chromiumScreenshot(Path html, int height, String name) throws Exception {
        Path png = tmp.resolve(name + ".png");
        Path profile = Files.createDirectories(tmp.resolve("chromium-profile-" + name));
        List<String> cmd = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--screenshot=" + png,
                "--window-size=1280," + height, html.toUri().toString());
        Path logFile = tmp.resolve(name + "-chromium.log");
        run(cmd, logFile);
        assertThat(png).as("chromium wrote no screenshot; log: %s", log(logFile)).isRegularFile();
        return png;
    }

    private static void run(List<String> cmd, Path logFile) throws Exception {
        try (ChildProcess p = ChildProcess.start("chromium", new ProcessBuilder(cmd), logFile)) {
            p.awaitExit();
        }
    }

    private static String log(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "(none)";
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static void copyToScreenshots(Path png, String name) throws Exception {
        Files.copy(png, FxTestSupport.screenshotDir().resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
