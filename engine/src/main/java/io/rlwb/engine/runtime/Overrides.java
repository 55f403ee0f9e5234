package io.rlwb.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.validate.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Applies command-line overrides (--seed, --set, --budget) to a copy of a graph. */
public final class Overrides {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Overrides() {}

    /**
     * @return the graph as it will run
     * @throws InvalidGraphException naming each override that addresses nothing
     */
    public static GraphDocument apply(GraphDocument doc, RunOptions opts, NodeRegistry registry)
            throws InvalidGraphException {
        GraphDocument g = doc.deepCopy();
        List<Diagnostic> problems = new ArrayList<>();
        if (opts.seed() != null) g.run().put("seed", opts.seed());
        if (!opts.budgets().isEmpty()) {
            ObjectNode budget = g.run().has("budget") && g.run().get("budget").isObject()
                    ? (ObjectNode) g.run().get("budget") : g.run().putObject("budget");
            opts.budgets().forEach(budget::put);
        }
        for (Map.Entry<String, String> s : opts.sets().entrySet()) {
            String target = s.getKey();
            int dot = target.lastIndexOf('.');
            if (dot <= 0 || dot == target.length() - 1) {
                problems.add(Diagnostic.error("--set", null, "'" + target + "=" + s.getValue()
                        + "' must look like NODE.PARAM=VALUE"));
                continue;
            }
            String nodeId = target.substring(0, dot);
            String param = target.substring(dot + 1);
            Optional<GraphNode> n = g.node(nodeId);
            if (n.isEmpty()) {
                problems.add(Diagnostic.error(nodeId, param, "--set names no node '" + nodeId + "' in the graph"));
                continue;
            }
            boolean known = registry.find(n.get().type()).map(t -> t.param(param).isPresent()).orElse(true);
            if (!known) {
                problems.add(Diagnostic.error(nodeId, param, "--set names no parameter '" + param + "' of "
                        + n.get().type()));
                continue;
            }
            n.get().params().set(param, parseValue(s.getValue()));
        }
        if (!problems.isEmpty()) throw new InvalidGraphException(problems);
        return g;
    }

    /** JSON when the text is JSON ({@code 0.5}, {@code [64,64]}, {@code true}), otherwise a string. */
    static JsonNode parseValue(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n == null || n.isMissingNode() ? TextNode.valueOf(text) : n;
        } catch (Exception e) {
            return TextNode.valueOf(text);
        }
    }
}
