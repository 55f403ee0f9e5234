package io.rlwb.app.cli;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.validate.Diagnostic;
import io.rlwb.engine.validate.ValidationResult;
import io.rlwb.engine.validate.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code workbench validate GRAPH}: every problem as {@code node-id: message}; exit 2 when there is one. */
@Command(name = "validate", description = "Check a graph file without running it.")
final class ValidateCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this usage and exit")
    boolean help;

    @Parameters(index = "0", paramLabel = "GRAPH", description = "Graph file (JSON)")
    Path graph;

    @Option(names = "--plugins", paramLabel = "DIR", description = "Plugin folder (default ~/.workbench/plugins)")
    Path plugins;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GraphDocument doc = GraphLoading.load(graph, err);
        if (doc == null) return WorkbenchCommand.BAD_INPUT;
        NodeRegistry reg = GraphLoading.registry(plugins, err);
        ValidationResult r = new Validator(reg).validate(doc);
        for (Diagnostic d : r.diagnostics()) out.println(d);
        if (!r.ok()) {
            err.println(graph + ": " + r.errors().size() + " problem" + (r.errors().size() == 1 ? "" : "s"));
            return WorkbenchCommand.BAD_INPUT;
        }
        out.println(graph + ": valid (" + doc.nodes().size() + " nodes, " + doc.edges().size() + " wires)");
        return 0;
    }
}
