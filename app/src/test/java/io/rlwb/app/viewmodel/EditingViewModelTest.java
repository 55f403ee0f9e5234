package io.rlwb.app.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.ui.graph.NodeView;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.spi.NodeType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The editor's ViewModels without a screen: edits, selection, live validation, files, run queue and marks. */
class EditingViewModelTest {
    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newFixedThreadPool(3);
    private final UiQueue ui = new UiQueue();
    private final WorkbenchViewModel vm = new WorkbenchViewModel(TestNodes::registry, () -> "CPU test", background, ui, 0);
    private final GraphViewModel g = vm.graph();

    @AfterEach
    void tearDown() {
        vm.shutdown();
        background.shutdownNow();
    }

    private void open(String text) throws Exception {
        CompletableFuture<Void> done = vm.open(TestNodes.write(dir, "g.json", text));
        ui.pumpUntil(() -> done.isDone() && vm.registryReadyProperty().get());
    }

    private void settle() throws InterruptedException {
        // Validation is off the UI thread: pump until the latest one asked for has shown its diagnostics.
        ui.pumpUntil(() -> g.validation().isDone() && ui.pending() == 0);
    }

    @Test
    void editsRedrawAtOnceAndValidationFollowsOffTheUiThread() throws Exception {
        open(TestNodes.graph("", 10_000, true));
        assertThat(g.errorCountProperty().get()).isZero();
        g.selection().selectOnly("collector");
        g.edits().deleteSelection();
        assertThat(g.getNodes()).extracting(NodeView::id).containsExactly("env", "policy", "trainer");
        assertThat(g.getWires()).hasSize(1);
        assertThat(g.selection().nodes()).isEmpty();
        settle();
        assertThat(g.getDiagnostics()).anyMatch(d -> d.node().equals("trainer") && d.message().contains("not wired"));
        assertThat(g.getNodes().get(2).status()).isEqualTo(NodeView.Status.ERROR);
        assertThat(vm.canRunProperty().get()).isFalse();
        assertThat(vm.titleProperty().get()).isEqualTo("*Tiny test graph \u2014 RL Workbench");
        g.edits().undo();
        settle();
        assertThat(g.errorCountProperty().get()).isZero();
        assertThat(vm.canRunProperty().get()).isTrue();
        assertThat(vm.titleProperty().get()).isEqualTo("Tiny test graph \u2014 RL Workbench");
    }

    @Test
    void addedAndPastedNodesAreSelectedAndARefusedWireSaysWhy() throws Exception {
        open(TestNodes.graph("", 10_000, true));
        String id = g.edits().addNode("test/policy", 48, 480);
        assertThat(id).isEqualTo("policy2");
        assertThat(g.selection().nodes()).containsExactly("policy2");
        assertThat(g.selection().primaryNodeProperty().get()).isEqualTo("policy2");
        assertThat(g.edits().connect(PortRef.parse("policy2.policy"), PortRef.parse("trainer.batch"))).isFalse();
        assertThat(g.edits().messageProperty().get()).startsWith("Wire refused: policy2.policy gives policy (component)")
                .contains("trajectories (data)");
        assertThat(g.edits().connect(PortRef.parse("env.env"), PortRef.parse("policy2.env"))).isTrue();
        g.selection().setNodes(List.of("env", "policy"));
        String json = g.edits().copySelection();
        assertThat(g.edits().paste(json, 600, 600)).isTrue();
        assertThat(g.selection().nodes()).containsExactlyInAnyOrder("env2", "policy3");
        g.edits().undo();
        assertThat(g.selection().nodes()).as("undone nodes leave the selection").isEmpty();
        List<NodeType> fit = g.edits().compatibleTypes(PortRef.parse("collector.batch"), true);
        assertThat(fit).extracting(NodeType::id).containsExactly("test/trainer");
    }

    @Test
    void copiesPasteIntoAnotherOpenGraph() throws Exception {
        open(TestNodes.graph("", 10_000, true));
        WorkbenchViewModel other = new WorkbenchViewModel(TestNodes::registry, () -> "CPU test", background, ui, 0);
        try {
            ui.pumpUntil(() -> other.registryReadyProperty().get());
            other.files().newGraph();
            g.edits().selectAll();
            String json = g.edits().copySelection();
            assertThat(other.graph().edits().paste(json, 0, 0)).isTrue();
            assertThat(other.graph().getNodes()).hasSize(4);
            assertThat(other.graph().getWires()).hasSize(4);
            assertThat(other.graph().commands().undoCount()).isEqualTo(1);
        } finally {
            other.shutdown();
        }
    }

    @Test
    void saveWritesTheFileMarksItCleanAndRemembersIt() throws Exception {
        vm.files().newGraph();
        ui.pumpUntil(() -> vm.registryReadyProperty().get());
        assertThat(vm.titleProperty().get()).isEqualTo("Untitled graph \u2014 RL Workbench");
        assertThat(vm.files().save()).as("no file yet: the view asks for one").isNull();
        g.edits().addNode("test/env", 0, 0);
        assertThat(vm.files().needsSavePrompt()).isTrue();
        Path target = dir.resolve("out").resolve("mine.json");
        CompletableFuture<Void> saved = vm.files().saveAs(target);
        ui.pumpUntil(saved::isDone);
        assertThat(g.dirtyProperty().get()).isFalse();
        assertThat(g.getFile()).isEqualTo(target);
        assertThat(vm.titleProperty().get()).isEqualTo("mine.json \u2014 RL Workbench");
        assertThat(new GraphFile().read(target).node("env")).isPresent();
        ui.pumpUntil(() -> vm.files().recent().contains(target.toAbsolutePath().normalize()));
        assertThat(vm.files().statusProperty().get()).isEqualTo("Saved mine.json");
    }

    @Test
    void autosaveKeepsARecoveryCopyThatComesBackAsUnsavedWork() throws Exception {
        open(TestNodes.graph("", 10_000, true));
        g.edits().addNode("test/env", 0, 600);
        ui.pumpUntil(vm.files().autosave()::isDone);
        var found = new io.rlwb.app.files.RecoveryStore(io.rlwb.app.files.WorkbenchDirs.recoveryDir(), "another").findLeftOver();
        var mine = found.stream().filter(r -> r.original() != null && r.original().getFileName().toString().equals("g.json"))
                .findFirst().orElseThrow();
        WorkbenchViewModel next = new WorkbenchViewModel(TestNodes::registry, () -> "CPU test", background, ui, 0);
        try {
            next.files().restore(mine);
            assertThat(next.graph().getDocument().node("env2")).isPresent();
            assertThat(next.graph().dirtyProperty().get()).isTrue();
            assertThat(next.graph().getFile().getFileName().toString()).isEqualTo("g.json");
            assertThat(Files.exists(mine.graph())).as("a restored copy is deleted").isFalse();
        } finally {
            next.shutdown();
        }
        vm.files().closedCleanly();
    }

    @Test
    void aRunThatDivergesMarksTheTrainerAsFailedWithTheMessageForItsTooltip() throws Exception {
        open(TestNodes.graph("\"steps\": 100, \"diverge\": true", 10_000, true));
        vm.run().outDirProperty().set(dir.resolve("runs").resolve("nan"));
        vm.runGraph();
        ui.pumpUntil(() -> vm.run().getState() == RunState.FAILED);
        assertThat(g.runMarks()).containsExactly(Map.entry("trainer", RunMark.FAILED));
        assertThat(g.runFailures()).containsOnlyKeys("trainer");
        assertThat(g.runFailures().get("trainer"))
                .isEqualTo("trainer: diverged at step 100: policy loss is NaN (update 2); try a lower learning rate");
        // The canvas draws the mark and puts the message in the node's tooltip.
        var canvas = io.rlwb.app.gui.canvas.CanvasModel.of(g.getNodes(), g.getWires(), g.getGroups(),
                g.getDiagnostics());
        canvas.markRuns(g.runMarks(), g.runFailures());
        int trainer = g.getNodes().stream().map(NodeView::id).toList().indexOf("trainer");
        assertThat(canvas.runMark(trainer)).isEqualTo(RunMark.FAILED);
        assertThat(canvas.runFailure(trainer)).startsWith("trainer: diverged at step 100");
        assertThat(canvas.runFailure(0)).isNull();
        // The next run (one iteration: no divergence) clears the mark.
        vm.run().outDirProperty().set(dir.resolve("runs").resolve("again"));
        vm.run().budgetsProperty().set(Map.of("iterations", 1L));
        vm.runGraph();
        ui.pumpUntil(() -> vm.run().getState() == RunState.COMPLETED);
        assertThat(g.runFailures()).isEmpty();
        assertThat(g.runMarks()).containsEntry("trainer", RunMark.DONE).doesNotContainValue(RunMark.FAILED);
    }

    @Test
    void queuedRunsStartInTurnAndTheRunningNodesAreMarked() throws Exception {
        open(TestNodes.graph("\"sleep_ms\": 30", 2_000, true));
        vm.run().outDirProperty().set(dir.resolve("runs").resolve("a"));
        vm.runGraph();
        ui.pumpUntil(() -> vm.run().getState() == RunState.RUNNING);
        assertThat(g.runMarks()).containsOnlyKeys("env", "policy", "collector", "trainer");
        // Per node: the trainer shows as running once the engine's activity says it executes; the environment, a
        // component that never computes on its own, stays marked as waiting in the run.
        ui.pumpUntil(() -> {
            vm.pollRunActivity(System.nanoTime());
            return g.runMarks().get("trainer") == RunMark.RUNNING;
        });
        assertThat(g.runMarks().get("env")).isEqualTo(RunMark.WAITING);
        assertThat(vm.canQueueProperty().get()).isTrue();
        vm.run().outDirProperty().set(dir.resolve("runs").resolve("b"));
        vm.run().budgetsProperty().set(Map.of("iterations", 2L));
        vm.queueRun();
        assertThat(vm.run().queue()).hasSize(1);
        assertThat(vm.run().log()).anyMatch(l -> l.contains("queued: Tiny test graph"));
        ui.pumpUntil(() -> vm.run().queue().isEmpty());
        ui.pumpUntil(() -> vm.run().getState() == RunState.COMPLETED && vm.run().queue().isEmpty()
                && vm.run().log().stream().anyMatch(l -> l.contains("starting queued run")));
        ui.pumpUntil(() -> vm.run().getState() == RunState.COMPLETED);
        assertThat(g.runMarks()).containsValue(RunMark.DONE).doesNotContainValue(RunMark.RUNNING);
    }

    @Test
    void graphSettingsAreOneUndoableStepAndRenameTheWindow() throws Exception {
        open(TestNodes.graph("", 10_000, true));
        g.edits().setGraphSettings("My PPO", 7L, 50_000L);
        assertThat(vm.titleProperty().get()).isEqualTo("*My PPO \u2014 RL Workbench");
        assertThat(g.getDocument().seed(0)).isEqualTo(7);
        assertThat(g.getDocument().run().path("budget").path("env_steps").asLong()).isEqualTo(50_000);
        g.edits().setGraphSettings("My PPO", null, null);
        assertThat(g.getDocument().run().has("seed")).isFalse();
        assertThat(g.getDocument().run().has("budget")).isFalse();
        g.edits().undo();
        g.edits().undo();
        assertThat(g.getDocument().name()).isEqualTo("Tiny test graph");
        assertThat(g.getDocument().seed(0)).isEqualTo(3);
        assertThat(g.getDocument().run().path("budget").path("env_steps").asLong()).isEqualTo(10_000);
        assertThat(vm.titleProperty().get()).isEqualTo("Tiny test graph \u2014 RL Workbench");
    }

    @Test
    void quickSearchNarrowsByWordsAndRanksNamePrefixesFirst() {
        var q = new QuickSearchViewModel();
        List<NodeType> types = TestNodes.registry().all().stream().toList();
        q.offer(types, "Add node");
        assertThat(q.results()).hasSize(4);
        q.queryProperty().set("col");
        assertThat(q.results()).extracting(NodeType::id).containsExactly("test/collector");
        q.queryProperty().set("test p");
        assertThat(q.results()).extracting(NodeType::id).containsExactly("test/policy");
        q.queryProperty().set("test");
        q.move(2);
        assertThat(q.chosen()).isSameAs(q.results().get(2));
        q.move(10);
        assertThat(q.chosen()).isSameAs(q.results().get(3));
        q.queryProperty().set("zzz");
        assertThat(q.chosen()).isNull();
    }
}
