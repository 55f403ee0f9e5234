package io.rlwb.app.cli;

import io.rlwb.engine.runtime.backend.BackendChoice;
import io.rlwb.engine.runtime.backend.BackendPlatform;
import io.rlwb.engine.runtime.backend.BackendSelector;
import io.rlwb.engine.runtime.backend.BackendUnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Runs a parsed command line after choosing the compute backend: ND4J picks its backend once, at first use, so
 * the choice ({@code --backend} in any position, default {@code auto}) is made here, before any command touches
 * ND4J, on the main thread (ADR 0009, 0016). A backend that cannot work ends the command line with the reason and
 * exit code 2; help and version requests never look at the backend.
 */
final class BackendExecution implements CommandLine.IExecutionStrategy {
    private final BackendPlatform platform;
    private final PrintWriter err;

    BackendExecution(BackendPlatform platform, PrintWriter err) {
        this.platform = platform;
        this.err = err;
    }

    @Override
    public int execute(ParseResult parseResult) {
        Integer help = CommandLine.executeHelpRequest(parseResult);
        if (help != null) return help;
        try {
            platform.activate(BackendSelector.select(choice(parseResult), platform));
        } catch (BackendUnavailableException e) {
            err.println("workbench: " + e.getMessage());
            err.flush();
            return WorkbenchCommand.BAD_INPUT;
        }
        return new CommandLine.RunLast().execute(parseResult);
    }

    /** The last {@code --backend} given, before or after the subcommand; {@code auto} when none. */
    static BackendChoice choice(ParseResult parseResult) {
        BackendChoice choice = BackendChoice.AUTO;
        for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            OptionSpec o = pr.matchedOption(BackendOption.NAME);
            if (o != null && o.getValue() != null) choice = o.getValue();
        }
        return choice;
    }
}
