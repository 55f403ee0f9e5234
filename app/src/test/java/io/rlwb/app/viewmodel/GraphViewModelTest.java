package io.rlwb.app.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.ui.graph.GraphLayout;
import io.rlwb.app.ui.graph.NodeView;
import io.rlwb.app.ui.graph.PortView;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.PortKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphViewModelTest {
    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private final UiQueue ui = new UiQueue();
    private final GraphViewModel vm = new GraphViewModel(CompletableFuture.completedFuture(TestNodes.registry()), background, ui);

    @AfterEach
    void tearDown() {
        background.shutdownNow();
    }

    private void load(Path file) throws InterruptedException {
        CompletableFuture<Void> done = vm.load(file);
        assertThat(vm.loadingProperty().get()).isTrue();
        ui.pumpUntil(done::isDone);
    }

    @Test
    void loadsNodesWiresAndPositionsFromTheFile() throws Exception {
        load(TestNodes.write(dir, "g.json", TestNodes.graph("", 10_000, true)));

        assertThat(vm.loadingProperty().get()).isFalse();
        assertThat(vm.loadErrorProperty().get()).isEmpty();
        assertThat(vm.graphNameProperty().get()).isEqualTo("Tiny test graph");
        assertThat(vm.getDocument()).isNotNull();
        assertThat(vm.getNodes()).extracting(NodeView::id).containsExactly("env", "policy", "collector", "trainer");
        assertThat(vm.getWires()).hasSize(4).allMatch(WireView::valid);
        assertThat(vm.validationTextProperty().get()).isEqualTo("valid");
        assertThat(vm.errorCountProperty().get()).isZero();

        NodeView collector = vm.getNodes().get(2);
        assertThat(collector.x()).isEqualTo(560);
        assertThat(collector.y()).isEqualTo(60);
        assertThat(collector.displayName()).isEqualTo("Test collector");
        assertThat(collector.category()).isEqualTo("Data");
        assertThat(collector.inputs()).extracting(PortView::name).containsExactly("env", "policy");
        assertThat(collector.inputs()).extracting(PortView::kind).containsOnly(PortKind.COMPONENT);
        assertThat(collector.outputs()).singleElement().satisfies(p -> {
            assertThat(p.typeId()).isEqualTo("trajectories");
            assertThat(p.kind()).isEqualTo(PortKind.DATA);
        });
        WireView w = vm.getWires().get(3);
        assertThat(w.label()).isEqualTo("collector.batch \u2192 trainer.batch");
        assertThat(w.kind()).isEqualTo(PortKind.DATA);
    }

    @Test
    void nodesWithoutPositionsAreLaidOutInLayersByDepth() throws Exception {
        load(TestNodes.write(dir, "g.json", TestNodes.graph("", 10_000, false)));
        Map<String, NodeView> byId = new java.util.HashMap<>();
        vm.getNodes().forEach(n -> byId.put(n.id(), n));
        // env -> policy -> collector -> trainer: one layer each, left to right.
        assertThat(byId.get("env").x()).isLessThan(byId.get("policy").x());
        assertThat(byId.get("policy").x()).isLessThan(byId.get("collector").x());
        assertThat(byId.get("collector").x()).isLessThan(byId.get("trainer").x());
        assertThat(byId.get("policy").x() - byId.get("env").x()).isGreaterThanOrEqualTo(GraphLayout.NODE_WIDTH);
        assertThat(GraphLayout.depths(vm.getDocument()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("env", 0, "policy", 1, "collector", 2, "trainer", 3));
    }

    @Test
    void unreadableFileKeepsTheGraphShownAndSaysWhyWithoutAStackTrace() throws Exception {
        load(TestNodes.write(dir, "good.json", TestNodes.graph("", 10_000, true)));
        var shown = vm.getDocument();

        load(TestNodes.write(dir, "bad.json", "{ \"format\": \"workbench-graph\", \"version\": 1, \"nodes\": [ }"));
        assertThat(vm.loadErrorProperty().get()).contains("bad.json").contains("unreadable JSON")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(vm.getDocument()).isSameAs(shown);
        assertThat(vm.getNodes()).hasSize(4);
        assertThat(vm.getFile().getFileName().toString()).isEqualTo("good.json");

        load(dir.resolve("missing.json"));
        assertThat(vm.loadErrorProperty().get()).startsWith("graph file not found:").contains("missing.json");

        load(TestNodes.write(dir, "newer.json", "{ \"format\": \"workbench-graph\", \"version\": 99 }"));
        assertThat(vm.loadErrorProperty().get()).contains("newer than this program reads");

        load(dir.resolve("good.json"));
        assertThat(vm.loadErrorProperty().get()).isEmpty();
    }

    @Test
    void problemsAreListedAndMarkedOnTheirNodes() throws Exception {
        String text = TestNodes.graph("", 10_000, true)
                .replace("\"type\": \"test/policy\"", "\"type\": \"test/nonesuch\"")
                .replace("{ \"from\": \"collector.batch\", \"to\": \"trainer.batch\" }",
                        "{ \"from\": \"collector.batch\", \"to\": \"trainer.batch\" },"
                                + " { \"from\": \"env.env\", \"to\": \"trainer.batch\" }");
        load(TestNodes.write(dir, "broken.json", text));

        assertThat(vm.errorCountProperty().get()).isGreaterThanOrEqualTo(2);
        assertThat(vm.validationTextProperty().get()).matches("\\d+ problems");
        assertThat(vm.getDiagnostics()).anyMatch(d -> d.node().equals("policy") && d.message().contains("unknown node type"));
        NodeView policy = vm.getNodes().get(1);
        assertThat(policy.known()).isFalse();
        assertThat(policy.status()).isEqualTo(NodeView.Status.ERROR);
        assertThat(policy.category()).isEqualTo("Unknown");
        // Ports of an unknown type come from its wires, so the wires still draw.
        assertThat(policy.inputs()).extracting(PortView::name).containsExactly("env");
        assertThat(policy.outputs()).extracting(PortView::name).containsExactly("policy");
        assertThat(vm.getWires()).hasSize(5);
        assertThat(vm.getWires()).filteredOn(w -> w.fromNode().equals("env") && w.toNode().equals("trainer"))
                .singleElement().satisfies(w -> assertThat(w.valid()).isFalse());
        assertThat(vm.getNodes().get(3).status()).isEqualTo(NodeView.Status.ERROR);
    }

    @Test
    void registryThatFailsIsReportedAsALoadError() throws Exception {
        CompletableFuture<NodeRegistry> failed = CompletableFuture.failedFuture(new IllegalStateException("no plugins"));
        GraphViewModel broken = new GraphViewModel(failed, background, ui);
        CompletableFuture<Void> done = broken.load(TestNodes.write(dir, "g.json", TestNodes.graph("", 10, true)));
        ui.pumpUntil(done::isDone);
        assertThat(broken.loadErrorProperty().get()).isEqualTo("cannot load the node types: no plugins");
    }

    @Test
    void nodeViewsCanBeBuiltWithoutARegistry() throws Exception {
        var doc = new GraphFile().parse(TestNodes.graph("", 10, false), "mem");
        var nodes = GraphViewModel.nodeViews(doc, null, java.util.List.of());
        assertThat(nodes).hasSize(4).noneMatch(NodeView::known);
        assertThat(GraphViewModel.wireViews(doc, nodes)).hasSize(4);
    }
}
