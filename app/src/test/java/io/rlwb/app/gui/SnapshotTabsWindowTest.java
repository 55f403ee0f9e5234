package io.rlwb.app.gui;

import static io.rlwb.app.gui.palette.FxTestSupport.fx;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.inspect.pareto.ParetoView;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.Snapshots;
import io.rlwb.app.viewmodel.RunState;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import io.rlwb.app.viewmodel.inspect.InspectModels;
import io.rlwb.engine.testkit.HangGuard;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
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
 * As a new user would: run the PPO sample from the window and open the snapshot tabs while it runs: the credit
 * and value-distribution tabs fill from the live run (the core GAE node publishes them), the Pareto and KV tabs
 * say which plugin produces their data; afterwards the run's folder reopens with the same snapshots. Headless.
 */
@ExtendWith(ApplicationExtension.class)
class SnapshotTabsWindowTest {
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
    void thePpoSampleFillsTheCreditAndDistributionTabsLiveAndTheOthersNameTheirPlugin(FxRobot robot, @TempDir Path tmp)
            throws Exception {
        Path sample = FxTestSupport.repoRoot().resolve("samples").resolve("ppo-cartpole.json");
        Path runDir = tmp.resolve("runs").resolve("ppo-inspect");
        // 20 iterations: the credit tab publishes at most one episode per 10 iterations (telemetry_every), and
        // whether the second lands by iteration 12 depends on the random streams (ADR 0020 changed them)
        WindowRuns.open(vm, sample, Map.of("iterations", 20L), runDir);
        robot.clickOn("#runButton");
        robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT7).release(KeyCode.DIGIT7, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.run().getState().ended()));
        assertThat(fx(() -> vm.run().getState())).isEqualTo(RunState.COMPLETED);
        FxTestSupport.pulses(3);

        InspectModels m = fx(() -> view.tabs().snapshots());
        assertThat(fx(() -> view.tabs().getSelectionModel().getSelectedItem().getId())).isEqualTo("creditTab");
        int episodes = fx(() -> m.credit().episodes().size());
        assertThat(episodes).isGreaterThanOrEqualTo(2);
        assertThat(fx(() -> m.credit().sourceProperty().get())).endsWith("(live)");
        var credit = fx(() -> Snapshots.snapshot(view.tabs()));
        PlotColors c = PlotColors.of(io.rlwb.app.ui.theme.Theme.LIGHT);
        assertThat(Snapshots.countColour(credit, c.series(0), 0.06)).as("value line").isGreaterThan(200);
        FxTestScreens.save(view, "inspect-live-credit.png");

        robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.SHORTCUT);
        FxTestSupport.pulses(3);
        assertThat(fx(() -> m.distribution().probes())).containsExactly("reset 0", "reset 1", "reset 2");
        assertThat(fx(() -> m.distribution().snapshots().size())).isEqualTo(2);
        assertThat(fx(() -> m.distribution().shownProbe().kind())).isEqualTo("scalar");
        FxTestScreens.save(view, "inspect-live-distribution.png");

        robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        ParetoView pareto = (ParetoView) fx(() -> view.tabs().getSelectionModel().getSelectedItem().getContent());
        assertThat(fx(() -> pareto.emptyState().isVisible())).isTrue();
        assertThat(fx(() -> pareto.emptyState().getText())).contains("plugin 'morl'");

        // The finished run's folder holds the same snapshots.
        fx(() -> m.open(runDir, Runnable::run, Runnable::run)).get(HangGuard.SECONDS, TimeUnit.SECONDS);
        assertThat(fx(() -> m.credit().episodes().size())).isEqualTo(episodes);
        assertThat(fx(() -> m.credit().sourceProperty().get())).isEqualTo("ppo-inspect");
        assertThat(fx(() -> m.distribution().snapshots().size())).isEqualTo(2);
    }
}
