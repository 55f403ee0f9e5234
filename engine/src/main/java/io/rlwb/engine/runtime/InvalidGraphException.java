package io.rlwb.engine.runtime;

import io.rlwb.engine.validate.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

/** The graph (or an override) is bad input: nothing ran. Carries every problem found. */
public class InvalidGraphException extends Exception {
    private final List<Diagnostic> diagnostics;

    public InvalidGraphException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
