package io.rlwb.engine.validate;

import io.rlwb.engine.spi.NodeType;
import java.util.List;
import java.util.Map;

/**
 * What validation found: the problems, and the graph's analysis (node types, the wires that hold, topological
 * order, shapes inferred on output ports by {@code node.port}). The compiler builds from the analysis.
 */
public record ValidationResult(List<Diagnostic> diagnostics, GraphAnalysis analysis) {
    public boolean ok() {
        return diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    /** Node types by node id, for the nodes whose type is known. */
    public Map<String, NodeType> types() {
        return analysis.types();
    }

    /** Topological order along the wires that hold. */
    public List<String> order() {
        return analysis.order();
    }

    /** The shape inferred on every output port, by {@code node.port}. */
    public Map<String, Object> shapes() {
        return analysis.shapes();
    }
}
