package io.rlwb.plugins.llm.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.spi.BuildContext;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.testkit.TestRunServices;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Builds one node of a node type outside a graph: defaults overridden by {@code params}, components by port. */
final class NodeBuild {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeBuild() {}

    /** The component on {@code type}'s only output. */
    static <T> T component(NodeType type, Map<String, Object> params, Map<String, Object> inputs, Class<T> out) {
        BuildContext ctx = context(type, params, inputs);
        return out.cast(type.factory().create(ctx).component(type.outputs().get(0).name()));
    }

    /** A build context of {@code type}: defaults overridden by {@code params}, components by port. */
    static BuildContext context(NodeType type, Map<String, Object> params, Map<String, Object> inputs) {
        return new BuildContext() {
            @Override public String nodeId() { return "n"; }

            @Override public JsonNode param(String name) {
                if (params.containsKey(name)) return JSON.valueToTree(params.get(name));
                return type.param(name).map(ParamSpec::defaultValue)
                        .orElseThrow(() -> new IllegalArgumentException("no parameter " + name));
            }

            @Override public <C> C component(String port, Class<C> t) { return t.cast(inputs.get(port)); }

            @Override public <C> List<C> components(String port, Class<C> t) { return List.of(component(port, t)); }

            @Override public <C> Supplier<C> data(String port, Class<C> t) { throw new UnsupportedOperationException(); }

            @Override public <S> S inputShape(String port, Class<S> t) { return null; }

            @Override public RunServices run() { return new TestRunServices(1, 1000); }

            @Override public long rngSeed() { return 5; }
        };
    }
}
