package io.rlwb.engine.graph;

/**
 * A graph file that cannot be read: unreadable JSON, the wrong format, or a newer version. The message
 * names the file and, where known, the line and column; it is meant for users, not for a stack trace.
 */
public class GraphFileException extends Exception {
    private final String where;

    public GraphFileException(String where, String message) {
        super(message);
        this.where = where;
    }

    public GraphFileException(String where, String message, Throwable cause) {
        super(message, cause);
        this.where = where;
    }

    /** The file name (and line:column when known). */
    public String where() {
        return where;
    }

    @Override
    public String toString() {
        return where + ": " + getMessage();
    }
}
