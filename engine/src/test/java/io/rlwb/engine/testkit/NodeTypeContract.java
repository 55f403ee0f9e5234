package io.rlwb.engine.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.validate.Validator;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The same checks for every node type, core or plugin (a contract test for the extension point). A
 * module applies {@link #checkProvider} to its provider with a few minimal graphs that together use every one
 * of its node types:
 * <ul>
 *   <li>declaration complete: namespaced id of the provider, version, category, display name, descriptions on
 *       the type, every port and every parameter; parameter defaults pass their own checks (ranges, choices);
 *   <li>parameters round-trip: a node with every parameter set to a non-default valid value is written as a
 *       graph file and read back unchanged;
 *   <li>a tiny run completes: each minimal graph validates without errors and runs a few trainer iterations,
 *       taking environment steps.
 * </ul>
 */
public final class NodeTypeContract {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private NodeTypeContract() {}

    /** All three checks for every node type of {@code provider}. */
    public static void checkProvider(NodeProvider provider, NodeRegistry registry, List<GraphDocument> minimalGraphs,
            Path tmp, long iterations) throws Exception {
        checkProvider(provider, registry, minimalGraphs, tmp, iterations, Map.of());
    }

    /**
     * As above, where some node types cannot run with this provider's nodes alone (a core node that only a
     * plugin's trainer consumes): {@code runElsewhere} maps each such type to the test that runs it, and the
     * declaration and round-trip checks still apply to it.
     */
    public static void checkProvider(NodeProvider provider, NodeRegistry registry, List<GraphDocument> minimalGraphs,
            Path tmp, long iterations, Map<String, String> runElsewhere) throws Exception {
        for (String id : runElsewhere.keySet()) {
            assertThat(provider.nodeTypes().stream().map(NodeType::id)).as("exempted type " + id).contains(id);
            assertThat(runElsewhere.get(id)).as(id + ": which test runs it").isNotBlank();
        }
        assertThat(provider.nodeTypes()).as(provider.name() + " declares node types").isNotEmpty();
        for (NodeType t : provider.nodeTypes()) {
            declarationIsComplete(provider.name(), t);
            parametersRoundTrip(t);
        }
        tinyRunsComplete(provider, registry, minimalGraphs, tmp, iterations, runElsewhere.keySet());
    }

    /** The declaration has everything the palette, the property sheet and {@code workbench nodes} show. */
    public static void declarationIsComplete(String namespace, NodeType t) {
        String at = t.id();
        assertThat(t.id()).as(at + ": id in the provider's namespace").startsWith(namespace + "/");
        assertThat(t.version()).as(at + ": version").isPositive();
        assertThat(t.category()).as(at + ": category").isNotBlank();
        assertThat(t.displayName()).as(at + ": display name").isNotBlank();
        assertThat(t.description()).as(at + ": description").isNotBlank();
        Set<String> names = new HashSet<>();
        for (PortSpec p : t.inputs()) {
            assertThat(names.add("in:" + p.name())).as(at + ": duplicate input " + p.name()).isTrue();
            assertThat(p.description()).as(at + ": description of input " + p.name()).isNotBlank();
        }
        for (PortSpec p : t.outputs()) {
            assertThat(names.add("out:" + p.name())).as(at + ": duplicate output " + p.name()).isTrue();
            assertThat(p.description()).as(at + ": description of output " + p.name()).isNotBlank();
        }
        for (ParamSpec p : t.params()) {
            assertThat(names.add("param:" + p.name())).as(at + ": duplicate parameter " + p.name()).isTrue();
            assertThat(p.description()).as(at + ": description of parameter " + p.name()).isNotBlank();
            assertThat(p.check(p.defaultValue())).as(at + ": default of " + p.name() + " passes its own check").isEmpty();
            if (p.min() != null && p.max() != null) {
                assertThat(p.min()).as(at + ": range of " + p.name()).isLessThanOrEqualTo(p.max());
            }
        }
    }

    /** A node with every parameter changed to another valid value survives writing and reading the graph file. */
    public static void parametersRoundTrip(NodeType t) throws Exception {
        GraphDocument doc = new GraphDocument("round trip of " + t.id());
        GraphNode n = new GraphNode("n", t.id(), t.version());
        ObjectNode params = JSON.objectNode();
        for (ParamSpec p : t.params()) {
            JsonNode v = otherValidValue(p);
            assertThat(p.check(v)).as(t.id() + ": changed value " + v + " of " + p.name() + " is valid").isEmpty();
            params.set(p.name(), v);
        }
        n.setParams(params);
        doc.nodes().add(n);
        GraphDocument back = new GraphFile().parse(GraphFile.toText(doc), "round trip of " + t.id());
        GraphNode m = back.node("n").orElseThrow();
        assertThat(m.type()).isEqualTo(t.id());
        assertThat(m.typeVersion()).isEqualTo(t.version());
        for (ParamSpec p : t.params()) {
            // Compared as JSON text: the reader may give an IntNode where a LongNode was written.
            assertThat(String.valueOf(m.params().get(p.name()))).as(t.id() + ": parameter " + p.name()
                    + " after the round trip").isEqualTo(params.get(p.name()).toString());
        }
    }

    /** A valid value different from the default where the parameter allows one. */
    static JsonNode otherValidValue(ParamSpec p) {
        JsonNode d = p.defaultValue();
        return switch (p.type()) {
            case INT -> JSON.numberNode((long) nudge(d.asDouble(), p, 1));
            case FLOAT -> JSON.numberNode(nudgeFloat(d.asDouble(), p));
            case BOOL -> JSON.booleanNode(!d.asBoolean());
            case STRING -> JSON.textNode(d.asText() + "x");
            case CHOICE -> JSON.textNode(p.choices().stream().filter(c -> !c.equals(d.asText())).findFirst().orElse(d.asText()));
            case INT_LIST -> {
                ArrayNode a = JSON.arrayNode();
                for (JsonNode e : d) a.add((long) nudge(e.asDouble(), p, 1));
                yield a;
            }
        };
    }

    private static double nudge(double v, ParamSpec p, double step) {
        if (p.max() == null || v + step <= p.max()) return v + step;
        if (p.min() == null || v - step >= p.min()) return v - step;
        return v;
    }

    private static double nudgeFloat(double v, ParamSpec p) {
        if (p.max() != null && p.min() != null) return v < p.max() ? (v + p.max()) / 2 : (v + p.min()) / 2;
        if (p.max() != null) return v < p.max() ? (v + p.max()) / 2 : v - 1;
        return v == 0 ? 0.5 : v * 1.5;
    }

    /**
     * Every node type of the provider appears in at least one of the graphs, and each graph validates without
     * errors and completes {@code iterations} trainer iterations with environment steps taken.
     */
    public static void tinyRunsComplete(NodeProvider provider, NodeRegistry registry, List<GraphDocument> graphs,
            Path tmp, long iterations) throws Exception {
        tinyRunsComplete(provider, registry, graphs, tmp, iterations, Set.of());
    }

    private static void tinyRunsComplete(NodeProvider provider, NodeRegistry registry, List<GraphDocument> graphs,
            Path tmp, long iterations, Set<String> runElsewhere) throws Exception {
        Set<String> used = new HashSet<>(runElsewhere);
        for (GraphDocument g : graphs) for (GraphNode n : g.nodes()) used.add(n.type());
        for (NodeType t : provider.nodeTypes()) {
            assertThat(used).as(t.id() + " is in no minimal graph, so no tiny run covers it").contains(t.id());
        }
        int k = 0;
        for (GraphDocument g : graphs) {
            assertThat(new Validator(registry).validate(g).errors()).as(g.name() + ": validation errors").isEmpty();
            Runner runner = new Runner(registry);
            RunResult r = runner.run(runner.prepare(g, new RunOptions(tmp.resolve("run" + k++), null, Map.of(),
                    Map.of("iterations", iterations), 0)), RunListener.NONE, null, new AtomicBoolean());
            assertThat(r.status()).as(g.name() + ": " + r.error()).isEqualTo("completed");
            assertThat(r.envSteps()).as(g.name() + ": environment steps").isPositive();
        }
    }
}
