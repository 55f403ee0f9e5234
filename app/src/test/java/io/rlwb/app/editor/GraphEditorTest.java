package io.rlwb.app.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphFileException;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.graph.PortRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GraphEditorTest {
    private final CommandStack stack = new CommandStack();
    private final GraphEditor ed = new GraphEditor(stack, EditorTestNodes::registry);
    private GraphDocument doc;

    @BeforeEach
    void setUp() {
        doc = EditorTestNodes.chain();
        ed.setDocument(doc);
    }

    private static PortRef ref(String s) {
        return PortRef.parse(s);
    }

    private List<String> wires() {
        return doc.edges().stream().map(GraphEdge::toString).toList();
    }

    @Test
    void addNodeNamesItAfterItsTypeUniquelyAndUndoTakesItOut() {
        String a = ed.addNode("t/policy.mlp", 100, 240);
        String b = ed.addNode("t/policy.mlp", 100, 480);
        String c = ed.addNode("t/critic.mlp", 100, 720);
        assertThat(a).isEqualTo("policy2");
        assertThat(b).isEqualTo("policy3");
        assertThat(c).isEqualTo("critic");
        GraphNode n = doc.node("policy2").orElseThrow();
        assertThat(n.type()).isEqualTo("t/policy.mlp");
        assertThat(n.ui().get("x").asInt()).isEqualTo(100);
        assertThat(n.ui().get("y").isIntegralNumber()).as("whole numbers stay integers in the file").isTrue();
        assertThat(stack.undoNameProperty().get()).isEqualTo("Add critic");
        stack.undo();
        stack.undo();
        assertThat(doc.node("policy3")).isEmpty();
        assertThat(doc.nodes()).hasSize(5);
        assertThatThrownBy(() -> ed.addNode("t/nonesuch", 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteTakesTheWiresWithItAndUndoRestoresTheFileExactly() {
        String before = GraphFile.toText(doc);
        ed.delete(List.of("policy"), List.of());
        assertThat(doc.node("policy")).isEmpty();
        assertThat(wires()).containsExactly("env.env -> collector.env", "collector.batch -> trainer.batch");
        stack.undo();
        assertThat(GraphFile.toText(doc)).isEqualTo(before);
        ed.delete(List.of(), List.of(new GraphEdge("env.env", "collector.env")));
        assertThat(wires()).hasSize(3).doesNotContain("env.env -> collector.env");
        assertThat(stack.undoNameProperty().get()).isEqualTo("Delete wire");
        stack.undo();
        assertThat(GraphFile.toText(doc)).isEqualTo(before);
    }

    @Test
    void aMoveIsOneStepAndUndoRestoresPositionsOrTheirAbsence() {
        GraphNode bare = new GraphNode("loose", "t/critic.mlp", 1);
        doc.nodes().add(bare);
        String before = GraphFile.toText(doc);
        ed.moveBy(List.of("env", "policy", "loose"), 48, -24);
        assertThat(stack.undoCount()).isEqualTo(1);
        assertThat(doc.node("env").orElseThrow().ui().get("x").asDouble()).isEqualTo(48);
        assertThat(doc.node("policy").orElseThrow().ui().get("y").asDouble()).isEqualTo(-24);
        assertThat(bare.ui().has("x")).as("a node without a position gets one when moved").isTrue();
        stack.undo();
        assertThat(GraphFile.toText(doc)).isEqualTo(before);
        assertThat(bare.ui().has("x")).isFalse();
    }

    @Test
    void aWireOfTheWrongTypeIsRefusedWithTheTypesNamedAndNothingChanges() {
        ed.addNode("t/critic.mlp", 0, 300);
        ed.connect(ref("env.env"), ref("critic.env"));
        int steps = stack.undoCount();
        String before = GraphFile.toText(doc);
        ConnectionRules.Verdict v = ed.connect(ref("critic.critic"), ref("collector.policy"));
        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).isEqualTo("critic.critic gives critic (component) but collector.policy expects policy (component)");
        ConnectionRules.Verdict w = ed.connect(ref("policy.policy"), ref("trainer.batch"));
        assertThat(w.reason()).isEqualTo("policy.policy gives policy (component) but trainer.batch expects trajectories (data);"
                + " policy.policy carries Box (obs 4, Discrete(2))");
        assertThat(GraphFile.toText(doc)).isEqualTo(before);
        assertThat(stack.undoCount()).isEqualTo(steps);
    }

    @Test
    void aWireIntoAnOccupiedInputReplacesTheOldOneInTheSameStep() {
        ed.addNode("t/policy.mlp", 288, 200);
        ed.connect(ref("env.env"), ref("policy2.env"));
        int steps = stack.undoCount();
        ConnectionRules.Verdict v = ed.connect(ref("policy2.policy"), ref("collector.policy"));
        assertThat(v.ok()).isTrue();
        assertThat(v.replaces()).extracting(GraphEdge::toString).containsExactly("policy.policy -> collector.policy");
        assertThat(wires()).contains("policy2.policy -> collector.policy").doesNotContain("policy.policy -> collector.policy");
        assertThat(doc.edges().stream().filter(e -> e.to().equals("collector.policy"))).hasSize(1);
        assertThat(stack.undoCount()).isEqualTo(steps + 1);
        stack.undo();
        assertThat(wires()).contains("policy.policy -> collector.policy").doesNotContain("policy2.policy -> collector.policy");
    }

    @Test
    void aWireWhoseShapesDisagreeIsRefusedWithTheShapesNamed() {
        ed.addNode("t/env.box", 0, 300);
        ed.setParam("env2", "obs", JsonNodeFactory.instance.numberNode(8));
        ConnectionRules.Verdict v = ed.connect(ref("env2.env"), ref("collector.env"));
        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).startsWith("shapes do not match at collector.policy")
                .contains("obs 4").contains("obs 8");
        assertThat(wires()).contains("env.env -> collector.env");
        // With the same shape, it is fine (and replaces the old wire).
        ed.setParam("env2", "obs", JsonNodeFactory.instance.numberNode(4));
        assertThat(ed.connect(ref("env2.env"), ref("collector.env")).ok()).isTrue();
    }

    @Test
    void cyclesSelfWiresDuplicatesAndUnknownPortsAreRefused() {
        assertThat(ed.connect(ref("collector.batch"), ref("collector.batch")).reason()).contains("to itself");
        assertThat(ed.connect(ref("policy.policy"), ref("collector.policy")).reason()).contains("already wired");
        assertThat(ed.connect(ref("policy.nonesuch"), ref("collector.policy")).reason()).contains("no output port 'nonesuch'");
        doc.nodes().add(new GraphNode("ghost", "x/unknown", 1));
        assertThat(ed.connect(ref("ghost.out"), ref("trainer.batch")).reason()).contains("unknown type");
        ed.addNode("t/policy.mlp", 0, 400);
        ed.connect(ref("env.env"), ref("policy2.env"));
        // policy2 -> collector would be fine; a loop env <- ... is not expressible with these types, so build one:
        GraphDocument loop = new GraphDocument("loop");
        loop.nodes().add(EditorTestNodes.node("a", "t/policy.mlp", 0, 0));
        loop.nodes().add(EditorTestNodes.node("b", "t/monitor", 0, 0));
        ed.setDocument(loop);
        assertThat(ConnectionRules.path(EditorTestNodes.chain(), "env", "trainer")).containsExactly("env", "collector", "trainer");
        assertThat(ConnectionRules.path(EditorTestNodes.chain(), "trainer", "env")).isEmpty();
    }

    @Test
    void pastingTenNodesIsOneUndoStepRenamesClashesAndKeepsTheirWires() throws GraphFileException {
        GraphDocument src = new GraphDocument("src");
        for (int i = 0; i < 5; i++) {
            src.nodes().add(EditorTestNodes.node("env" + (i == 0 ? "" : i + 1), "t/env.box", 0, i * 200));
            src.nodes().add(EditorTestNodes.node("policy" + (i == 0 ? "" : i + 1), "t/policy.mlp", 300, i * 200));
            src.edges().add(new GraphEdge(src.nodes().get(2 * i).id() + ".env", src.nodes().get(2 * i + 1).id() + ".env"));
        }
        GraphEditor other = new GraphEditor(new CommandStack(), EditorTestNodes::registry);
        other.setDocument(src);
        String json = other.copy(src.nodes().stream().map(GraphNode::id).toList());
        assertThat(json).contains("\"format\" : \"workbench-graph\"");

        String before = GraphFile.toText(doc);
        List<String> ids = ed.paste(json, 1000, 1000);
        assertThat(ids).hasSize(10).doesNotHaveDuplicates().contains("env2", "policy2").doesNotContain("env", "policy");
        assertThat(doc.nodes()).hasSize(14);
        assertThat(doc.edges()).hasSize(4 + 5);
        assertThat(wires()).contains("env2.env -> policy2.env");
        GraphNode first = doc.node(ids.get(0)).orElseThrow();
        assertThat(first.ui().get("x").asDouble()).isEqualTo(1000);
        assertThat(stack.undoNameProperty().get()).isEqualTo("Paste 10 nodes");
        assertThat(stack.undo()).isTrue();
        assertThat(GraphFile.toText(doc)).as("one undo takes all ten out").isEqualTo(before);
        assertThatThrownBy(() -> ed.paste("not json", 0, 0)).isInstanceOf(GraphFileException.class);
    }

    @Test
    void duplicateCopiesNodesAndTheWiresAmongThemBesideTheOriginals() {
        List<String> ids = ed.duplicate(List.of("env", "policy"));
        assertThat(ids).containsExactly("env2", "policy2");
        assertThat(wires()).contains("env2.env -> policy2.env");
        assertThat(doc.node("env2").orElseThrow().ui().get("x").asDouble()).isEqualTo(GraphEditor.DUPLICATE_OFFSET);
        assertThat(doc.node("policy2").orElseThrow().params()).isEqualTo(doc.node("policy").orElseThrow().params());
    }

    @Test
    void groupsAreKeptInTheFilesGroupsFieldFollowTheirNodesAndSurviveAReload() throws Exception {
        int g = ed.group(List.of("policy", "env"), "Agent");
        assertThat(g).isZero();
        JsonNode groups = doc.extra().get(Groups.FIELD);
        assertThat(groups.get(0).get("title").asText()).isEqualTo("Agent");
        assertThat(groups.get(0).get("nodes")).extracting(JsonNode::asText).containsExactly("env", "policy");
        List<String> keys = new ArrayList<>();
        groups.get(0).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("title", "x", "y", "w", "h", "nodes");
        Groups.GroupBox box = Groups.read(doc).get(0);
        assertThat(box.x()).isLessThan(0);
        assertThat(box.w()).isGreaterThan(288 + 208);

        ed.moveBy(List.of("env", "policy"), 240, 0);
        assertThat(Groups.read(doc).get(0).x()).isEqualTo(box.x() + 240);
        ed.delete(List.of("env"), List.of());
        assertThat(Groups.read(doc).get(0).nodes()).containsExactly("policy");
        ed.renameGroup(0, "Actor");
        assertThat(Groups.read(doc).get(0).title()).isEqualTo("Actor");

        GraphDocument again = new GraphFile().parse(GraphFile.toText(doc), "mem");
        assertThat(Groups.read(again)).singleElement().satisfies(b -> {
            assertThat(b.title()).isEqualTo("Actor");
            assertThat(b.nodes()).containsExactly("policy");
        });
        ed.ungroup(0);
        assertThat(doc.extra()).doesNotContainKey(Groups.FIELD);
        stack.undo();
        stack.undo();
        stack.undo();
        stack.undo();
        stack.undo();
        assertThat(doc.extra()).doesNotContainKey(Groups.FIELD);
    }

    @Test
    void aCopiedGroupIsPastedWithItsNodesInOneStepAndAPartlyCopiedGroupIsNot() throws Exception {
        ed.group(List.of("env", "policy"), "Agent");
        String whole = GraphFragment.of(doc, List.of("env", "policy")).toJson();
        String part = GraphFragment.of(doc, List.of("policy")).toJson();
        int undoBefore = stack.undoCount();

        List<String> ids = ed.paste(whole, 1000, 1000);
        assertThat(stack.undoCount()).isEqualTo(undoBefore + 1);
        List<Groups.GroupBox> boxes = Groups.read(doc);
        assertThat(boxes).hasSize(2);
        assertThat(boxes.get(1).title()).isEqualTo("Agent");
        assertThat(boxes.get(1).nodes()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(boxes.get(1).x()).as("fitted around the pasted cards").isEqualTo(1000 - Groups.PAD);

        ed.paste(part, 2000, 2000);
        assertThat(Groups.read(doc)).as("a group is copied only with all its members").hasSize(2);

        stack.undo();
        stack.undo();
        assertThat(Groups.read(doc)).hasSize(1);
        assertThat(doc.node(ids.get(0))).isEmpty();
    }

    @Test
    void autoLayoutPutsLayersLeftToRightInOneStepAndLeavesTheRestWhereItWas() {
        for (GraphNode n : doc.nodes()) {
            n.ui().put("x", 500);
            n.ui().put("y", 500);
        }
        ed.layout(List.of());
        assertThat(stack.undoCount()).isEqualTo(1);
        Map<String, double[]> r = ed.rects();
        assertThat(r.get("env")[0]).isLessThan(r.get("policy")[0]);
        assertThat(r.get("policy")[0]).isLessThan(r.get("collector")[0]);
        assertThat(r.get("collector")[0]).isLessThan(r.get("trainer")[0]);
        assertThat(r.get("env")[0] % AutoLayout.GRID).isZero();

        ed.addNode("t/critic.mlp", 2000, 2000);
        ed.layout(List.of("env", "policy"));
        assertThat(doc.node("critic").orElseThrow().ui().get("x").asDouble()).isEqualTo(2000);
    }

    @Test
    void setParamIsUndoableAndNullRestoresTheDefault() {
        JsonNode eight = JsonNodeFactory.instance.numberNode(8);
        ed.setParam("env", "obs", eight);
        assertThat(doc.node("env").orElseThrow().params().get("obs")).isEqualTo(eight);
        int steps = stack.undoCount();
        ed.setParam("env", "obs", JsonNodeFactory.instance.numberNode(8));
        assertThat(stack.undoCount()).as("the same value again is no step").isEqualTo(steps);
        ed.setParam("env", "obs", null);
        assertThat(doc.node("env").orElseThrow().params().has("obs")).isFalse();
        stack.undo();
        assertThat(doc.node("env").orElseThrow().params().get("obs").asInt()).isEqualTo(8);
        stack.undo();
        assertThat(doc.node("env").orElseThrow().params().has("obs")).isFalse();
    }

    @Test
    void aNodeDroppedFromAWireIsAddedAndWiredInOneStep() {
        String id = ed.addNodeWiredTo("t/monitor", 600, 300, ref("policy.policy"), true);
        assertThat(id).isEqualTo("monitor");
        assertThat(wires()).contains("policy.policy -> monitor.policy");
        assertThat(stack.undoCount()).isEqualTo(1);
        stack.undo();
        assertThat(doc.node("monitor")).isEmpty();
        assertThat(ed.addNodeWiredTo("t/trainer", 0, 0, ref("policy.policy"), true)).as("no port fits").isNull();
        String env = ed.addNodeWiredTo("t/env.box", 0, 300, ref("policy.env"), false);
        assertThat(wires()).contains(env + ".env -> policy.env").doesNotContain("env.env -> policy.env");
    }

    @Test
    void nodesOfUnknownTypesCanBeMovedAndDeletedAndSaveBackUnchanged() throws Exception {
        String text = """
                { "format": "workbench-graph", "version": 1, "name": "odd",
                  "nodes": [ { "id": "mystery", "type": "x/plugin.gone", "typeVersion": 3,
                               "params": { "depth": 7, "mode": "fast" }, "ui": { "x": 10, "y": 20 }, "colour": "teal" },
                             { "id": "env", "type": "t/env.box", "params": {} } ],
                  "edges": [ { "from": "env.env", "to": "mystery.in" } ],
                  "notes": "kept" }
                """;
        GraphDocument d = new GraphFile().parse(text, "mem");
        ed.setDocument(d);
        String written = GraphFile.toText(d);
        ed.moveBy(List.of("mystery"), 24, 24);
        ed.delete(List.of("mystery"), List.of());
        stack.undo();
        stack.undo();
        assertThat(GraphFile.toText(d)).isEqualTo(written);
        assertThat(written).contains("\"colour\" : \"teal\"").contains("\"notes\" : \"kept\"").contains("\"typeVersion\" : 3");
    }
}
