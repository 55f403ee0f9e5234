package io.rlwb.app.viewmodel;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.rl.PolicyEvaluator;
import io.rlwb.engine.rl.RolloutCollector;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Tiny node types for GUI tests: an environment, a policy, a collector and a trainer that takes env steps and
 * reports made-up returns, fast and without ND4J. Given to a registry directly, never through ServiceLoader.
 */
final class TestNodes implements NodeProvider {
    private final TrainerGate gate;

    static NodeRegistry registry() {
        return NodeRegistry.of(new TestNodes(null));
    }

    /** Node types whose trainer passes through {@code gate} at the start and end of every iteration. */
    static NodeRegistry registry(TrainerGate gate) {
        return NodeRegistry.of(new TestNodes(gate));
    }

    @Override public String name() { return "gui-test"; }

    @Override public String version() { return "1"; }

    @Override
    public List<NodeType> nodeTypes() {
        NodeType env = NodeType.builder("test/env", 1).category("Environment").displayName("Test environment")
                .output(PortSpec.out("env", PortTypes.ENV, "the environment"))
                .factory(ctx -> new NodeInstance() {
                    @Override public Object component(String port) { return "env"; }
                }).build();
        NodeType policy = NodeType.builder("test/policy", 1).category("Policy").displayName("Test policy")
                .input(PortSpec.in("env", PortTypes.ENV, "spaces"))
                .output(PortSpec.out("policy", PortTypes.POLICY, "the policy"))
                .factory(ctx -> new NodeInstance() {
                    @Override public Object component(String port) { return "policy"; }
                }).build();
        NodeType collector = NodeType.builder("test/collector", 1).category("Data").displayName("Test collector")
                .input(PortSpec.in("env", PortTypes.ENV, "where to act"))
                .input(PortSpec.in("policy", PortTypes.POLICY, "who acts"))
                .output(PortSpec.out("batch", PortTypes.TRAJECTORIES, "steps"))
                .factory(ctx -> new NodeInstance() {
                    int n;

                    @Override public Object compute(String port) { return ++n; }
                }).build();
        NodeType trainer = NodeType.builder("test/trainer", 1).category("Trainer").displayName("Test trainer")
                .role(NodeRole.TRAINER)
                .input(PortSpec.in("batch", PortTypes.TRAJECTORIES, "steps to learn from"))
                // Declared, so the runner's progress line finds the training and evaluation returns by role.
                .metrics(RolloutCollector.EPISODIC_RETURN, PolicyEvaluator.RETURN_MEAN)
                .param(ParamSpec.ofInt("steps", 500, 1, null, "steps", "env steps per iteration"))
                .param(ParamSpec.ofInt("episodes", 5, 0, null, "", "episodes reported per iteration"))
                .param(ParamSpec.ofInt("sleep_ms", 0, 0, null, "ms", "time one iteration takes"))
                .param(ParamSpec.ofBool("fail", false, "fail in the second iteration"))
                .param(ParamSpec.ofBool("diverge", false, "a NaN policy loss in the second iteration"))
                .factory(ctx -> {
                    Supplier<Integer> batch = ctx.data("batch", Integer.class);
                    int steps = ctx.intParam("steps");
                    int episodes = ctx.intParam("episodes");
                    int sleep = ctx.intParam("sleep_ms");
                    boolean fail = ctx.boolParam("fail");
                    boolean diverge = ctx.boolParam("diverge");
                    return new Trainer() {
                        @Override
                        public void iterate(RunServices run) {
                            if (gate != null) gate.enter(run.iteration());
                            batch.get();
                            if (fail && run.iteration() == 1) throw new IllegalStateException("boom on purpose");
                            if (diverge && run.iteration() == 1) {
                                io.rlwb.engine.nn.DivergenceGuard.check("policy loss", Double.NaN, "update 2");
                            }
                            if (sleep > 0) {
                                try {
                                    Thread.sleep(sleep);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            run.addEnvSteps(steps);
                            for (int i = 0; i < episodes; i++) {
                                run.metric(RunViewModel.EPISODIC_RETURN, 10 + run.iteration() * 5 + i);
                            }
                            run.metric(RunViewModel.EVAL_RETURN, 20 + run.iteration() * 10);
                            if (gate != null) gate.left();
                        }
                    };
                }).build();
        return List.of(env, policy, collector, trainer);
    }

    /** A valid four-node graph; {@code trainerParams} is JSON object content such as {@code "sleep_ms": 5}. */
    static String graph(String trainerParams, long envSteps, boolean withUi) {
        String[] ui = withUi
                ? new String[] {", \"ui\": {\"x\": 40, \"y\": 60}", ", \"ui\": {\"x\": 300, \"y\": 200}",
                                ", \"ui\": {\"x\": 560, \"y\": 60}", ", \"ui\": {\"x\": 820, \"y\": 100}"}
                : new String[] {"", "", "", ""};
        return """
                { "format": "workbench-graph", "version": 1, "name": "Tiny test graph",
                  "run": { "seed": 3, "budget": { "env_steps": %d } },
                  "nodes": [
                    { "id": "env", "type": "test/env", "params": {}%s },
                    { "id": "policy", "type": "test/policy", "params": {}%s },
                    { "id": "collector", "type": "test/collector", "params": {}%s },
                    { "id": "trainer", "type": "test/trainer", "params": { %s }%s }
                  ],
                  "edges": [
                    { "from": "env.env", "to": "policy.env" },
                    { "from": "env.env", "to": "collector.env" },
                    { "from": "policy.policy", "to": "collector.policy" },
                    { "from": "collector.batch", "to": "trainer.batch" }
                  ] }
                """.formatted(envSteps, ui[0], ui[1], ui[2], trainerParams, ui[3]);
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private TestNodes(TrainerGate gate) {
        this.gate = gate;
    }
}
