package io.rlwb.engine.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One node of a graph document as the file holds it. Parameters and UI hints stay JSON so that values a
 * node type does not know (or a node type the program does not know) survive a save unchanged.
 */
public final class GraphNode {
    private String id;
    private String type;
    private int typeVersion;
    private ObjectNode params;
    private ObjectNode ui;
    private final Map<String, JsonNode> extra = new LinkedHashMap<>();

    public GraphNode(String id, String type, int typeVersion) {
        this.id = Objects.requireNonNull(id, "id");
        this.type = Objects.requireNonNull(type, "type");
        this.typeVersion = typeVersion;
        this.params = JsonNodeFactory.instance.objectNode();
        this.ui = JsonNodeFactory.instance.objectNode();
    }

    public String id() { return id; }

    public void setId(String id) { this.id = Objects.requireNonNull(id); }

    public String type() { return type; }

    public void setType(String type) { this.type = Objects.requireNonNull(type); }

    public int typeVersion() { return typeVersion; }

    public void setTypeVersion(int v) { this.typeVersion = v; }

    /** The parameter values set in the file (defaults are not written in). Mutable. */
    public ObjectNode params() { return params; }

    public void setParams(ObjectNode p) { this.params = Objects.requireNonNull(p); }

    /** Layout hints for the editor ({@code x}, {@code y}, ...). Mutable. */
    public ObjectNode ui() { return ui; }

    public void setUi(ObjectNode ui) { this.ui = Objects.requireNonNull(ui); }

    /** Fields of the node object this program does not know; written back as they came. */
    public Map<String, JsonNode> extra() { return extra; }

    public GraphNode deepCopy() {
        GraphNode c = new GraphNode(id, type, typeVersion);
        c.params = params.deepCopy();
        c.ui = ui.deepCopy();
        extra.forEach((k, v) -> c.extra.put(k, v.deepCopy()));
        return c;
    }
}
