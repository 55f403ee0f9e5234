package io.rlwb.engine.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A wire from an output port to an input port, as text {@code node.port} in the file. */
public final class GraphEdge {
    private final String from;
    private final String to;
    private final Map<String, JsonNode> extra = new LinkedHashMap<>();

    public GraphEdge(String from, String to) {
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
    }

    public String from() { return from; }

    public String to() { return to; }

    /** Null when the text is not of the form {@code node.port}. */
    public PortRef fromRef() { return PortRef.parse(from); }

    public PortRef toRef() { return PortRef.parse(to); }

    public Map<String, JsonNode> extra() { return extra; }

    public GraphEdge withEnds(String newFrom, String newTo) {
        GraphEdge e = new GraphEdge(newFrom, newTo);
        extra.forEach((k, v) -> e.extra.put(k, v.deepCopy()));
        return e;
    }

    @Override
    public String toString() {
        return from + " -> " + to;
    }
}
