package io.rlwb.app.editor;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphNode;

/** Sets one parameter of one node; a null value removes it (the node type's default applies again). */
public final class SetParamCommand implements Command {
    private final GraphDocument doc;
    private final String nodeId;
    private final String param;
    private final JsonNode value;
    private JsonNode old;

    public SetParamCommand(GraphDocument doc, String nodeId, String param, JsonNode value) {
        this.doc = doc;
        this.nodeId = nodeId;
        this.param = param;
        this.value = value == null || value.isNull() ? null : value.deepCopy();
    }

    @Override
    public void execute() {
        GraphNode n = node();
        old = n.params().get(param);
        if (value == null) n.params().remove(param);
        else n.params().set(param, value.deepCopy());
    }

    @Override
    public void undo() {
        GraphNode n = node();
        if (old == null) n.params().remove(param);
        else n.params().set(param, old);
    }

    private GraphNode node() {
        return doc.node(nodeId).orElseThrow(() -> new IllegalStateException("no node " + nodeId));
    }

    @Override
    public String name() {
        return "Set " + nodeId + "." + param;
    }
}
