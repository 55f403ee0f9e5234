package io.rlwb.app.cli;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.rl.PolicyEvaluator;
import io.rlwb.engine.runtime.InvalidGraphException;
import io.rlwb.engine.runtime.RunHandle;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunProgress;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.store.RunDirectoryException;
import io.rlwb.engine.validate.Diagnostic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code workbench run GRAPH}: runs headless on a worker thread with a progress line and writes a run
 * directory. Ctrl-C cancels the run cleanly (status {@code cancelled}, exit 130), and so does SIGTERM (exit 143).
 * A directory that holds an earlier run, or that a live run holds, is refused with exit 2 before anything runs.
 * {@code workbench run --resume DIR} continues an interrupted, cancelled or killed run from its latest checkpoint.
 */
@Command(name = "run", description = "Run a graph headless and write a run directory.")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this usage and exit")
    boolean help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "GRAPH", description = "Graph file (JSON); not with --resume")
    Path graph;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the interrupted, cancelled or killed run in "
            + "DIR from its latest checkpoint to the end of its budget, appending to its files")
    Path resume;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "50", description = "Write a checkpoint "
            + "every N iterations (0: only at the end and at cancel; default ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default runs/<time>-<name>-s<seed>)")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Seed (replaces run.seed of the graph)")
    Long seed;

    @Option(names = "--set", paramLabel = "NODE.PARAM=VALUE", description = "Override a parameter (repeatable)")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--budget", paramLabel = "KEY=N", description = "Override a budget, e.g. env_steps=50000 (repeatable)")
    Map<String, Long> budgets = new LinkedHashMap<>();

    @Option(names = "--plugins", paramLabel = "DIR", description = "Plugin folder (default ~/.workbench/plugins)")
    Path plugins;

    @Option(names = "--quiet", description = "No progress line")
    boolean quiet;

    @Option(names = "--force", description = "Replace the run in --out DIR when there is one (otherwise refused)")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (checkpointEvery < 0) {
            err.println("--checkpoint-every: must be 0 or more, got " + checkpointEvery);
            return WorkbenchCommand.BAD_INPUT;
        }
        if (resume != null) return resume(out, err);
        if (graph == null) {
            err.println("run: give a GRAPH file to run, or --resume DIR to continue a run");
            spec.commandLine().usage(err);
            return WorkbenchCommand.BAD_INPUT;
        }
        GraphDocument doc = GraphLoading.load(graph, err);
        if (doc == null) return WorkbenchCommand.BAD_INPUT;
        NodeRegistry reg = GraphLoading.registry(plugins, err);
        Runner runner = new Runner(reg);
        Runner.Prepared prepared;
        try {
            prepared = runner.prepare(doc, new RunOptions(this.out, seed, sets, budgets, checkpointEvery));
        } catch (InvalidGraphException e) {
            for (Diagnostic d : e.diagnostics()) err.println(d);
            err.println(graph + ": not run (" + e.diagnostics().size() + " problem"
                    + (e.diagnostics().size() == 1 ? "" : "s") + ")");
            return WorkbenchCommand.BAD_INPUT;
        }
        try {
            prepared = runner.claim(prepared, force);
        } catch (RunDirectoryException e) {
            err.println(e.getMessage());
            return WorkbenchCommand.BAD_INPUT;
        }
        return execute(runner, prepared, out, err);
    }

    /** {@code --resume DIR}: refused with exit 2 when combined with what would change the run, or not resumable. */
    private int resume(PrintWriter out, PrintWriter err) {
        java.util.List<String> clash = new java.util.ArrayList<>();
        if (graph != null) clash.add("GRAPH");
        if (this.out != null) clash.add("--out");
        if (seed != null) clash.add("--seed");
        if (!sets.isEmpty()) clash.add("--set");
        if (!budgets.isEmpty()) clash.add("--budget");
        if (force) clash.add("--force");
        if (!clash.isEmpty()) {
            err.println("--resume continues the run as its graph.json records it: " + String.join(", ", clash)
                    + " cannot be given with it");
            return WorkbenchCommand.BAD_INPUT;
        }
        Runner runner = new Runner(GraphLoading.registry(plugins, err));
        Runner.Prepared prepared;
        try {
            prepared = runner.resume(resume, checkpointEvery);
        } catch (RunDirectoryException e) {
            err.println(e.getMessage());
            return WorkbenchCommand.BAD_INPUT;
        } catch (InvalidGraphException e) {
            for (Diagnostic d : e.diagnostics()) err.println(d);
            err.println(resume.resolve("graph.json") + ": cannot be continued (" + e.diagnostics().size() + " problem"
                    + (e.diagnostics().size() == 1 ? "" : "s") + ")");
            return WorkbenchCommand.BAD_INPUT;
        }
        if (!quiet) out.println("resuming from " + prepared.resumeFrom());
        return execute(runner, prepared, out, err);
    }

    private int execute(Runner runner, Runner.Prepared prepared, PrintWriter out, PrintWriter err) {
        boolean tty = System.console() != null;
        ProgressPrinter printer = new ProgressPrinter(out, tty, quiet);
        AtomicInteger signals = new AtomicInteger();
        AtomicInteger exitOnCancel = new AtomicInteger(130);
        // The handlers go in before the run starts: a signal in between would otherwise end the process the JVM's
        // way, leaving run.json at "running". One that comes before the handle exists cancels it as it is made.
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<RunHandle> started = new AtomicReference<>();
        RunResult r;
        try (StopSignals.Installed ignored = StopSignals.install(signal -> {
            int code = StopSignals.exitCode(signal);
            if (signals.incrementAndGet() > 1) Runtime.getRuntime().halt(code);
            exitOnCancel.set(code);
            err.println();
            err.println((code == 130 ? "interrupted" : "terminated (SIG" + signal + ")")
                    + ": stopping the run (Ctrl-C again to quit at once)");
            stop.set(true);
            RunHandle h = started.get();
            if (h != null) h.cancel();
        })) {
            RunHandle handle = runner.start(prepared, printer, null);
            started.set(handle);
            if (stop.get()) handle.cancel();
            r = handle.await();
        }
        printer.finish(r);
        return "cancelled".equals(r.status()) ? exitOnCancel.get() : r.exitCode();
    }

    /** Prints the progress line: in place on a terminal, every 10% otherwise. */
    static final class ProgressPrinter implements RunListener {
        private final PrintWriter out;
        private final boolean tty;
        private final boolean quiet;
        private final AtomicReference<Path> dir = new AtomicReference<>();
        private long lastPrint;
        private int lastDecile = -1;

        ProgressPrinter(PrintWriter out, boolean tty, boolean quiet) {
            this.out = out;
            this.tty = tty;
            this.quiet = quiet;
        }

        @Override
        public void started(Path runDir) {
            dir.set(runDir);
            if (quiet) return;
            out.println("run directory: " + runDir);
            out.println("backend: " + io.rlwb.engine.runtime.Backend.labelWithReason());
        }

        @Override
        public void progress(RunProgress p) {
            if (quiet) return;
            long now = System.nanoTime();
            int decile = (int) (p.fraction() * 10);
            if (tty && now - lastPrint > 200_000_000L) {
                out.print("\r" + line(p) + "   ");
                out.flush();
                lastPrint = now;
            } else if (!tty && decile > lastDecile) {
                out.println(line(p));
                lastDecile = decile;
            }
        }

        static String line(RunProgress p) {
            int width = 24;
            int filled = (int) Math.round(p.fraction() * width);
            String bar = "#".repeat(filled) + "-".repeat(width - filled);
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "[%s] %3.0f%% %,d/%,d steps  %,.0f steps/s",
                    bar, 100 * p.fraction(), p.envSteps(), p.budget(), p.sps()));
            if (!Double.isNaN(p.lastReturn())) s.append(String.format(Locale.ROOT, "  return %.1f", p.lastReturn()));
            if (!Double.isNaN(p.lastEval())) s.append(String.format(Locale.ROOT, "  eval %.1f", p.lastEval()));
            if (p.sps() > 0 && p.budget() > p.envSteps()) {
                s.append(String.format(Locale.ROOT, "  eta %.0fs", (p.budget() - p.envSteps()) / p.sps()));
            }
            return s.toString();
        }

        /** {@code trainer 61%, collector 30%, ...}: nodes by falling self time, those under 1% left out. */
        static String timeByNode(Map<String, Double> seconds) {
            double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
            if (total <= 0) return "";
            return seconds.entrySet().stream().filter(e -> e.getValue() / total >= 0.01)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100 * e.getValue() / total))
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        void finish(RunResult r) {
            if (tty && !quiet) out.println();
            out.printf(Locale.ROOT, "%s after %,d steps in %.1f s%s: %s%n", r.status(), r.envSteps(), r.wallS(),
                    r.stopReason() == null ? "" : " (" + r.stopReason() + ")", r.dir());
            if (r.error() != null) out.println("error: " + r.error());
            Map<String, Double> keys = new TreeMap<>(r.summary());
            for (String k : new String[] {PolicyEvaluator.RETURN_MEAN.key(), PolicyEvaluator.RETURN_STD.key(),
                    PolicyEvaluator.STEPS_TO_TARGET.key(), Runner.SPS.key()}) {
                if (keys.containsKey(k)) out.printf(Locale.ROOT, "  %-22s %.2f%n", k, keys.get(k));
            }
            String profile = timeByNode(r.nodeSeconds());
            if (!profile.isEmpty()) out.println("  time by node: " + profile);
            out.flush();
        }
    }
}
