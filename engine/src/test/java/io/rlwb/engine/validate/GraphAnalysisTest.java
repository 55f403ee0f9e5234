package io.rlwb.engine.validate;

import static io.rlwb.engine.testkit.SampleGraphs.addEdge;
import static io.rlwb.engine.testkit.SampleGraphs.addNode;
import static io.rlwb.engine.testkit.SampleGraphs.rewire;
import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.testkit.SampleGraphs;
import io.rlwb.engine.testkit.TestNodes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one analysis: order, cycles and shapes, also of a graph with broken wires. */
class GraphAnalysisTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.of(new CoreNodes(), new TestNodes());

    @Test
    void aCycleNamesOnlyTheNodesOnItNotThoseDownstreamOfIt() {
        GraphDocument doc = SampleGraphs.ppoCartPole();
        addNode(doc, "r1", TestNodes.RELAY);
        addNode(doc, "r2", TestNodes.RELAY);
        addNode(doc, "r3", TestNodes.RELAY);
        addEdge(doc, "r1.out", "r2.in");
        addEdge(doc, "r2.out", "r1.in");
        addEdge(doc, "r2.out", "r3.in");

        GraphAnalysis a = GraphAnalysis.of(doc, REGISTRY);
        ValidationResult r = new Validator(REGISTRY).validate(doc);

        assertThat(a.topology().cycles()).containsExactly(List.of("r1", "r2"));
        assertThat(r.errors()).extracting(Diagnostic::node).containsExactlyInAnyOrder("r1", "r2");
        assertThat(a.order()).doesNotContain("r1", "r2", "r3").contains("trainer");
    }

    @Test
    void shapesAreInferredAlongTheGoodWiresWhileAnotherWireIsBroken() {
        GraphDocument doc = SampleGraphs.ppoCartPole();
        rewire(doc, "collector.policy", "critic.critic"); // wrong type: left out of the analysis
        addNode(doc, "box", TestNodes.BOX3);
        rewire(doc, "critic.env", "box.env"); // a shape mismatch further down: still found

        ValidationResult r = new Validator(REGISTRY).validate(doc);

        assertThat(r.errors()).anySatisfy(d -> assertThat(d.toString()).startsWith("collector.policy: expects policy"));
        assertThat(r.errors()).anySatisfy(d -> assertThat(d.toString()).startsWith("gae.critic: shape mismatch"));
        assertThat(r.shapes().get("cartpole.env")).isInstanceOf(EnvSpec.class);
        assertThat(r.shapes().get("collector.batch")).isInstanceOf(EnvSpec.class);
    }

    @Test
    void layoutDepthsComeFromTheSameTopology() {
        GraphDocument doc = SampleGraphs.ppoCartPole();

        var depths = Topology.of(doc).depths();

        assertThat(depths.get("cartpole")).isZero();
        assertThat(depths.get("envs")).isEqualTo(1);
        assertThat(depths.get("collector")).isEqualTo(2);
        assertThat(depths.get("gae")).isEqualTo(3);
        assertThat(depths.get("trainer")).isEqualTo(4);
    }
}
