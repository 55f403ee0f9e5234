package io.rlwb.app.cli;

import io.rlwb.engine.report.Reports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code workbench report RUN_DIR... [--out FILE]}: writes the HTML report (several runs: a comparison), the PDF
 * beside it (FILE with .pdf) and the metrics of each run as wide CSV. Given one sweep directory instead, writes the
 * sweep's comparison report ({@code SWEEP_DIR/report.html}: best trials, metric against each varied parameter, all
 * trials). Exit 2 naming the path when a run directory is missing or invalid.
 */
@Command(name = "report", description = "Write an HTML and a PDF report of one or more run directories "
        + "(several runs: a comparison), and their metrics as CSV.")
final class ReportCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this usage and exit")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories (with run.json), or one sweep directory")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "FILE",
            description = "HTML file to write (default: RUN_DIR/report.html for one run, ./comparison-report.html "
                    + "for several); the PDF goes beside it with .pdf")
    Path out;

    @Option(names = "--metric", paramLabel = "KEY",
            description = "Sweep reports: the metric trials are judged by (default: the evaluation return, else the training return)")
    String metric;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (runs.size() == 1 && io.rlwb.engine.sweep.SweepDirectory.isSweep(runs.get(0))) {
            try {
                Path html = io.rlwb.engine.report.SweepReport.write(runs.get(0),
                        out != null ? out : runs.get(0).resolve("report.html"), metric);
                stdout.println("report: " + html);
                stdout.println("csv:    " + runs.get(0).resolve(io.rlwb.engine.sweep.SweepDirectory.TABLE_FILE));
                return 0;
            } catch (IOException | RuntimeException e) {
                err.println("report: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                return WorkbenchCommand.BAD_INPUT;
            }
        }
        Path html = out != null ? out : Reports.defaultOut(runs);
        try {
            Reports.Written w = Reports.write(runs, html);
            stdout.println("report: " + w.html());
            stdout.println("pdf:    " + w.pdf());
            for (Path c : w.csv()) stdout.println("csv:    " + c);
            for (String s : w.leftOut()) err.println("note: " + s);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("report: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return WorkbenchCommand.BAD_INPUT;
        }
    }
}
