package io.rlwb.app.gui;

import static io.rlwb.app.gui.palette.FxTestSupport.fx;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.ui.plot.Snapshots;
import io.rlwb.app.viewmodel.RunState;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import io.rlwb.app.viewmodel.inspect.CurvesViewModel;
import io.rlwb.engine.testkit.HangGuard;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
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
 * As a new user would: run the PPO sample from the window, watch its curves in the Curves tab, export its report
 * (Ctrl+E), then find the run in the Runs tab and open it. Headless.
 */
@ExtendWith(ApplicationExtension.class)
class InspectTabsWindowTest {
    static {
        FxTestSupport.init(); // headless screen size, before the toolkit starts
    }

    private WorkbenchViewModel vm;
    private MainView view;

    @Start
    void start(Stage stage) {
        vm = WorkbenchViewModel.createDefault();
        view = WorkbenchApp.show(stage, vm);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }


    @Test
    void aRunShowsInTheCurvesTabExportsItsReportAndAppearsInTheRunBrowser(FxRobot robot, @TempDir Path tmp)
            throws Exception {
        Path sample = FxTestSupport.repoRoot().resolve("samples").resolve("ppo-cartpole.json");
        Path runDir = tmp.resolve("runs").resolve("ppo-window");
        WindowRuns.open(vm, sample, Map.of("iterations", 4L), runDir);
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.run().getState().ended()));
        assertThat(fx(() -> vm.run().getState())).isEqualTo(RunState.COMPLETED);

        // Curves: the live run with every metric key it published.
        robot.clickOn("#curvesTab");
        CurvesViewModel curves = fx(() -> view.tabs().curves());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> curves.keys())).contains("charts/episodic_return", "losses/value_loss", "losses/entropy");
        assertThat(fx(() -> curves.sources().get(0).live())).isTrue();
        fx(() -> {
            curves.toggleChart("losses/value_loss");
            return null;
        });
        FxTestSupport.pulses(3);
        var shot = fx(() -> Snapshots.snapshot(view.tabs()));
        assertThat(Snapshots.countNonBackground(shot, 0.1)).isGreaterThan(5000);

        // Export (Ctrl+E, the Run menu's item): written off the UI thread, beside the run.
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.E)
                .release(javafx.scene.input.KeyCode.CONTROL);
        Path html = runDir.resolve("report.html");
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> java.nio.file.Files.isRegularFile(html)
                && java.nio.file.Files.isRegularFile(runDir.resolve("report.pdf")));
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.run().log().stream()
                .anyMatch(l -> l.contains("Report written") && l.contains("report.html"))));
        assertThat(java.nio.file.Files.readString(html)).contains("Run report: ppo-window", "charts/episodic_return");

        // The run browser lists it; opening it puts its curves beside the live ones.
        fx(() -> {
            view.tabs().runs().folderProperty().set(runDir.getParent());
            return null;
        });
        robot.clickOn("#runsTab");
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> view.tabs().runs().rows().size() == 1));
        fx(() -> {
            view.tabs().runs().selected().setAll(view.tabs().runs().rows());
            view.tabs().runs().openSelected();
            return null;
        });
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> curves.sources().size() == 2));
        assertThat(fx(() -> view.tabs().getSelectionModel().getSelectedIndex())).isEqualTo(1);
    }
}
