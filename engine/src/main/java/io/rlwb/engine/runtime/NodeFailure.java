package io.rlwb.engine.runtime;

/** A failure attributed to one node; the message names it, run.json keeps it. */
public class NodeFailure extends RuntimeException {
    private final String nodeId;

    public NodeFailure(String nodeId, String message, Throwable cause) {
        super(nodeId + ": " + message, cause);
        this.nodeId = nodeId;
    }

    public NodeFailure(String nodeId, String message) {
        this(nodeId, message, null);
    }

    public String nodeId() {
        return nodeId;
    }
}
