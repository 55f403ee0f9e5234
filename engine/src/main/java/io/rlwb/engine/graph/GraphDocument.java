package io.rlwb.engine.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A training graph as the file holds it: the document the editor edits and the runtime compiles. It is a
 * plain model without behaviour; {@link GraphFile} reads and writes it, the validator judges it.
 */
public final class GraphDocument {
    /** The format version this program writes. */
    public static final int CURRENT_VERSION = 1;
    public static final String FORMAT = "workbench-graph";

    private String name;
    private ObjectNode run;
    private final List<GraphNode> nodes = new ArrayList<>();
    private final List<GraphEdge> edges = new ArrayList<>();
    private final Map<String, JsonNode> extra = new LinkedHashMap<>();

    public GraphDocument(String name) {
        this.name = name == null ? "" : name;
        this.run = JsonNodeFactory.instance.objectNode();
    }

    public String name() { return name; }

    public void setName(String name) { this.name = name == null ? "" : name; }

    /** The {@code run} section: seed, budget, and anything else runs are told. Mutable. */
    public ObjectNode run() { return run; }

    public void setRun(ObjectNode run) { this.run = run; }

    public List<GraphNode> nodes() { return nodes; }

    public List<GraphEdge> edges() { return edges; }

    /** Top-level fields this program does not know; written back as they came. */
    public Map<String, JsonNode> extra() { return extra; }

    public Optional<GraphNode> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** The seed in {@code run.seed}, or {@code fallback}. */
    public long seed(long fallback) {
        JsonNode s = run.get("seed");
        return s != null && s.canConvertToLong() ? s.asLong() : fallback;
    }

    public GraphDocument deepCopy() {
        GraphDocument c = new GraphDocument(name);
        c.run = run.deepCopy();
        nodes.forEach(n -> c.nodes.add(n.deepCopy()));
        edges.forEach(e -> c.edges.add(e.withEnds(e.from(), e.to())));
        extra.forEach((k, v) -> c.extra.put(k, v.deepCopy()));
        return c;
    }
}
