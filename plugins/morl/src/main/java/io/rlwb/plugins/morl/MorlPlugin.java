package io.rlwb.plugins.morl;

import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import java.util.List;

/** The multi-objective plugin's provider, listed in META-INF/services/io.rlwb.engine.spi.NodeProvider. */
public final class MorlPlugin implements NodeProvider {
    @Override
    public String name() {
        return "morl";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public List<NodeType> nodeTypes() {
        return List.of(MorlEnvNodes.deepSeaTreasure(), MorlEnvNodes.resourceGathering(), CmorlNode.type(),
                CmorlMemberNode.type());
    }
}
