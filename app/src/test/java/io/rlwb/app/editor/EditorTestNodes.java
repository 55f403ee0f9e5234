package io.rlwb.app.editor;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import java.util.List;

/**
 * Node types for editor tests, with shapes: an environment whose observation size is a parameter, a policy
 * sized by it, a collector that reports a shape mismatch between its environment and its policy, a critic
 * (to wire wrongly) and a trainer.
 */
final class EditorTestNodes implements NodeProvider {
    static NodeRegistry registry() {
        return NodeRegistry.of(new EditorTestNodes());
    }

    @Override public String name() { return "editor-test"; }

    @Override public String version() { return "1"; }

    private static NodeInstance none() {
        return new NodeInstance() { };
    }

    @Override
    public List<NodeType> nodeTypes() {
        NodeType env = NodeType.builder("t/env.box", 1).category("Environment").displayName("Box env")
                .output(PortSpec.out("env", PortTypes.ENV, "the environment"))
                .param(ParamSpec.ofInt("obs", 4, 1, 100, "", "observation size"))
                .infer(ctx -> ctx.outputShape("env", new EnvSpec("Box", ctx.intParam("obs"), ActionSpace.discrete(2),
                        List.of("reward"), 100)))
                .factory(ctx -> none()).build();
        NodeType policy = NodeType.builder("t/policy.mlp", 1).category("Policy").displayName("Test policy")
                .input(PortSpec.in("env", PortTypes.ENV, "spaces"))
                .output(PortSpec.out("policy", PortTypes.POLICY, "the policy"))
                .param(ParamSpec.ofInt("hidden", 8, 1, 512, "units", "width"))
                .infer(ctx -> {
                    EnvSpec s = ctx.inputShape("env", EnvSpec.class);
                    if (s != null) ctx.outputShape("policy", s);
                })
                .factory(ctx -> none()).build();
        NodeType critic = NodeType.builder("t/critic.mlp", 1).category("Critic").displayName("Test critic")
                .input(PortSpec.in("env", PortTypes.ENV, "spaces"))
                .output(PortSpec.out("critic", PortTypes.CRITIC, "the critic"))
                .factory(ctx -> none()).build();
        NodeType collector = NodeType.builder("t/collector", 1).category("Data").displayName("Test collector")
                .input(PortSpec.in("env", PortTypes.ENV, "where to act"))
                .input(PortSpec.in("policy", PortTypes.POLICY, "who acts"))
                .output(PortSpec.out("batch", PortTypes.TRAJECTORIES, "steps"))
                .infer(ctx -> {
                    EnvSpec e = ctx.inputShape("env", EnvSpec.class);
                    EnvSpec p = ctx.inputShape("policy", EnvSpec.class);
                    if (e != null && p != null && e.obsDim() != p.obsDim()) {
                        ctx.error("policy", "shape mismatch: policy is for " + p.describe() + " but env is " + e.describe());
                    }
                })
                .factory(ctx -> none()).build();
        NodeType trainer = NodeType.builder("t/trainer", 1).category("Trainer").displayName("Test trainer")
                .role(NodeRole.TRAINER)
                .input(PortSpec.in("batch", PortTypes.TRAJECTORIES, "steps"))
                .param(ParamSpec.ofFloat("lr", 0.001, 0.0, 1.0, "", "learning rate"))
                .factory(ctx -> none()).build();
        NodeType monitor = NodeType.builder("t/monitor", 1).category("Monitor").displayName("Test monitor")
                .role(NodeRole.MONITOR)
                .input(PortSpec.in("policy", PortTypes.POLICY, "what to watch"))
                .factory(ctx -> none()).build();
        return List.of(env, policy, critic, collector, trainer, monitor);
    }

    /** env -> policy -> collector (also env) -> trainer, with positions. */
    static GraphDocument chain() {
        GraphDocument d = new GraphDocument("chain");
        d.nodes().add(node("env", "t/env.box", 0, 0));
        d.nodes().add(node("policy", "t/policy.mlp", 288, 0));
        d.nodes().add(node("collector", "t/collector", 576, 0));
        d.nodes().add(node("trainer", "t/trainer", 864, 0));
        d.edges().add(new GraphEdge("env.env", "policy.env"));
        d.edges().add(new GraphEdge("env.env", "collector.env"));
        d.edges().add(new GraphEdge("policy.policy", "collector.policy"));
        d.edges().add(new GraphEdge("collector.batch", "trainer.batch"));
        return d;
    }

    static GraphNode node(String id, String type, double x, double y) {
        GraphNode n = new GraphNode(id, type, 1);
        n.ui().put("x", x);
        n.ui().put("y", y);
        return n;
    }

    private EditorTestNodes() {}
}
