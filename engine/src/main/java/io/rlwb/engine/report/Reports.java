package io.rlwb.engine.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the report of one or more run directories: {@code FILE} (HTML), the same name with {@code .pdf}, and the
 * metrics of each run in wide CSV beside them ({@code <name>.metrics.csv}, or {@code <name>-<run>.metrics.csv}
 * for several runs). Files are written to a temporary name and renamed, so a half-written report is never left.
 */
public final class Reports {
    private Reports() {}

    /**
     * What was written.
     *
     * @param html the HTML report
     * @param pdf the PDF report
     * @param csv the metrics exports, one per run
     * @param leftOut what was left out because its file was damaged, one line each ({@link ReportModel#skipped()})
     */
    public record Written(Path html, Path pdf, List<Path> csv, List<String> leftOut) {}

    /** The default report file of {@code runs}: report.html in the single run's directory, else in the working directory. */
    public static Path defaultOut(List<Path> runs) {
        return runs.size() == 1 ? runs.get(0).resolve("report.html") : Path.of("comparison-report.html");
    }

    /**
     * Checks that every path is a readable run directory; the message names the first that is not.
     *
     * @throws IOException naming the path and what is wrong with it
     */
    public static List<RunData> load(List<Path> runDirs) throws IOException {
        if (runDirs.isEmpty()) throw new IOException("no run directory given");
        List<RunData> runs = new ArrayList<>();
        for (Path d : runDirs) {
            if (!Files.isDirectory(d)) throw new IOException(d + ": no such run directory");
            if (!RunData.isRunDir(d)) throw new IOException(d + ": not a run directory (no run.json)");
            runs.add(RunData.load(d));
        }
        return runs;
    }

    /** Writes the reports of {@code runDirs} to {@code html} (its parent folder is created). */
    public static Written write(List<Path> runDirs, Path html) throws IOException {
        List<RunData> runs = load(runDirs);
        ReportModel model = new ReportModel(runs);
        Path out = html.toAbsolutePath();
        Files.createDirectories(out.getParent());
        String base = out.getFileName().toString().replaceFirst("\\.html?$", "");
        String generated = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

        List<Path> csvs = new ArrayList<>();
        for (RunData r : runs) {
            Path csv = out.resolveSibling(runs.size() == 1 ? base + ".metrics.csv"
                    : base + "-" + r.name().replaceAll("[^A-Za-z0-9_.-]", "_") + ".metrics.csv");
            atomically(csv, tmp -> {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    MetricsCsv.writeWide(r.metrics(), w);
                }
            });
            csvs.add(csv);
        }
        List<String> names = csvs.stream().map(p -> p.getFileName().toString()).toList();
        atomically(out, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                HtmlReport.write(model, names, generated, w);
            }
        });
        Path pdf = out.resolveSibling(base + ".pdf");
        atomically(pdf, tmp -> PdfReport.write(model, generated, tmp));
        return new Written(out, pdf, csvs, model.skipped());
    }

    private interface Body {
        void write(Path tmp) throws IOException;
    }

    private static void atomically(Path target, Body body) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            body.write(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
