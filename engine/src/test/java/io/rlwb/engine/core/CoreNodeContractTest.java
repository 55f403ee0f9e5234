package io.rlwb.engine.core;

import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.testkit.NodeTypeContract;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every core node type passes the plugin contract that plugins apply to theirs. */
class CoreNodeContractTest {
    /**
     * The PPO sample with the reward-combiner chain between collector and estimator and a Pareto monitor: on a
     * one-objective environment the combiners are the identity, but they are built, wired and run.
     */
    static final String COMBINERS_ON_CARTPOLE = """
        { "format": "workbench-graph", "version": 1, "name": "combiners on CartPole",
          "run": { "seed": 1, "budget": { "env_steps": 4096 } },
          "nodes": [
            { "id": "env", "type": "core/env.cartpole", "typeVersion": 1, "params": {} },
            { "id": "envs", "type": "core/env.vector", "typeVersion": 1, "params": { "num_envs": 2 } },
            { "id": "policy", "type": "core/policy.mlp", "typeVersion": 1, "params": { "hidden": [8] } },
            { "id": "critic", "type": "core/critic.mlp", "typeVersion": 1, "params": { "hidden": [8] } },
            { "id": "collect", "type": "core/rollout.collector", "typeVersion": 1, "params": { "num_steps": 32 } },
            { "id": "linear", "type": "core/reward.linear", "typeVersion": 1, "params": { "weights": "1" } },
            { "id": "cheb", "type": "core/reward.chebyshev", "typeVersion": 1, "params": { "weights": "1" } },
            { "id": "dyn", "type": "core/reward.dynamic", "typeVersion": 1, "params": {} },
            { "id": "gae", "type": "core/estimator.gae", "typeVersion": 1, "params": {} },
            { "id": "loss", "type": "core/loss.ppo", "typeVersion": 1, "params": {} },
            { "id": "adam", "type": "core/optim.adam", "typeVersion": 1, "params": {} },
            { "id": "ppo", "type": "core/trainer.ppo", "typeVersion": 1, "params": {} },
            { "id": "pareto", "type": "core/monitor.pareto", "typeVersion": 1, "params": { "every_steps": 64, "reference": "0" } }
          ],
          "edges": [
            { "from": "env.env", "to": "envs.env" }, { "from": "env.env", "to": "policy.env" },
            { "from": "env.env", "to": "critic.env" }, { "from": "envs.env", "to": "collect.env" },
            { "from": "policy.policy", "to": "collect.policy" }, { "from": "collect.batch", "to": "linear.batch" },
            { "from": "linear.batch", "to": "cheb.batch" }, { "from": "cheb.batch", "to": "dyn.batch" },
            { "from": "dyn.batch", "to": "gae.batch" }, { "from": "critic.critic", "to": "gae.critic" },
            { "from": "policy.policy", "to": "loss.policy" }, { "from": "critic.critic", "to": "loss.critic" },
            { "from": "gae.batch", "to": "ppo.batch" }, { "from": "loss.loss", "to": "ppo.loss" },
            { "from": "adam.optimizer", "to": "ppo.optimizer" },
            { "from": "env.env", "to": "pareto.env" }, { "from": "policy.policy", "to": "pareto.policy" }
          ] }
        """;

    @Test
    void everyCoreNodeTypePassesTheNodeTypeContract(@TempDir Path tmp) throws Exception {
        CoreNodes core = new CoreNodes();
        NodeTypeContract.checkProvider(core, NodeRegistry.of(core),
                List.of(new GraphFile().read(Repo.sample("ppo-cartpole.json")),
                        new GraphFile().parse(COMBINERS_ON_CARTPOLE, "combiners on CartPole")),
                tmp, 2,
                Map.of("core/critic.mlp.vector", "only morl/trainer.cmorl takes a vector critic: "
                                + "plugins/morl MorlPluginTest and SamplesTest run it",
                        "core/reward.lagrangian", "needs two objectives: plugins/morl CombinerPipelinesTest runs it"));
    }
}
