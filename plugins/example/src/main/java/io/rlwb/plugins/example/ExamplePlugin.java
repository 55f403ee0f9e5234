package io.rlwb.plugins.example;

import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import java.util.List;

/** The example plugin's provider, listed in META-INF/services/io.rlwb.engine.spi.NodeProvider. */
public final class ExamplePlugin implements NodeProvider {
    @Override
    public String name() {
        return "example";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public List<NodeType> nodeTypes() {
        return List.of(RewardScaleNode.TYPE);
    }
}
