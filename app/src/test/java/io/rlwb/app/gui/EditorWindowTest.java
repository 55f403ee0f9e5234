package io.rlwb.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.ui.graph.NodeView;
import io.rlwb.app.viewmodel.RunMark;
import io.rlwb.app.viewmodel.RunState;
import io.rlwb.app.viewmodel.WireView;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.testkit.HangGuard;
import io.rlwb.engine.validate.Params;
import io.rlwb.engine.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The graph editor in the real window, headless: builds the PPO CartPole graph from an empty canvas with the
 * quick search, robot-dragged wires and the property sheet, saves it and compares it with the sample; refuses a
 * wrong wire; undoes a ten-node paste in one step; round-trips a file with an unknown node type; stays
 * responsive during a run. Saves editor-*.png (see FxTestSupport.screenshotDir).
 */
@ExtendWith(ApplicationExtension.class)
class EditorWindowTest {
    static {
        if (System.getProperty("headless.geometry") == null) System.setProperty("headless.geometry", "1600x1000-32");
    }

    private WorkbenchViewModel vm;
    private MainView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        vm = WorkbenchViewModel.createDefault();
        view = WorkbenchApp.show(stage, vm);
        // As large as the headless screen allows (a window beyond it breaks Monocle's painter).
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1560);
        stage.setHeight(960);
        view.actions().setUnsavedPrompt(what -> WindowActions.SaveChoice.DISCARD);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(HangGuard.SECONDS, TimeUnit.SECONDS);
    }

    private static void fxRun(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    private static Path sample() {
        return WorkbenchWindowTest.repoRoot().resolve("samples").resolve("ppo-cartpole.json");
    }

    private void ready() throws Exception {
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.registryReadyProperty().get()));
    }

    private void settled() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        // The latest validation the edits asked for has shown its diagnostics (debounced, off the UI thread).
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.graph().validation().isDone()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void openSample() throws Exception {
        ready();
        fx(() -> vm.open(sample())).get(HangGuard.SECONDS, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Point2D port(String node, String port, boolean input) throws Exception {
        return fx(() -> view.canvas().portScreenPoint(node, port, input));
    }

    private void drag(Point2D from, Point2D to, FxRobot robot) {
        robot.moveTo(from).press(MouseButton.PRIMARY).moveTo(to).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Adds a node through the quick search: a double-click on empty canvas, the query typed, Enter. */
    private String addThroughQuickSearch(FxRobot robot, double gx, double gy, String query) throws Exception {
        int before = fx(() -> vm.graph().getNodes().size());
        Point2D at = fx(() -> view.canvas().graphToScreen(gx, gy));
        robot.doubleClickOn(at, MouseButton.PRIMARY);
        try {
            WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> view.canvas().isQuickSearchShowing()));
        } catch (java.util.concurrent.TimeoutException e) {
            saveScreenshot("../../app/target/debug-quick-search.png");
            throw new AssertionError("no quick search after a double-click at " + at + " (graph " + gx + ", " + gy
                    + "); toast: " + fx(() -> view.canvas().toastText()) + "; nodes " + fx(() -> vm.graph().getNodes().size()), e);
        }
        robot.write(query);
        robot.type(KeyCode.ENTER);
        try {
            WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.graph().getNodes().size() == before + 1));
        } catch (java.util.concurrent.TimeoutException e) {
            saveScreenshot("../../app/target/debug-quick-search.png");
            throw new AssertionError("quick search did not add '" + query + "': showing="
                    + fx(() -> view.canvas().isQuickSearchShowing()) + ", query='"
                    + fx(() -> view.canvas().quickSearch().model().queryProperty().get()) + "', results="
                    + fx(() -> view.canvas().quickSearch().model().results().size()), e);
        }
        return fx(() -> vm.graph().selection().primaryNodeProperty().get());
    }

    private void setParam(FxRobot robot, String node, String param, String text) throws Exception {
        robot.clickOn(fx(() -> view.canvas().nodeScreenCentre(node)));
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> view.properties().getViewModel() != null
                && view.properties().getViewModel().nodeId().equals(node)));
        WaitForAsyncUtils.waitForFxEvents();
        if (text == null) {
            robot.clickOn(robot.lookup("#param-" + param).queryAs(CheckBox.class));
        } else {
            TextField f = robot.lookup("#param-" + param).queryAs(TextField.class);
            robot.clickOn(f);
            fxRun(f::selectAll);
            robot.write(text);
            robot.type(KeyCode.ENTER);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void buildsPpoOnCartPoleFromAnEmptyCanvasAndSavesTheSampleGraph(FxRobot robot, @TempDir Path tmp) throws Exception {
        ready();
        fxRun(() -> vm.files().newGraph());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.graph().getNodes())).isEmpty();
        saveScreenshot("editor-empty.png");

        // Ten nodes through the quick-search popup, each at the point double-clicked.
        String[][] plan = {
                {"CartPole", "40", "40"}, {"Vector env", "300", "40"}, {"MLP categorical", "300", "200"},
                {"MLP value critic", "300", "360"}, {"Rollout", "560", "40"}, {"GAE", "820", "40"},
                {"PPO clipped", "560", "240"}, {"Adam", "820", "280"}, {"PPO trainer", "1080", "40"},
                {"Evaluator", "560", "440"}};
        fxRun(() -> view.canvas().setView(0.7, 10, 10));
        Map<String, String> idOf = new HashMap<>();
        for (String[] p : plan) {
            String id = addThroughQuickSearch(robot, Double.parseDouble(p[1]) + 30, Double.parseDouble(p[2]) + 30, p[0]);
            idOf.put(p[0], id);
        }
        assertThat(fx(() -> vm.graph().getNodes().size())).isEqualTo(10);
        assertThat(idOf.values()).doesNotHaveDuplicates();
        assertThat(fx(() -> vm.graph().commands().undoCount())).isEqualTo(10);
        String env = idOf.get("CartPole");
        String envs = idOf.get("Vector env");
        String policy = idOf.get("MLP categorical");
        String critic = idOf.get("MLP value critic");
        String collector = idOf.get("Rollout");
        String gae = idOf.get("GAE");
        String loss = idOf.get("PPO clipped");
        String adam = idOf.get("Adam");
        String trainer = idOf.get("PPO trainer");
        String eval = idOf.get("Evaluator");

        // Fourteen wires, each dragged from an output port to an input port.
        String[][] wires = {
                {env, "env", envs, "env"}, {env, "env", policy, "env"}, {env, "env", critic, "env"}, {env, "env", eval, "env"},
                {envs, "env", collector, "env"}, {policy, "policy", collector, "policy"}, {collector, "batch", gae, "batch"},
                {critic, "critic", gae, "critic"}, {policy, "policy", loss, "policy"}, {critic, "critic", loss, "critic"},
                {gae, "batch", trainer, "batch"}, {loss, "loss", trainer, "loss"}, {adam, "optimizer", trainer, "optimizer"},
                {policy, "policy", eval, "policy"}};
        for (String[] w : wires) drag(port(w[0], w[1], false), port(w[2], w[3], true), robot);
        assertThat(fx(() -> vm.graph().getWires().size())).isEqualTo(14);

        // Parameters through the property sheet.
        setParam(robot, envs, "num_envs", "8");
        setParam(robot, collector, "num_steps", "64");
        setParam(robot, gae, "gamma", "0.98");
        setParam(robot, gae, "lambda", "0.8");
        setParam(robot, loss, "ent_coef", "0");
        setParam(robot, adam, "lr", "0.001");
        setParam(robot, trainer, "update_epochs", "8");
        setParam(robot, eval, "every_steps", "5000");
        setParam(robot, eval, "target_return", "475");
        setParam(robot, eval, "greedy", null);
        settled();
        assertThat(fx(() -> vm.graph().errorCountProperty().get())).as(fx(() -> vm.graph().getDiagnostics().toString())).isZero();
        assertThat(fx(() -> vm.canRunProperty().get())).isTrue();

        // Name, seed and budget (the dialog's model path), then lay out (Ctrl+L), fit (Ctrl+0), save as (Ctrl+Shift+S).
        fxRun(() -> vm.graph().edits().setGraphSettings("PPO on CartPole", 1L, 150_000L));
        robot.clickOn(fx(() -> view.canvas().graphToScreen(1200, 600)));
        robot.press(KeyCode.CONTROL).type(KeyCode.L).release(KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL);
        Path saved = tmp.resolve("my-ppo.json");
        fxRun(() -> view.actions().setSaveChooser(title -> saved));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.S).release(KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> Files.exists(saved) && !fx(() -> vm.graph().dirtyProperty().get()));
        assertThat(fx(() -> stage.getTitle())).isEqualTo("PPO on CartPole \u2014 RL Workbench");

        NodeRegistry reg = WorkbenchViewModel.appRegistry();
        GraphDocument mine = new GraphFile().read(saved);
        assertThat(new Validator(reg).validate(mine).errors()).isEmpty();
        GraphDocument theSample = new GraphFile().read(sample());
        assertEquivalent(mine, theSample, reg);
        assertThat(mine.name()).isEqualTo(theSample.name());
        assertThat(mine.run()).isEqualTo(theSample.run());
    }

    /** Same node types, same parameters once defaults are filled in, same wires up to node ids; layout aside. */
    static void assertEquivalent(GraphDocument a, GraphDocument b, NodeRegistry reg) {
        Map<String, String> aByType = new HashMap<>();
        Map<String, String> bByType = new HashMap<>();
        a.nodes().forEach(n -> aByType.put(n.type(), n.id()));
        b.nodes().forEach(n -> bByType.put(n.type(), n.id()));
        assertThat(aByType.keySet()).containsExactlyInAnyOrderElementsOf(bByType.keySet());
        assertThat(a.nodes()).hasSameSizeAs(b.nodes());
        for (String type : aByType.keySet()) {
            NodeType t = reg.find(type).orElseThrow();
            GraphNode na = a.node(aByType.get(type)).orElseThrow();
            GraphNode nb = b.node(bByType.get(type)).orElseThrow();
            for (ParamSpec p : t.params()) {
                JsonNode va = Params.value(na, t, p.name());
                JsonNode vb = Params.value(nb, t, p.name());
                boolean same = va.isNumber() && vb.isNumber() ? va.asDouble() == vb.asDouble() : va.equals(vb);
                assertThat(same).as(type + "." + p.name() + ": " + va + " vs " + vb).isTrue();
            }
        }
        Map<String, String> aType = new HashMap<>();
        Map<String, String> bType = new HashMap<>();
        a.nodes().forEach(n -> aType.put(n.id(), n.type()));
        b.nodes().forEach(n -> bType.put(n.id(), n.type()));
        assertThat(wiresByType(a, aType)).isEqualTo(wiresByType(b, bType));
    }

    private static Set<String> wiresByType(GraphDocument d, Map<String, String> typeOf) {
        Set<String> s = new HashSet<>();
        for (GraphEdge e : d.edges()) {
            s.add(typeOf.get(e.fromRef().node()) + "." + e.fromRef().port() + " -> " + typeOf.get(e.toRef().node()) + "."
                    + e.toRef().port());
        }
        return s;
    }

    @Test
    void aWrongWireIsRefusedWithTheReasonAndAProblemLeadsToItsNode(FxRobot robot) throws Exception {
        openSample();
        int wires = fx(() -> vm.graph().getWires().size());
        Point2D from = port("policy", "policy", false);
        Point2D to = port("trainer", "batch", true);
        robot.moveTo(from).press(MouseButton.PRIMARY).moveTo(to);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> view.canvas().toastText())).startsWith("Cannot wire here: policy.policy gives policy (component)")
                .contains("trainer.batch expects advantages (data)");
        saveScreenshot("editor-wire-refused.png");
        robot.release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.graph().getWires().size())).isEqualTo(wires);
        assertThat(fx(() -> vm.graph().edits().messageProperty().get())).startsWith("Wire refused:");
        assertThat(fx(() -> vm.graph().commands().undoCount())).isZero();

        // A wire dropped on empty space offers only node types that can take it, and wires the one chosen.
        drag(port("policy", "policy", false), fx(() -> view.canvas().graphToScreen(700, 760)), robot);
        assertThat(fx(() -> view.canvas().isQuickSearchShowing())).isTrue();
        assertThat(fx(() -> view.canvas().quickSearch().model().titleProperty().get())).contains("policy.policy");
        assertThat(fx(() -> view.canvas().quickSearch().model().results().stream().map(NodeType::id).toList()))
                .containsExactlyInAnyOrder("core/rollout.collector", "core/loss.ppo", "core/monitor.eval",
                        "core/monitor.pareto");
        robot.write("Evaluator");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.graph().getWires().stream().map(WireView::label).toList()))
                .contains("policy.policy \u2192 monitor.policy");
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.graph().getNodes().size())).isEqualTo(10);
        assertThat(fx(() -> vm.graph().getWires().size())).isEqualTo(wires);

        // Take the optimiser's wire away (click it, Delete): the trainer turns red, Run says why.
        Point2D a = port("adam", "optimizer", false);
        Point2D b = port("trainer", "optimizer", true);
        robot.clickOn(new Point2D(a.getX() + (b.getX() - a.getX()) * 0.5, a.getY() + (b.getY() - a.getY()) * 0.5));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.graph().selection().wireProperty().get())).isNotNull();
        robot.type(KeyCode.DELETE);
        settled();
        assertThat(fx(() -> vm.graph().getWires().size())).isEqualTo(wires - 1);
        assertThat(fx(() -> vm.runBlockedReasonProperty().get())).contains("trainer.optimizer");
        assertThat(fx(() -> vm.canRunProperty().get())).isFalse();
        fxRun(() -> view.canvas().zoomAt(100, 100, 1.6));
        javafx.scene.control.ListView<?> problems = robot.lookup("#problemsList").queryAs(javafx.scene.control.ListView.class);
        assertThat(fx(() -> problems.getItems().size())).isEqualTo(1);
        javafx.scene.Node cell = robot.from(problems).lookup(".list-cell").match((javafx.scene.control.ListCell<?> c) ->
                c.getItem() != null && c.isVisible()).query();
        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.graph().selection().nodes())).containsExactly("trainer");
        Point2D centre = fx(() -> view.canvas().nodeScreenCentre("trainer"));
        Point2D mid = fx(() -> view.canvas().localToScreen(view.canvas().getWidth() / 2, view.canvas().getHeight() / 2));
        assertThat(Math.abs(centre.getX() - mid.getX())).isLessThan(5);
        fxRun(() -> view.canvas().fitToView());
        fxRun(() -> view.canvas().showToast("", false));
        fxRun(() -> view.canvas().lookup("#canvasToast").setVisible(false));
        saveScreenshot("editor-validation-error.png");
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        settled();
        assertThat(fx(() -> vm.canRunProperty().get())).isTrue();
    }

    @Test
    void undoOfATenNodePasteIsOneStepAndTheHelpListsTheKeys(FxRobot robot) throws Exception {
        openSample();
        robot.clickOn(fx(() -> view.canvas().localToScreen(20, 20)));
        robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);
        assertThat(fx(() -> vm.graph().selection().nodes())).hasSize(10);
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL).type(KeyCode.V).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.graph().getNodes().size())).isEqualTo(20);
        assertThat(fx(() -> vm.graph().getWires().size())).isEqualTo(28);
        assertThat(fx(() -> vm.graph().selection().nodes())).hasSize(10).doesNotContain("policy");
        assertThat(fx(() -> stage.getTitle())).startsWith("*PPO on CartPole");
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.graph().getNodes().size())).isEqualTo(10);
        assertThat(fx(() -> vm.graph().commands().canUndoProperty().get())).isFalse();
        assertThat(fx(() -> stage.getTitle())).startsWith("PPO on CartPole");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.graph().getNodes().size())).isEqualTo(20);

        // Unsaved work: New (Ctrl+N) asks first; Cancel keeps the graph.
        List<String> asked = new java.util.ArrayList<>();
        fxRun(() -> view.actions().setUnsavedPrompt(what -> {
            asked.add(what);
            return WindowActions.SaveChoice.CANCEL;
        }));
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(asked).containsExactly("start a new graph");
        assertThat(fx(() -> vm.graph().getNodes().size())).isEqualTo(20);
        fxRun(() -> view.actions().setUnsavedPrompt(what -> WindowActions.SaveChoice.DISCARD));

        // Select all (Ctrl+A), group (Ctrl+G), then duplicate (Ctrl+D) a node.
        robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL).type(KeyCode.G).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.graph().getGroups())).singleElement().satisfies(g -> assertThat(g.nodes()).hasSize(20));
        fxRun(() -> vm.graph().selection().selectOnly("policy"));
        List<String> idsBefore = fx(() -> vm.graph().getNodes().stream().map(NodeView::id).toList());
        robot.press(KeyCode.CONTROL).type(KeyCode.D).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        // The copy is a new node of the policy's type, and it is what is selected now.
        String copy = fx(() -> vm.graph().selection().nodes().iterator().next());
        assertThat(fx(() -> vm.graph().selection().nodes())).containsExactly(copy);
        assertThat(idsBefore).doesNotContain(copy);
        assertThat(fx(() -> vm.graph().getNodes().size())).isEqualTo(idsBefore.size() + 1);
        assertThat(fx(() -> typeOf(copy))).isEqualTo(fx(() -> typeOf("policy")));

        robot.type(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> view.help().isVisible())).isTrue();
        assertThat(robot.lookup(".help-label").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("Undo", "Redo", "Copy", "Paste", "Duplicate", "Delete", "Select all", "Group selection",
                        "Save", "Save as\u2026", "New graph", "Open\u2026", "Keyboard shortcuts");
        saveScreenshot("editor-help.png");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> view.help().isVisible())).isFalse();

        // The dark theme reaches the canvas too.
        fxRun(() -> view.setDark(true));
        fxRun(() -> view.canvas().fitToView());
        saveScreenshot("editor-dark.png");
        fxRun(() -> view.setDark(false));
    }

    @Test
    void aFileWithAnUnknownNodeTypeOpensWithAPlaceholderAndSavesBackUnchanged(FxRobot robot, @TempDir Path tmp) throws Exception {
        String text = Files.readString(sample())
                .replace("\"type\": \"core/optim.adam\"", "\"type\": \"acme/optim.lion\", \"vendor\": {\"beta\": [0.9, 0.99]}")
                .replace("\"lr\": 0.001,", "\"lr\": 0.001, \"weight_decay\": 0.01,");
        Path file = tmp.resolve("unknown.json");
        Files.writeString(file, text);
        ready();
        fx(() -> vm.open(file)).get(HangGuard.SECONDS, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#loadErrorBanner").queryAs(Label.class).isVisible()).isFalse();
        int i = fx(() -> view.canvas().model().indexOf("adam"));
        assertThat(fx(() -> view.canvas().model().node(i).known())).isFalse();
        assertThat(fx(() -> view.canvas().model().node(i).summary())).contains("weight_decay");
        // An edit elsewhere and its undo, then Ctrl+S.
        Point2D p = fx(() -> view.canvas().nodeScreenCentre("policy"));
        robot.drag(p, MouseButton.PRIMARY).moveBy(60, 40).drop();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.graph().commands().undoCount())).isEqualTo(1);
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        fxRun(() -> vm.graph().commands().markDirty());
        robot.press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> !fx(() -> vm.graph().dirtyProperty().get()));
        GraphDocument before = new GraphFile().parse(text, "original");
        GraphDocument after = new GraphFile().read(file);
        assertThat(GraphFile.toJson(after)).isEqualTo(GraphFile.toJson(before));
        assertThat(Files.readString(file)).contains("acme/optim.lion").contains("\"vendor\"").contains("weight_decay");
    }

    @Test
    void theCanvasTakesInputWhileAGraphRuns(FxRobot robot, @TempDir Path tmp) throws Exception {
        openSample();
        fxRun(() -> {
            vm.run().budgetsProperty().set(Map.of("iterations", 400L));
            vm.run().outDirProperty().set(tmp.resolve("run"));
        });
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.canRunProperty().get()));
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.run().getState() == RunState.RUNNING
                && vm.run().returns().size() > 0));
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.graph().runMarks().get("trainer") == RunMark.RUNNING));
        assertThat(fx(() -> vm.graph().runMarks().get("cartpole"))).as("a component is part of the run, not executing")
                .isEqualTo(RunMark.WAITING);
        // Behaviour, not wall-clock: the click is handled (the node is selected) while the run still goes on.
        robot.clickOn(fx(() -> view.canvas().nodeScreenCentre("critic")));
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.graph().selection().nodes().contains("critic")));
        assertThat(fx(() -> vm.run().getState())).as("the click was handled during the run").isEqualTo(RunState.RUNNING);
        // The graph can be edited (a copy runs) and another run queued.
        fxRun(() -> vm.graph().edits().moveSelection(24, 0));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.R).release(KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.run().queue().size())).isEqualTo(1);
        FxTestSupport.pulses(60); // a second of frames, so the picture shows the curve growing; nothing is asserted
        saveScreenshot("editor-running.png");
        fxRun(() -> vm.run().queue().clear());
        fxRun(vm::stopRun);
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.run().getState().ended()));
    }

    private String typeOf(String nodeId) {
        return vm.graph().getNodes().stream().filter(n -> n.id().equals(nodeId)).findFirst().orElseThrow().typeId();
    }

    private void saveScreenshot(String name) throws Exception {
        Path file = FxTestSupport.screenshotDir().resolve(name);
        Files.createDirectories(file.getParent());
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage img = fx(() -> stage.getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
    }
}
