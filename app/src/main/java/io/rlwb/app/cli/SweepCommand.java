package io.rlwb.app.cli;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.sweep.Cancellation;
import io.rlwb.engine.sweep.ExecutorSettings;
import io.rlwb.engine.sweep.SweepFile;
import io.rlwb.engine.sweep.SweepRunner;
import io.rlwb.engine.sweep.TrialListener;
import io.rlwb.engine.sweep.TrialResult;
import io.rlwb.engine.sweep.TrialRunner;
import io.rlwb.engine.sweep.TrialRunners;
import io.rlwb.engine.sweep.TrialStatus;
import io.rlwb.engine.validate.Diagnostic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code workbench sweep SWEEP}: checks the sweep file (every problem at once, exit 2), then runs its trials on an
 * executor ({@code local} in this process, or one found by name such as {@code spark}), one run directory per
 * trial under the sweep directory and sweep.csv updated as they finish. Ctrl-C or SIGTERM cancels the remaining
 * trials and keeps the finished ones (exit 130 / 143); {@code --resume} continues a sweep, skipping finished
 * trials. Exit 0 when every trial completed, 1 when any failed.
 */
@Command(name = "sweep", description = "Run a sweep file: many trials of one graph, one run directory each, and a table.")
final class SweepCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this usage and exit")
    boolean help;

    @Parameters(index = "0", paramLabel = "SWEEP", description = "Sweep file (JSON, format workbench-sweep)")
    Path sweepFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Sweep directory (default sweeps/<time>-<name>)")
    Path out;

    @Option(names = "--executor", paramLabel = "NAME", description = "Where trials run: local (default) or spark")
    String executor = TrialRunners.LOCAL;

    @Option(names = "--master", paramLabel = "URL", description = "The executor's master, e.g. local[2] or spark://host:7077")
    String master;

    @Option(names = "--parallel", paramLabel = "N", description = "Trials at once (default 0: one per processor)")
    int parallel;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "An executor setting, e.g. spark.executor.memory=4g or run-dirs=shared (repeatable; docs/sweeps.md)")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--resume", description = "Continue the sweep in --out DIR: skip finished trials, run the rest")
    boolean resume;

    @Option(names = "--budget", paramLabel = "KEY=N", description = "Override a budget of every trial, e.g. env_steps=20000 (repeatable)")
    Map<String, Long> budgets = new LinkedHashMap<>();

    @Option(names = "--plugins", paramLabel = "DIR", description = "Plugin folder (default ~/.workbench/plugins)")
    Path plugins;

    @Option(names = "--quiet", description = "No line per trial")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (resume && out == null) {
            err.println("--resume needs --out DIR, the directory of the sweep to continue");
            return WorkbenchCommand.BAD_INPUT;
        }
        NodeRegistry reg = GraphLoading.registry(plugins, err);
        SweepFile.Checked checked = new SweepFile(reg).read(sweepFile);
        for (Diagnostic d : checked.diagnostics()) err.println(d);
        if (!checked.ok()) {
            err.println(sweepFile + ": not run (" + checked.errors().size() + " problem"
                    + (checked.errors().size() == 1 ? "" : "s") + ")");
            return WorkbenchCommand.BAD_INPUT;
        }
        for (Map.Entry<String, Long> b : budgets.entrySet()) {
            var p = io.rlwb.engine.validate.RunSection.budgetProblem(b.getKey(),
                    com.fasterxml.jackson.databind.node.LongNode.valueOf(b.getValue()));
            if (p.isPresent()) {
                err.println("--budget: " + p.get());
                return WorkbenchCommand.BAD_INPUT;
            }
        }
        SweepRunner.Prepared prepared;
        try {
            prepared = SweepRunner.prepare(checked.sweep(), new SweepRunner.Options(out, resume, budgets));
        } catch (SweepRunner.SweepDirectoryException e) {
            err.println(e.getMessage());
            return WorkbenchCommand.BAD_INPUT;
        }
        TrialRunner runner;
        try {
            runner = TrialRunners.open(executor, new ExecutorSettings(parallel, master, reg, plugins, conf),
                    executorLoader(executor));
        } catch (IllegalArgumentException e) {
            prepared.close();
            err.println(e.getMessage());
            return WorkbenchCommand.BAD_INPUT;
        } catch (RuntimeException | LinkageError e) {
            // The executor itself would not start (a master that does not answer, a broken build of the executor):
            // the command line named it, so it is bad input, said in one line, and the sweep directory is released.
            prepared.close();
            err.println("--executor " + executor + (master == null ? "" : " --master " + master)
                    + ": the executor did not start: " + e);
            return WorkbenchCommand.BAD_INPUT;
        }
        int total = prepared.table().rows().size();
        stdout.printf(Locale.ROOT, "sweep directory: %s%n%d trials (%d to run, %d finished earlier) on %s, %d at once%n",
                prepared.dir(), total, prepared.toRun().size(), prepared.skipped().size(), runner.name(),
                runner.parallelism());
        stdout.flush();
        AtomicInteger done = new AtomicInteger(prepared.skipped().size());
        TrialListener printer = new TrialListener() {
            @Override public void finished(TrialResult r) {
                if (quiet || r.status() == TrialStatus.CANCELLED && r.ranOn() == null) return;
                synchronized (stdout) {
                    stdout.printf(Locale.ROOT, "[%d/%d] %s %s%s%n", done.incrementAndGet(), total, r.id(),
                            r.status().label(), r.failure() == null ? String.format(Locale.ROOT, " (%.1f s)", r.wallS())
                                    : ": " + r.failure());
                    stdout.flush();
                }
            }
        };
        Cancellation cancel = new Cancellation();
        AtomicInteger signals = new AtomicInteger();
        AtomicInteger exitOnCancel = new AtomicInteger(130);
        SweepRunner.Outcome o;
        try (runner; StopSignals.Installed ignored = StopSignals.install(signal -> {
            int code = StopSignals.exitCode(signal);
            if (signals.incrementAndGet() > 1) Runtime.getRuntime().halt(code);
            exitOnCancel.set(code);
            err.println();
            err.println((code == 130 ? "interrupted" : "terminated (SIG" + signal + ")")
                    + ": cancelling the remaining trials, keeping the finished ones (Ctrl-C again to quit at once)");
            err.flush();
            cancel.cancel();
        })) {
            o = SweepRunner.run(prepared, runner, printer, cancel);
        }
        stdout.printf(Locale.ROOT, "%d completed, %d failed, %d cancelled; table: %s%n", o.count(TrialStatus.COMPLETED),
                o.count(TrialStatus.FAILED), o.count(TrialStatus.CANCELLED),
                o.dir().resolve(io.rlwb.engine.sweep.SweepDirectory.TABLE_FILE));
        if (o.cancelled()) stdout.println("resume with: workbench sweep " + sweepFile + " --out " + o.dir() + " --resume");
        return o.cancelled() ? exitOnCancel.get() : o.exitCode();
    }

    /**
     * Where executor {@code name}'s provider is looked for: the application's class loader for {@code local}; for
     * another executor (Spark) a class loader of its own over its folder, so that its dependencies load only now
     * (docs/decisions/0023-spark-executor-in-its-own-class-loader.md). An executor already on the class path
     * (the workbench started by {@code spark-submit}) is found there first.
     */
    static ClassLoader executorLoader(String name) {
        return TrialRunners.loaderFor(name, SweepCommand.class.getClassLoader());
    }
}
