package io.rlwb.app.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphFileException;
import io.rlwb.engine.graph.GraphNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeIdsAndFragmentsTest {
    @Test
    void idsComeFromTheTypeAndGetANumberWhenTaken() {
        assertThat(NodeIds.stem("core/policy.mlp")).isEqualTo("policy");
        assertThat(NodeIds.stem("core/env.cartpole")).isEqualTo("env");
        assertThat(NodeIds.stem("llm/kv.minicache")).isEqualTo("kv");
        assertThat(NodeIds.stem("odd/Weird-Name.x")).isEqualTo("weird_name");
        assertThat(NodeIds.stem("x/9lives")).isEqualTo("node9lives");
        assertThat(NodeIds.forType("core/policy.mlp", Set.of())).isEqualTo("policy");
        assertThat(NodeIds.forType("core/policy.mlp", Set.of("policy", "policy2"))).isEqualTo("policy3");
        assertThat(NodeIds.unique("env2", Set.of("env2"))).isEqualTo("env3");
    }

    @Test
    void aFragmentKeepsOnlyTheWiresAmongItsNodesAndReadsBackFromItsJson() throws GraphFileException {
        var doc = EditorTestNodes.chain();
        GraphFragment f = GraphFragment.of(doc, List.of("policy", "collector"));
        assertThat(f.nodes()).extracting(GraphNode::id).containsExactly("policy", "collector");
        assertThat(f.edges()).extracting(GraphEdge::toString).containsExactly("policy.policy -> collector.policy");
        GraphFragment back = GraphFragment.parse(f.toJson());
        assertThat(back.nodes()).extracting(GraphNode::id).containsExactly("policy", "collector");
        assertThat(back.edges()).hasSize(1);
        // A bare {"nodes", "edges"} object is accepted too.
        GraphFragment bare = GraphFragment.parse("{\"nodes\": [{\"id\": \"a\", \"type\": \"t/env.box\"}], \"edges\": []}");
        assertThat(bare.nodes()).singleElement().extracting(GraphNode::id).isEqualTo("a");
        assertThatThrownBy(() -> GraphFragment.parse("hello")).hasMessageContaining("no graph JSON");
    }

    @Test
    void renamingForAnotherGraphRewritesWiresAndMovesPositions() {
        var doc = EditorTestNodes.chain();
        GraphFragment f = GraphFragment.of(doc, List.of("env", "policy")).renamedFor(List.of("env", "policy", "env2"), 10, 20);
        assertThat(f.nodes()).extracting(GraphNode::id).containsExactly("env3", "policy2");
        assertThat(f.edges()).extracting(GraphEdge::toString).containsExactly("env3.env -> policy2.env");
        assertThat(f.nodes().get(1).ui().get("x").asDouble()).isEqualTo(298);
        assertThat(f.nodes().get(1).ui().get("y").asDouble()).isEqualTo(20);
        assertThat(doc.node("env").orElseThrow().ui().get("x").asDouble()).as("the source is untouched").isZero();
    }

    @Test
    void runScopeIsTrainersMonitorsAndEverythingWiredIntoThem() {
        var doc = EditorTestNodes.chain();
        doc.nodes().add(EditorTestNodes.node("idle", "t/critic.mlp", 0, 0));
        doc.nodes().add(EditorTestNodes.node("watch", "t/monitor", 0, 0));
        doc.edges().add(new GraphEdge("policy.policy", "watch.policy"));
        assertThat(RunScope.of(doc, EditorTestNodes.registry()))
                .containsExactlyInAnyOrder("trainer", "collector", "policy", "env", "watch");
    }
}
