package io.rlwb.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.plot.Series;
import io.rlwb.engine.testkit.RunFixtures;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTML, PDF and CSV reports of fixture runs written through the real run store. */
class ReportsTest {
    @TempDir
    Path dir;

    @Test
    void aSingleRunReportIsSelfContainedHtmlWithChartsTablesGraphAndProvenance() throws Exception {
        Path run = RunFixtures.write(dir.resolve("ppo-s1"), 1, 60, true);
        Reports.Written w = Reports.write(List.of(run), dir.resolve("out/report.html"));
        String html = Files.readString(w.html());

        // Offline: nothing is fetched (the SVG namespace is an identifier, not a download).
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://", "https://");
        assertThat(html).doesNotContain("<script", "<link", "<img", "src=", "url(");
        // Curves of the key metrics, a Pareto scatter, a distribution and the graph picture, all inline SVG.
        assertThat(html).contains("data-key=\"charts/episodic_return\"", "data-key=\"losses/value_loss\"");
        assertThat(html).contains("id=\"pareto\"", "id=\"distributions\"", "id=\"graph\"");
        assertThat(count(html, "<svg")).isEqualTo(new ReportModel(List.of(RunData.load(run))).chartKeys().size() + 3);
        assertThat(count(html, "<polyline")).isGreaterThan(20);
        // The graph picture names every node of the sample graph.
        for (String node : List.of("cartpole", "envs", "policy", "critic", "collector", "gae", "loss")) {
            assertThat(html).contains(">" + node + "</text>");
        }
        // Provenance and the summary table.
        assertThat(html).contains("graph sha256", "ab12cd34ef", "CPU avx2", "core 1", "<th>seed</th><td>1</td>");
        RunData data = RunData.load(run);
        assertThat(html).contains(ReportModel.summaryValue(data, "charts/episodic_return"));
        assertThat(w.csv()).containsExactly(dir.resolve("out/report.metrics.csv").toAbsolutePath());
        assertThat(w.pdf()).isEqualTo(dir.resolve("out/report.pdf").toAbsolutePath());
    }

    @Test
    void thePdfHasTheSameSectionsAsVectorsAndText() throws Exception {
        Path run = RunFixtures.write(dir.resolve("ppo-s2"), 2, 40, true);
        Reports.Written w = Reports.write(List.of(run), dir.resolve("r.html"));
        try (PDDocument pdf = Loader.loadPDF(w.pdf().toFile())) {
            assertThat(pdf.getNumberOfPages()).isGreaterThanOrEqualTo(3);
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Provenance", "Summary metrics", "Learning curves", "Pareto front",
                    "Value distributions", "Graph", "charts/episodic_return", "ab12cd34ef", "collector");
            // Charts are vector paths, not images.
            assertThat(pdf.getPage(1).getResources().getXObjectNames()).isEmpty();
        }
    }

    @Test
    void severalRunsMakeAComparisonWithCurvesOverlaidAndOneColumnPerRun() throws Exception {
        Path a = RunFixtures.write(dir.resolve("a"), 1, 30, false);
        Path b = RunFixtures.write(dir.resolve("b"), 2, 50, false);
        Reports.Written w = Reports.write(List.of(a, b), dir.resolve("cmp.html"));
        String html = Files.readString(w.html());
        assertThat(html).contains("Comparison of 2 runs", "<th>a</th><th>b</th>");
        // Each curve chart carries both runs' colours.
        Matcher m = Pattern.compile("data-key=\"charts/episodic_return\">(.*?)</figure>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).contains(ReportCharts.colour(0), ReportCharts.colour(1));
        assertThat(html).doesNotContain("id=\"pareto\"");
        // Same graph in both runs: drawn once.
        assertThat(count(html, "<figure class=\"graph\"")).isEqualTo(1);
        assertThat(w.csv()).hasSize(2);
        assertThat(w.csv().get(1).getFileName().toString()).isEqualTo("cmp-b.metrics.csv");
    }

    @Test
    void metricsExportIsWideWithOneColumnPerKeyAndEmptyCellsWhereAKeyHasNoValue() throws Exception {
        Map<String, Series> m = new LinkedHashMap<>();
        Series ret = new Series();
        ret.add(10, 1.5);
        ret.add(20, 2.5);
        Series loss = new Series();
        loss.add(20, 0.25);
        m.put("losses/value_loss", loss);
        m.put("charts/episodic_return", ret);
        StringWriter out = new StringWriter();
        MetricsCsv.writeWide(m, out);
        assertThat(out.toString()).isEqualTo("step,charts/episodic_return,losses/value_loss\n10,1.5,\n20,2.5,0.25\n");
    }

    @Test
    void aMissingOrInvalidRunDirectoryIsNamedInTheError() throws Exception {
        assertThatThrownBy(() -> Reports.write(List.of(dir.resolve("nope")), dir.resolve("x.html")))
                .hasMessageContaining("nope").hasMessageContaining("no such run directory");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Reports.write(List.of(dir.resolve("empty")), dir.resolve("x.html")))
                .hasMessageContaining("empty").hasMessageContaining("no run.json");
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("run.json"), "{ not json");
        assertThatThrownBy(() -> Reports.write(List.of(bad), dir.resolve("x.html")))
                .hasMessageContaining("run.json").hasMessageContaining("unreadable");
        assertThat(Files.exists(dir.resolve("x.html"))).isFalse();
    }

    @Test
    void aTornLastLineOfMetricsIsSkipped() throws Exception {
        Path f = dir.resolve("metrics.csv");
        Files.writeString(f, "step,wall_s,key,value\n1,0.1,a,2.0\n2,0.2,a,3.0\n3,0.3,a,4.");
        Files.writeString(f, Files.readString(f) + "\n4,0.4,a");
        Map<String, Series> m = MetricsCsv.read(f);
        assertThat(m.get("a").size()).isEqualTo(3);
    }

    @Test
    void paretoCsvTakesTheFirstTwoNumericColumnsAndTheDominatedFlag() throws Exception {
        Path f = dir.resolve("pareto.csv");
        Files.writeString(f, "policy,treasure,time,weight_0,dominated\np0,1.0,-5,0.5,false\np1,2.0,-9,0.2,true\n");
        ReportModel.Front front = ReportModel.readParetoCsv("r", f);
        assertThat(front.objectives()).containsExactly("treasure", "time");
        assertThat(front.points()).hasSize(2);
        assertThat(front.points().get(1)).containsExactly(2.0, -9.0, 1.0);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
