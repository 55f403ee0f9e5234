package io.rlwb.engine.core;

import io.rlwb.engine.runtime.Backend;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import java.util.ArrayList;
import java.util.List;

/** The core's node types: environments, models, the PPO pipeline and monitors. */
public final class CoreNodes implements NodeProvider {
    @Override
    public String name() {
        return "core";
    }

    @Override
    public String version() {
        return Backend.engineVersion();
    }

    @Override
    public List<NodeType> nodeTypes() {
        List<NodeType> all = new ArrayList<>();
        all.addAll(EnvNodes.all());
        all.addAll(ModelNodes.all());
        all.addAll(PpoNodes.all());
        all.addAll(MonitorNodes.all());
        all.addAll(MorlNodes.all());
        return all;
    }
}
