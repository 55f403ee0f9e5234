package io.rlwb.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.testkit.HangGuard;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The application as {@code ./workbench} starts it, headless: {@code --graph PATH} opens that file. */
class WorkbenchAppLaunchTest {
    static {
        if (System.getProperty("headless.geometry") == null) System.setProperty("headless.geometry", "1600x1000-32");
    }

    private Stage stage;
    private WorkbenchApp app;

    @BeforeEach
    void setUp() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    @Test
    void startsOnTheGraphGivenWithDashDashGraph() throws Exception {
        Path sample = WorkbenchWindowTest.repoRoot().resolve("samples").resolve("ppo-cartpole.json");
        app = (WorkbenchApp) FxToolkit.setupApplication(WorkbenchApp.class, "--graph", sample.toString());
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(() -> stage.getTitle()).get().startsWith("PPO on CartPole"));
        FxRobot robot = new FxRobot();
        GraphCanvasView canvas = robot.lookup("#graphCanvas").queryAs(GraphCanvasView.class);
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(() -> canvas.drawnNodeCount() > 0).get());
        assertThat(robot.lookup("#fileLabel").queryAs(Label.class).getText()).isEqualTo(sample.toString());
    }

    @Test
    void aMissingGraphFileIsShownAsAMessageNotAStackTrace() throws Exception {
        app = (WorkbenchApp) FxToolkit.setupApplication(WorkbenchApp.class, "--graph", "/nonexistent/graph.json");
        FxRobot robot = new FxRobot();
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(() -> robot.lookup("#loadErrorBanner").queryAs(Label.class).isVisible()).get());
        assertThat(robot.lookup("#loadErrorBanner").queryAs(Label.class).getText())
                .isEqualTo("graph file not found: /nonexistent/graph.json");
        GraphCanvasView canvas = robot.lookup("#graphCanvas").queryAs(GraphCanvasView.class);
        assertThat(WaitForAsyncUtils.asyncFx(canvas::drawnNodeCount).get()).isZero();
        assertThat(robot.lookup("#runButton").queryAs(javafx.scene.control.Button.class).isDisabled()).isTrue();
    }
}
