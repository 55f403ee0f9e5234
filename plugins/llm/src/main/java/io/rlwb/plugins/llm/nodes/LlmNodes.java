package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.NodeType;
import java.util.ArrayList;
import java.util.List;

/**
 * The node types of plugin {@code llm}'s first part: tasks, the transformer policy, the seven attention kernels,
 * supervised pre-training and the KV-cache decode evaluation. Other parts of the plugin register their own
 * providers beside this one.
 */
public final class LlmNodes extends LlmProvider {
    @Override
    public List<NodeType> nodeTypes() {
        List<NodeType> all = new ArrayList<>(TaskNodes.all());
        all.add(PolicyNodes.policy());
        all.addAll(KernelNodes.all());
        all.add(PolicyNodes.sft());
        all.add(KvDecode.type());
        return all;
    }
}
