package io.rlwb.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.testkit.RepoFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph file contract (docs/contracts.md): lossless round trips, refusal of what cannot be read, migrations. */
class GraphFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String sampleText() throws Exception {
        return Files.readString(RepoFiles.ppoCartPole(), StandardCharsets.UTF_8);
    }

    private static ObjectNode tree(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    /** Parses, writes and parses again; returns the written text. */
    private static String resave(String text) throws GraphFileException {
        return GraphFile.toText(new GraphFile().parse(text, "test.json"));
    }

    @Test
    void sampleSurvivesAParseWriteParseRoundTripAsTheSameJsonTree() throws Exception {
        String original = sampleText();
        GraphDocument doc = new GraphFile().parse(original, "ppo-cartpole.json");
        String written = GraphFile.toText(doc);
        GraphDocument again = new GraphFile().parse(written, "written.json");

        assertThat(tree(written)).isEqualTo(tree(original));
        assertThat(tree(GraphFile.toText(again))).isEqualTo(tree(original));
        assertThat(again.nodes()).extracting(GraphNode::id).containsExactly("cartpole", "envs", "policy", "critic",
                "collector", "gae", "loss", "adam", "trainer", "eval");
        assertThat(again.edges()).hasSize(14);
    }

    @Test
    void writingIsStableSoThatResavingAnUnchangedGraphGivesTheSameText() throws Exception {
        String once = resave(sampleText());
        String twice = resave(once);
        assertThat(twice).isEqualTo(once);
        assertThat(once).endsWith("}\n").doesNotContain("\r");
        // One field per line keeps diffs readable: the node ids each stand on a line of their own.
        assertThat(once.lines().filter(l -> l.trim().startsWith("\"id\" : ")).count()).isEqualTo(10);
    }

    @Test
    void writeReplacesTheFileAtomicallyAndReadGivesTheSameGraphBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("graph.json");
        Files.writeString(file, "old contents");
        GraphDocument doc = new GraphFile().read(RepoFiles.ppoCartPole());
        GraphFile.write(doc, file);

        assertThat(tree(Files.readString(file))).isEqualTo(tree(sampleText()));
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void aUiHintThatIsNotAnObjectSurvivesASave() throws Exception {
        ObjectNode t = tree(sampleText());
        ((ObjectNode) t.get("nodes").get(0)).put("ui", "pinned-left");
        ObjectNode back = tree(resave(t.toString()));
        assertThat(back.get("nodes").get(0).get("ui").asText()).isEqualTo("pinned-left");
    }

    @Test
    void unknownFieldsAtTopLevelInNodesAndInEdgesSurviveASave() throws Exception {
        ObjectNode t = tree(sampleText());
        t.putObject("x-notes").put("author", "ada").putArray("tags").add("ppo").add(1);
        t.put("x-flag", true);
        ObjectNode policy = (ObjectNode) t.get("nodes").get(2);
        assertThat(policy.get("id").asText()).isEqualTo("policy");
        policy.put("comment", "wider next time");
        policy.putObject("x-frozen").put("until", 1000);
        ObjectNode edge = (ObjectNode) t.get("edges").get(0);
        edge.put("label", "spec");
        edge.putArray("bends").addObject().put("x", 10).put("y", 20);

        ObjectNode back = tree(resave(t.toString()));

        assertThat(back).isEqualTo(t);
        assertThat(back.get("x-notes")).isEqualTo(t.get("x-notes"));
        assertThat(back.get("nodes").get(2).get("comment").asText()).isEqualTo("wider next time");
        assertThat(back.get("nodes").get(2).get("x-frozen").get("until").asInt()).isEqualTo(1000);
        assertThat(back.get("edges").get(0).get("label").asText()).isEqualTo("spec");
        assertThat(back.get("edges").get(0).get("bends")).isEqualTo(edge.get("bends"));
    }

    @Test
    void unknownRunSettingsAndUiHintsSurviveASave() throws Exception {
        ObjectNode t = tree(sampleText());
        ((ObjectNode) t.get("run")).put("device", "cuda:1");
        ((ObjectNode) t.get("run").get("budget")).put("wall_s", 3600);
        ((ObjectNode) t.get("nodes").get(0).get("ui")).put("collapsed", true).put("color", "#ff8800");

        assertThat(tree(resave(t.toString()))).isEqualTo(t);
    }

    @Test
    void aNodeOfAnUnknownTypeSurvivesUnchangedWithItsParametersAndWires() throws Exception {
        ObjectNode t = tree(sampleText());
        ObjectNode thing = ((ArrayNode) t.get("nodes")).addObject();
        thing.put("id", "gizmo");
        thing.put("type", "acme/thing");
        thing.put("typeVersion", 7);
        ObjectNode params = thing.putObject("params");
        params.put("depth", 3).put("mode", "fancy").put("rate", 1e-3);
        params.putObject("nested").putArray("sizes").add(1).add(2).add(3);
        thing.putObject("ui").put("x", 5).put("y", 6);
        ((ArrayNode) t.get("edges")).addObject().put("from", "policy.policy").put("to", "gizmo.watched");

        GraphDocument doc = new GraphFile().parse(t.toString(), "t.json");
        GraphNode g = doc.node("gizmo").orElseThrow();
        assertThat(g.type()).isEqualTo("acme/thing");
        assertThat(g.typeVersion()).isEqualTo(7);

        ObjectNode back = tree(GraphFile.toText(doc));
        JsonNode savedThing = back.get("nodes").get(back.get("nodes").size() - 1);
        assertThat(savedThing).isEqualTo(thing);
        assertThat(back).isEqualTo(t);
    }

    @Test
    void aFileOfANewerVersionIsRefusedWithAMessageNamingBothVersions() throws Exception {
        int newer = GraphDocument.CURRENT_VERSION + 1;
        ObjectNode t = tree(sampleText()).put("version", newer);

        GraphFileException e = catchThrowableOfType(GraphFileException.class,
                () -> new GraphFile().parse(t.toString(), "future.json"));

        assertThat(e).isNotNull();
        assertThat(e.where()).isEqualTo("future.json");
        assertThat(e.getMessage())
                .contains("version " + newer)
                .contains("up to " + GraphDocument.CURRENT_VERSION)
                .contains("update the workbench");
        assertThat(e.toString()).startsWith("future.json: ");
    }

    @Test
    void aNewerVersionIsRefusedEvenWhenAMigrationForItsPredecessorExists() throws Exception {
        int newer = GraphDocument.CURRENT_VERSION + 1;
        AtomicInteger calls = new AtomicInteger();
        GraphFile reader = new GraphFile(Map.of(0, o -> { calls.incrementAndGet(); return o; }));

        assertThatThrownBy(() -> reader.parse(tree(sampleText()).put("version", newer).toString(), "f.json"))
                .isInstanceOf(GraphFileException.class)
                .hasMessageContaining("version " + newer);
        assertThat(calls).hasValue(0);
    }

    @Test
    void unreadableJsonIsRefusedWithTheLineAndColumnOfTheProblem() {
        String text = "{\n"
                + "  \"format\": \"workbench-graph\",\n"
                + "  \"version\": 1,\n"
                + "  \"name\": \"missing comma\"\n"
                + "  \"nodes\": []\n"
                + "}\n";

        GraphFileException e = catchThrowableOfType(GraphFileException.class,
                () -> new GraphFile().parse(text, "bad.json"));

        assertThat(e).isNotNull();
        // Line 5, column 3: the quote that should have followed a comma (both 1-based, as editors count).
        assertThat(e.where()).isEqualTo("bad.json:5:3");
        assertThat(e.getMessage()).startsWith("unreadable JSON").contains("comma");
        assertThat(e.getMessage()).doesNotContain("Source:").doesNotContain("REDACTED");
    }

    @Test
    void aTruncatedFileIsRefusedWithALineAndColumn() throws Exception {
        String text = sampleText();
        String cut = text.substring(0, text.indexOf("\"edges\""));

        GraphFileException e = catchThrowableOfType(GraphFileException.class,
                () -> new GraphFile().parse(cut, "cut.json"));

        assertThat(e).isNotNull();
        assertThat(e.where()).matches("cut\\.json:\\d+:\\d+");
        assertThat(e.getMessage()).startsWith("unreadable JSON");
    }

    @Test
    void trailingGarbageAfterTheGraphIsRefused() throws Exception {
        assertThatThrownBy(() -> new GraphFile().parse(sampleText() + "\n{}", "two.json"))
                .isInstanceOf(GraphFileException.class)
                .hasMessageStartingWith("unreadable JSON");
    }

    @Test
    void aFileOfAnotherFormatIsRefusedNamingTheFormatFoundAndTheOneExpected() throws Exception {
        ObjectNode t = tree(sampleText()).put("format", "comfy-workflow");

        assertThatThrownBy(() -> new GraphFile().parse(t.toString(), "other.json"))
                .isInstanceOf(GraphFileException.class)
                .hasMessageContaining("\"comfy-workflow\"")
                .hasMessageContaining("\"workbench-graph\"")
                .extracting(x -> ((GraphFileException) x).where()).isEqualTo("other.json");
    }

    @Test
    void aFileWithoutAFormatFieldOrNotAnObjectIsRefused() throws Exception {
        ObjectNode t = tree(sampleText());
        t.remove("format");
        assertThatThrownBy(() -> new GraphFile().parse(t.toString(), "x.json"))
                .isInstanceOf(GraphFileException.class).hasMessageContaining("not a graph file");
        assertThatThrownBy(() -> new GraphFile().parse("[1, 2, 3]", "x.json"))
                .isInstanceOf(GraphFileException.class).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> new GraphFile().parse("", "empty.json"))
                .isInstanceOf(GraphFileException.class).hasMessageContaining("not a graph file");
    }

    @Test
    void aVersionThatIsNotAnIntegerIsRefused() throws Exception {
        assertThatThrownBy(() -> new GraphFile().parse(tree(sampleText()).put("version", "1").toString(), "x.json"))
                .isInstanceOf(GraphFileException.class).hasMessageContaining("\"version\" must be an integer");
        assertThatThrownBy(() -> new GraphFile().parse(tree(sampleText()).put("version", 1.5).toString(), "x.json"))
                .isInstanceOf(GraphFileException.class).hasMessageContaining("\"version\" must be an integer");
    }

    @Test
    void malformedNodesAndEdgesAreRefusedNamingTheirPosition() throws Exception {
        ObjectNode noId = tree(sampleText());
        ((ObjectNode) noId.get("nodes").get(3)).remove("id");
        assertThatThrownBy(() -> new GraphFile().parse(noId.toString(), "g.json"))
                .isInstanceOf(GraphFileException.class)
                .hasMessageContaining("no \"id\"")
                .extracting(x -> ((GraphFileException) x).where()).isEqualTo("g.json: nodes[3]");

        ObjectNode badEdge = tree(sampleText());
        ((ObjectNode) badEdge.get("edges").get(2)).put("to", 42);
        assertThatThrownBy(() -> new GraphFile().parse(badEdge.toString(), "g.json"))
                .isInstanceOf(GraphFileException.class)
                .extracting(x -> ((GraphFileException) x).where()).isEqualTo("g.json: edges[2]");
    }

    @Test
    void aMissingFileIsReportedByNameWithoutAStackTraceInTheMessage(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        GraphFileException e = catchThrowableOfType(GraphFileException.class, () -> new GraphFile().read(missing));
        assertThat(e).isNotNull();
        assertThat(e.where()).isEqualTo(missing.toString());
        assertThat(e.getMessage()).contains("cannot read").contains("no such file").doesNotContain("Exception");
    }

    /**
     * An imagined format version 0: the graph's name was "title", a node's type was "kind", and an edge was
     * written as "source"/"target".
     */
    private static final UnaryOperator<ObjectNode> V0_TO_V1 = v0 -> {
        v0.set("name", v0.remove("title"));
        for (JsonNode n : v0.get("nodes")) {
            ObjectNode node = (ObjectNode) n;
            node.set("type", node.remove("kind"));
        }
        for (JsonNode e : v0.get("edges")) {
            ObjectNode edge = (ObjectNode) e;
            edge.set("from", edge.remove("source"));
            edge.set("to", edge.remove("target"));
        }
        return v0;
    };

    /** The sample written the version-0 way. */
    private static String sampleAsVersion0() throws Exception {
        ObjectNode t = tree(sampleText());
        ObjectNode v0 = JSON.createObjectNode();
        v0.put("format", "workbench-graph");
        v0.put("version", 0);
        v0.set("title", t.get("name"));
        v0.set("run", t.get("run"));
        ArrayNode nodes = v0.putArray("nodes");
        for (JsonNode n : t.get("nodes")) {
            ObjectNode node = ((ObjectNode) n).deepCopy();
            node.set("kind", node.remove("type"));
            nodes.add(node);
        }
        ArrayNode edges = v0.putArray("edges");
        for (JsonNode e : t.get("edges")) {
            edges.addObject().put("source", e.get("from").asText()).put("target", e.get("to").asText());
        }
        return v0.toPrettyString();
    }

    @Test
    void aMigrationForVersion0TurnsAVersion0FileIntoTheCurrentFormat() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GraphFile reader = new GraphFile(Map.of(0, v0 -> {
            calls.incrementAndGet();
            return V0_TO_V1.apply(v0);
        }));

        GraphDocument doc = reader.parse(sampleAsVersion0(), "old.json");

        assertThat(calls).hasValue(1);
        assertThat(doc.name()).isEqualTo("PPO on CartPole");
        assertThat(doc.node("trainer").orElseThrow().type()).isEqualTo("core/trainer.ppo");
        assertThat(doc.edges()).extracting(GraphEdge::toString).contains("cartpole.env -> envs.env");
        // Saved, it is a current-version file equal to today's sample, with nothing of version 0 left.
        ObjectNode saved = tree(GraphFile.toText(doc));
        assertThat(saved.get("version").asInt()).isEqualTo(GraphDocument.CURRENT_VERSION);
        assertThat(saved.has("title")).isFalse();
        assertThat(saved).isEqualTo(tree(sampleText()));
    }

    @Test
    void aVersionWithNoMigrationIsRefusedNamingTheVersion() throws Exception {
        String v0 = sampleAsVersion0();

        GraphFileException e = catchThrowableOfType(GraphFileException.class,
                () -> new GraphFile().parse(v0, "old.json"));

        assertThat(e).isNotNull();
        assertThat(e.where()).isEqualTo("old.json");
        assertThat(e.getMessage()).contains("version 0").contains("not supported").contains("migration to 1");
    }

    @Test
    void aMigrationForAnotherVersionDoesNotHelpAVersionItDoesNotRead() throws Exception {
        ObjectNode t = tree(sampleText()).put("version", -1);
        GraphFile reader = new GraphFile(Map.of(0, V0_TO_V1));
        assertThatThrownBy(() -> reader.parse(t.toString(), "older.json"))
                .isInstanceOf(GraphFileException.class)
                .hasMessageContaining("version -1");
    }
}
