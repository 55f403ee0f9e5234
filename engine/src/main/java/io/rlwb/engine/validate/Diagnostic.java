package io.rlwb.engine.validate;

/**
 * One problem found in a graph, addressed to the place it is about: a node, a node's port, or the file.
 *
 * @param severity error (the graph cannot run) or warning
 * @param node node id, or the file name for file-level problems
 * @param port port or parameter name, or null
 * @param message what is wrong, in words a user acts on
 */
public record Diagnostic(Severity severity, String node, String port, String message) {
    public enum Severity { ERROR, WARNING }

    public static Diagnostic error(String node, String port, String message) {
        return new Diagnostic(Severity.ERROR, node, port, message);
    }

    public static Diagnostic warning(String node, String port, String message) {
        return new Diagnostic(Severity.WARNING, node, port, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code node-id: message} or {@code node-id.port: message}, warnings marked. */
    @Override
    public String toString() {
        return (port == null ? node : node + "." + port) + ": " + (isError() ? "" : "warning: ") + message;
    }
}
