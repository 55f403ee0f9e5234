package io.rlwb.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.ui.graph.NodeView;
import io.rlwb.app.viewmodel.RunState;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.testkit.HangGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
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
 * The main window, headless (Monocle): opens samples/ppo-cartpole.json, checks that nodes and wires are drawn,
 * clicks Run with a budget of a few iterations, waits (on the test thread, never the FX thread) for the run
 * to finish, checks that the return curve has points, and saves main-window.png (see FxTestSupport.screenshotDir).
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchWindowTest {
    /** Iterations of the window's run; {@code -Dworkbench.window.iterations=N} changes it. */
    private static final long ITERATIONS = Long.getLong("workbench.window.iterations", 3);

    static {
        // Monocle's headless screen is 1280x800 unless told otherwise; give the window room.
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
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    static Path repoRoot() {
        String p = System.getProperty("workbench.repo");
        Path root = p != null && !p.isBlank() ? Path.of(p) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
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

    @Test
    void opensTheSampleDrawsItRunsItAndPlotsTheReturnCurve(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path sample = repoRoot().resolve("samples").resolve("ppo-cartpole.json");
        assertThat(sample).exists();
        GraphDocument doc = new GraphFile().read(sample);

        CompletableFuture<Void> loaded = fx(() -> vm.open(sample));
        loaded.get(HangGuard.SECONDS, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();

        // Nodes and wires: in the view model and on the canvas.
        assertThat(fx(() -> vm.graph().loadErrorProperty().get())).isEmpty();
        assertThat(fx(() -> vm.graph().getNodes().size())).isEqualTo(doc.nodes().size());
        assertThat(fx(() -> vm.graph().getWires().size())).isEqualTo(doc.edges().size());
        assertThat(fx(() -> view.canvas().drawnNodeCount())).isEqualTo(doc.nodes().size());
        assertThat(fx(() -> view.canvas().drawnWireCount())).isEqualTo(doc.edges().size());
        // The canvas draws on one Canvas: what it drew is counted by its model, not by scene nodes.
        assertThat(fx(() -> view.canvas().model().indexOf("trainer"))).isGreaterThanOrEqualTo(0);
        assertThat(fx(() -> vm.graph().getDiagnostics().stream().filter(d -> d.isError()).map(Object::toString).toList()))
                .isEmpty();
        assertThat(robot.lookup("#validationLabel").queryAs(Label.class).getText()).startsWith("valid");
        assertThat(robot.lookup("#fileLabel").queryAs(Label.class).getText()).endsWith("ppo-cartpole.json");
        assertThat(fx(() -> stage.getTitle())).isEqualTo("PPO on CartPole \u2014 RL Workbench");

        // A short run: a few iterations, into a temporary run directory.
        fxRun(() -> {
            vm.run().budgetsProperty().set(Map.of("iterations", ITERATIONS));
            vm.run().outDirProperty().set(tmp.resolve("run"));
        });
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.canRunProperty().get()));
        CountDownLatch ended = new CountDownLatch(1);
        // Whether a second run could start, read on the UI thread the moment the run became active: a short run can
        // end before a later read, so reading it afterwards would race.
        java.util.List<Boolean> canRunWhileActive = new java.util.concurrent.CopyOnWriteArrayList<>();
        fxRun(() -> vm.run().stateProperty().addListener((o, a, b) -> {
            if (b != RunState.IDLE && !b.ended()) canRunWhileActive.add(vm.canRunProperty().get());
            if (b.ended()) ended.countDown();
        }));
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled()).isFalse();
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.run().getState() != RunState.IDLE));
        // While it runs (if it is still running once the first episodes are in): a look at the live window.
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.run().getState().ended()
                || vm.run().getState() == RunState.RUNNING && vm.run().returns().size() > 0));
        if (fx(() -> vm.run().getState() == RunState.RUNNING)) {
            assertThat(robot.lookup("#stopButton").queryAs(Button.class).isDisabled()).isFalse();
            saveScreenshot(tmp.resolve("running.png")); // a check, not a docs picture
        }

        assertThat(ended.await(HangGuard.SECONDS, TimeUnit.SECONDS)).as("the run ended (hang guard)").isTrue();
        assertThat(canRunWhileActive).as("Run is refused while a run is active").isNotEmpty().containsOnly(false);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.run().getState())).as(fx(() -> vm.run().messageProperty().get()))
                .isEqualTo(RunState.COMPLETED);
        assertThat(fx(() -> vm.run().returns().size())).isGreaterThan(0);
        assertThat(fx(() -> vm.run().fractionProperty().get())).isEqualTo(1.0);
        assertThat(robot.lookup("#progressText").queryAs(Label.class).getText()).startsWith("100%");
        assertThat(fx(() -> view.chart().paintCount())).isGreaterThan(0);
        assertThat(fx(() -> vm.canRunProperty().get())).isTrue();
        assertThat(tmp.resolve("run").resolve("metrics.csv")).exists();

        saveScreenshot(FxTestSupport.screenshotDir().resolve("main-window.png"));
    }

    @Test
    void aBadFileShowsItsMessageAndKeepsTheGraph(@TempDir Path tmp, FxRobot robot) throws Exception {
        Path sample = repoRoot().resolve("samples").resolve("ppo-cartpole.json");
        fx(() -> vm.open(sample)).get(HangGuard.SECONDS, TimeUnit.SECONDS);
        int nodes = fx(() -> view.canvas().drawnNodeCount());
        Path bad = tmp.resolve("broken.json");
        Files.writeString(bad, "{ \"format\": \"workbench-graph\", \"version\": 1, \"nodes\": [ ");
        fx(() -> vm.open(bad)).get(HangGuard.SECONDS, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Label banner = robot.lookup("#loadErrorBanner").queryAs(Label.class);
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getText()).contains("broken.json").contains("unreadable JSON").doesNotContain("Exception");
        assertThat(fx(() -> view.canvas().drawnNodeCount())).isEqualTo(nodes);
    }

    @Test
    void aGraphWithErrorsListsThemAndDisablesRunWithTheReason(@TempDir Path tmp, FxRobot robot) throws Exception {
        String text = Files.readString(repoRoot().resolve("samples").resolve("ppo-cartpole.json"))
                .replace("\"type\": \"core/optim.adam\"", "\"type\": \"core/optim.nonesuch\"");
        Path broken = tmp.resolve("broken-graph.json");
        Files.writeString(broken, text);
        fx(() -> vm.open(broken)).get(HangGuard.SECONDS, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.registryReadyProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(fx(() -> vm.graph().errorCountProperty().get())).isGreaterThan(0);
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(fx(() -> vm.runBlockedReasonProperty().get())).startsWith("Cannot run: the graph has").contains("adam");
        javafx.scene.control.ListView<?> problems = robot.lookup("#problemsList").queryAs(javafx.scene.control.ListView.class);
        assertThat(problems.isVisible()).isTrue();
        assertThat(problems.getItems()).isNotEmpty();
        assertThat(robot.lookup("#validationLabel").queryAs(Label.class).getText()).matches("\\d+ problems?");
        NodeView adam = fx(() -> view.canvas().model().node(view.canvas().model().indexOf("adam")));
        assertThat(adam.status()).isEqualTo(NodeView.Status.ERROR);
        assertThat(adam.known()).isFalse();
        // The menu offers File > Open... on Ctrl+O.
        javafx.scene.control.MenuBar bar = robot.lookup(".menu-bar").queryAs(javafx.scene.control.MenuBar.class);
        assertThat(bar.getMenus().get(0).getItems().stream().filter(i -> "menu-open".equals(i.getId())).findFirst()
                .orElseThrow().getAccelerator().getName()).isEqualTo("Shortcut+O");

        saveScreenshot(tmp.resolve("problems.png")); // a check, not a docs picture
    }

    private void saveScreenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage img = fx(() -> stage.getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
        assertThat(file).exists();
    }
}
