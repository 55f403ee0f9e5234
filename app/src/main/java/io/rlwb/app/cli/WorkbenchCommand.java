package io.rlwb.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code workbench} command line (CONTRACT in docs/contracts.md): run, validate, nodes, bench. */
@Command(name = "workbench", mixinStandardHelpOptions = true, versionProvider = WorkbenchCommand.Version.class,
        description = "Build, validate and run reinforcement-learning training graphs.",
        subcommands = {RunCommand.class, ValidateCommand.class, NodesCommand.class, BenchCommand.class,
                ReportCommand.class, BackendCommand.class, SweepCommand.class},
        footer = {"", "Without arguments, ./workbench opens the application; ./workbench --graph FILE opens it on FILE.",
                "Exit codes: 0 success, 1 the run failed (its run.json says why), 2 bad input (also an --out that holds "
                        + "a run or is in use), 130 interrupted (SIGINT), 143 terminated (SIGTERM)."})
public final class WorkbenchCommand implements Runnable {
    /** Exit code for bad input: usage, unreadable or invalid graph. */
    public static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    BackendOption backend;

    /** No subcommand: the usage, on the output this command line was given (not always System.out). */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the exit code (never throws for bad input). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(new io.rlwb.engine.runtime.backend.Nd4jPlatform(), out, err, args);
    }

    /** As {@link #execute(PrintWriter, PrintWriter, String...)} on {@code platform} (tests: a machine with CUDA). */
    static int execute(io.rlwb.engine.runtime.backend.BackendPlatform platform, PrintWriter out, PrintWriter err,
                       String... args) {
        CommandLine cl = new CommandLine(new WorkbenchCommand());
        cl.setExecutionStrategy(new BackendExecution(platform, err));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("workbench: " + ex.getMessage());
            ex.getCommandLine().usage(err);
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            err.println("workbench: internal error: " + ex);
            return 1;
        });
        return cl.execute(args);
    }

    /** Version from the engine's resources. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"workbench " + io.rlwb.engine.runtime.Backend.engineVersion()};
        }
    }
}
