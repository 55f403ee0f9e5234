package io.rlwb.plugins.morl;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's per-step combiner nodes in a plain PPO pipeline on a multi-objective environment: collector ->
 * combiner -> GAE -> PPO, with the Pareto monitor evaluating the wired policy.
 */
class CombinerPipelinesTest {
    private static String graph(String combinerType, String combinerParams) {
        return """
            { "format": "workbench-graph", "version": 1, "name": "PPO with a combiner",
              "run": { "seed": 3, "budget": { "env_steps": 2048 } },
              "nodes": [
                { "id": "env", "type": "morl/env.deep-sea-treasure", "typeVersion": 1, "params": {} },
                { "id": "envs", "type": "core/env.vector", "typeVersion": 1, "params": { "num_envs": 4 } },
                { "id": "policy", "type": "core/policy.mlp", "typeVersion": 1, "params": { "hidden": [16] } },
                { "id": "critic", "type": "core/critic.mlp", "typeVersion": 1, "params": { "hidden": [16] } },
                { "id": "collect", "type": "core/rollout.collector", "typeVersion": 1, "params": { "num_steps": 64 } },
                { "id": "combine", "type": "%s", "typeVersion": 1, "params": %s },
                { "id": "gae", "type": "core/estimator.gae", "typeVersion": 1, "params": {} },
                { "id": "loss", "type": "core/loss.ppo", "typeVersion": 1, "params": {} },
                { "id": "adam", "type": "core/optim.adam", "typeVersion": 1, "params": {} },
                { "id": "ppo", "type": "core/trainer.ppo", "typeVersion": 1, "params": {} },
                { "id": "pareto", "type": "core/monitor.pareto", "typeVersion": 1, "params": { "every_steps": 1024 } }
              ],
              "edges": [
                { "from": "env.env", "to": "envs.env" }, { "from": "env.env", "to": "policy.env" },
                { "from": "env.env", "to": "critic.env" }, { "from": "envs.env", "to": "collect.env" },
                { "from": "policy.policy", "to": "collect.policy" }, { "from": "collect.batch", "to": "combine.batch" },
                { "from": "combine.batch", "to": "gae.batch" }, { "from": "critic.critic", "to": "gae.critic" },
                { "from": "policy.policy", "to": "loss.policy" }, { "from": "critic.critic", "to": "loss.critic" },
                { "from": "gae.batch", "to": "ppo.batch" }, { "from": "loss.loss", "to": "ppo.loss" },
                { "from": "adam.optimizer", "to": "ppo.optimizer" },
                { "from": "env.env", "to": "pareto.env" }, { "from": "policy.policy", "to": "pareto.policy" }
              ] }
            """.formatted(combinerType, combinerParams);
    }

    private static RunResult run(String type, String params, Path dir) throws Exception {
        var doc = new GraphFile().parse(graph(type, params), "test graph");
        Runner runner = new Runner(NodeRegistry.load(null));
        return runner.run(runner.prepare(doc, new RunOptions(dir, null, Map.of(), Map.of(), 0)), RunListener.NONE, null,
                new AtomicBoolean());
    }

    @Test
    void everyCombinerRunsInAPpoPipelineAndTheMonitorEvaluatesTheWiredPolicy(@TempDir Path tmp) throws Exception {
        Map<String, String> combiners = Map.of(
                "core/reward.linear", "{ \"weights\": \"0.7, 0.3\" }",
                "core/reward.chebyshev", "{ \"weights\": \"0.5, 0.5\", \"utopia\": \"125, 0\" }",
                "core/reward.dynamic", "{ \"weights\": \"0.5, 0.5\" }",
                "core/reward.lagrangian", "{ \"main\": \"treasure\", \"constrained\": \"time\", \"thresholds\": \"-0.5\" }");
        for (var e : combiners.entrySet()) {
            Path dir = tmp.resolve(e.getKey().replace('/', '_'));
            RunResult r = run(e.getKey(), e.getValue(), dir);
            assertThat(r.status()).as(e.getKey() + ": " + r.error()).isEqualTo("completed");
            assertThat(r.summary()).as(e.getKey()).containsKeys("eval/hypervolume", "eval/cardinality",
                    "charts/episodic_return/treasure", "charts/episodic_return/time");
            List<String> csv = Files.readAllLines(dir.resolve("pareto.csv"));
            assertThat(csv.get(0)).isEqualTo("policy,treasure,time,w_treasure,w_time");
            assertThat(csv.get(1)).startsWith("pareto,"); // the monitor's own policy id, no weights
        }
        assertThat(run("core/reward.dynamic", "{}", tmp.resolve("d2")).summary()).containsKeys("reward/weight_treasure",
                "reward/weight_time");
        // Every step costs -1 time, far below the -0.5 threshold: the multiplier must have risen from 0.
        assertThat(run("core/reward.lagrangian", combiners.get("core/reward.lagrangian"), tmp.resolve("l2")).summary()
                .get("constraint/lambda_time")).isGreaterThan(0.0);
    }

    @Test
    void aBadWeightListIsReportedOnTheCombinerNodeBeforeAnythingRuns() throws Exception {
        var doc = new GraphFile().parse(graph("core/reward.linear", "{ \"weights\": \"1, 2, 3\" }"), "test graph");
        var errors = new Validator(NodeRegistry.load(null)).validate(doc).errors();
        assertThat(errors).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("combine");
            assertThat(d.message()).contains("weights").contains("expected 2");
        });
    }

    @Test
    void aLagrangianNamingAnUnknownObjectiveIsReportedOnItsNode() throws Exception {
        var doc = new GraphFile().parse(graph("core/reward.lagrangian",
                "{ \"constrained\": \"speed\", \"thresholds\": \"1\" }"), "test graph");
        var errors = new Validator(NodeRegistry.load(null)).validate(doc).errors();
        assertThat(errors).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("combine");
            assertThat(d.message()).contains("'speed'").contains("[treasure, time]");
        });
    }
}
