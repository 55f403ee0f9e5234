package io.rlwb.plugins.distributional;

import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code distributional} plugin: distributional critics (HL-Gauss, quantile, C51, Gaussian), the Pendulum
 * environment, a tanh-squashed Gaussian policy, a replay buffer, and the SAC, DSAC-T and C51-DQN trainers.
 */
public final class DistributionalPlugin implements NodeProvider {
    @Override
    public String name() {
        return "distributional";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public List<NodeType> nodeTypes() {
        List<NodeType> all = new ArrayList<>(CriticNodes.all());
        all.addAll(ContinuousNodes.all());
        all.addAll(C51Nodes.all());
        return all;
    }
}
