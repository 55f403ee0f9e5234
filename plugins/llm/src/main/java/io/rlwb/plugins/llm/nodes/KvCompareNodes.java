package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import java.util.List;

/** The kernel-comparison node of plugin {@code llm} ({@code llm/kv-compare}), registered beside {@link LlmNodes}. */
public final class KvCompareNodes implements NodeProvider {
    @Override
    public String name() {
        return "llm-kv-compare";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public List<NodeType> nodeTypes() {
        return List.of(KvCompareNode.type());
    }
}
