package io.rlwb.engine.validate;

import io.rlwb.engine.spi.NodeType;
import java.util.List;
import java.util.Map;

/**
 * What validation found: the problems, and for a graph without structural errors the node types, the
 * topological order and the shape inferred on every output port ({@code node.port -> shape}).
 */
public record ValidationResult(List<Diagnostic> diagnostics, Map<String, NodeType> types, List<String> order,
                               Map<String, Object> shapes) {
    public boolean ok() {
        return diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
