package io.rlwb.app.gui;

import static io.rlwb.app.gui.palette.FxTestSupport.fx;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import io.rlwb.engine.testkit.HangGuard;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window on a 1366x768 laptop screen: the sample graph opens readable, ports and labels drawn. */
@ExtendWith(ApplicationExtension.class)
class SmallScreenTest {
    static {
        FxTestSupport.init(); // headless screen size, before the toolkit starts
    }

    private Stage stage;
    private WorkbenchViewModel vm;
    private MainView view;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        vm = WorkbenchViewModel.createDefault();
        view = WorkbenchApp.show(stage, vm);
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1366);
        stage.setHeight(768);
        view.actions().setUnsavedPrompt(what -> WindowActions.SaveChoice.DISCARD);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }


    @Test
    void theSampleOpensAtFullDetailOnA1366x768Screen() throws Exception {
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.registryReadyProperty().get()));
        fx(() -> vm.open(FxTestSupport.repoRoot().resolve("samples").resolve("ppo-cartpole.json")))
                .get(HangGuard.SECONDS, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        FxTestSupport.pulses(5); // layout fits the graph to the view on a pulse
        double zoom = fx(() -> view.canvas().zoom());
        FxTestSupport.screenshot(stage.getScene(), "main-1366x768.png");
        assertThat(zoom).as("fit-to-view zoom; below 0.55 the canvas hides port names and parameter summaries")
                .isGreaterThanOrEqualTo(0.55);
        // Every node of the sample is on the canvas, none cut off by the side panels.
        for (String id : new String[] {"cartpole", "trainer", "eval", "adam"}) {
            assertThat(fx(() -> view.canvas().isNodeFullyVisible(id))).as(id).isTrue();
        }
    }

    @Test
    void hidingTheSidePanelsGivesTheCanvasTheirWidth(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.registryReadyProperty().get()));
        fx(() -> vm.open(FxTestSupport.repoRoot().resolve("samples").resolve("ppo-cartpole.json")))
                .get(HangGuard.SECONDS, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        double before = fx(() -> view.canvas().getWidth());
        double zoomBefore = fx(() -> view.canvas().zoom());
        robot.press(KeyCode.CONTROL).type(KeyCode.J).type(KeyCode.B).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        double after = fx(() -> view.canvas().getWidth());
        assertThat(after).isGreaterThan(before + 500);
        assertThat(after).isGreaterThan(1300);
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> view.canvas().zoom())).as("fit to the wider canvas").isGreaterThan(zoomBefore);
        FxTestSupport.screenshot(stage.getScene(), "main-1366x768-panels-hidden.png");
        robot.press(KeyCode.CONTROL).type(KeyCode.J).type(KeyCode.B).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> view.canvas().getWidth())).isCloseTo(before, org.assertj.core.data.Offset.offset(8.0));
    }
}
