package io.rlwb.engine.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.spi.NodeType;

/** Parameter lookup with defaults: the value in the file, else the declared default. */
public final class Params {
    private Params() {}

    public static JsonNode value(GraphNode n, NodeType type, String name) {
        JsonNode v = n.params().get(name);
        if (v != null && !v.isNull()) return v;
        return type.param(name).orElseThrow(() -> new IllegalArgumentException(
                type.id() + " declares no parameter '" + name + "'")).defaultValue();
    }
}
