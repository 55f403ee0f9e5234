package io.rlwb.app.editor;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The editor refuses a wire between ports whose values cannot work together by the engine's own rule: the
 * chain's test policy only acts, and a learner that needs a trainable policy refuses it, when the wire is drawn
 * and already when its ports are lit while dragging.
 */
class TypedWiresTest {
    private static final PortSpec<Policy> NEEDS_TRAINABLE = PortSpec.in("policy",
            PortTypes.POLICY.with(PortTypes.TRAINABLE), "Policy to improve");

    /** The editor tests' node types plus a learner whose input needs a trainable policy. */
    private static final class WithLearner implements NodeProvider {
        @Override public String name() { return "editor-test-with-learner"; }

        @Override public String version() { return "1"; }

        @Override public List<NodeType> nodeTypes() {
            List<NodeType> all = new ArrayList<>(EditorTestNodes.registry().all());
            all.add(NodeType.builder("l/learner", 1).category("Loss").displayName("Learner")
                    .input(NEEDS_TRAINABLE).factory(ctx -> new NodeInstance() { }).build());
            return all;
        }
    }

    private final NodeRegistry reg = NodeRegistry.of(new WithLearner());

    @Test
    void aPolicyThatOnlyActsIsRefusedByALearnerThatNeedsATrainableOneWithTheReason() {
        GraphEditor ed = new GraphEditor(new CommandStack(), () -> reg);
        GraphDocument doc = EditorTestNodes.chain();
        ed.setDocument(doc);
        String learner = ed.addNode("l/learner", 0, 300);

        ConnectionRules.Verdict v = ed.connect(PortRef.parse("policy.policy"), PortRef.parse(learner + ".policy"));

        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).startsWith("policy.policy gives a policy without 'trainable'")
                .contains(learner + ".policy needs policy (component, Policy; trainable)");
        PortSpec<?> acts = reg.find("t/policy.mlp").orElseThrow().output("policy").orElseThrow();
        assertThat(ConnectionRules.typesFit(acts, NEEDS_TRAINABLE)).as("lit while dragging").isFalse();
        PortSpec<?> collectorIn = reg.find("t/collector").orElseThrow().input("policy").orElseThrow();
        assertThat(ConnectionRules.typesFit(acts, collectorIn)).isTrue();
    }
}
