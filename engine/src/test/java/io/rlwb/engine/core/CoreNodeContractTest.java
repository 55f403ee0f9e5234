package io.rlwb.engine.core;

import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.testkit.NodeTypeContract;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every core node type passes the plugin contract that plugins apply to theirs. */
class CoreNodeContractTest {
    @Test
    void everyCoreNodeTypePassesTheNodeTypeContract(@TempDir Path tmp) throws Exception {
        CoreNodes core = new CoreNodes();
        NodeTypeContract.checkProvider(core, NodeRegistry.of(core),
                List.of(new GraphFile().read(Repo.sample("ppo-cartpole.json"))), tmp, 2);
    }
}
