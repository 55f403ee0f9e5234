package io.rlwb.app.cli;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.registry.PluginInfo;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.SnapshotSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code workbench nodes}: node types (core and plugins) with their ports (name, then the port type: what flows,
 * component or data, the Java type of its values and its capabilities), parameters, and the metrics and telemetry
 * snapshots each records.
 */
@Command(name = "nodes", description = "List the node types of the core and the plugins.")
final class NodesCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this usage and exit")
    boolean help;

    @Option(names = "--plugins", paramLabel = "DIR", description = "Plugin folder (default ~/.workbench/plugins)")
    Path plugins;

    @Option(names = "--brief", description = "One line per node type")
    boolean brief;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        NodeRegistry reg = GraphLoading.registry(plugins, spec.commandLine().getErr());
        out.println("Plugins:");
        for (PluginInfo p : reg.plugins()) {
            out.println("  " + p.name() + " " + p.version() + (p.loaded() ? "" : "  NOT LOADED: " + p.error()));
        }
        out.println();
        var types = reg.all().stream().sorted(Comparator.comparing(NodeType::category).thenComparing(NodeType::id)).toList();
        for (NodeType t : types) {
            String provider = reg.providerOf(t.id()).map(PluginInfo::name).orElse("?");
            out.printf("%-26s %-12s %s  [%s, v%d]%n", t.id(), t.category(), t.displayName(), provider, t.version());
            if (brief) continue;
            for (PortSpec<?> p : t.inputs()) {
                out.printf("    in   %-16s %-44s %s%s%n", p.name(), p.type().describe(), p.required() ? "" : "(optional) ",
                        p.description());
            }
            for (PortSpec<?> p : t.outputs()) {
                out.printf("    out  %-16s %-44s %s%n", p.name(), p.type().describe(), p.description());
            }
            for (ParamSpec p : t.params()) {
                String range = p.min() != null || p.max() != null ? " " + p.rangeText() : "";
                String choices = p.choices().isEmpty() ? "" : " " + p.choices();
                out.printf("    param %-15s %-8s = %-10s%s%s%s  %s%n", p.name(), p.type().name().toLowerCase(),
                        p.defaultValue(), range, choices, p.unit().isEmpty() ? "" : " " + p.unit(), p.description());
            }
            for (MetricSpec m : t.metrics()) {
                out.printf("    metric %-30s %-17s %s%n", m.key(), m.role().name().toLowerCase(), m.description());
            }
            for (SnapshotSpec sn : t.snapshots()) {
                out.printf("    snapshot %-28s %-17s %s%n", sn.kind(), sn.payload().getSimpleName(), sn.description());
            }
            out.println();
        }
        return 0;
    }
}
