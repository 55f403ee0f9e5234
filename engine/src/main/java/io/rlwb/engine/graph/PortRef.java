package io.rlwb.engine.graph;

/**
 * A {@code node.port} reference as written in an edge. The node id is everything before the last dot, so
 * node ids may contain dots while port names may not.
 */
public record PortRef(String node, String port) {
    /** Parses {@code node.port}; returns null when the text has no dot or an empty part. */
    public static PortRef parse(String text) {
        if (text == null) return null;
        int dot = text.lastIndexOf('.');
        if (dot <= 0 || dot == text.length() - 1) return null;
        return new PortRef(text.substring(0, dot), text.substring(dot + 1));
    }

    @Override
    public String toString() {
        return node + "." + port;
    }
}
