package io.rlwb.app.gui;

import static io.rlwb.app.gui.palette.FxTestSupport.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.inspect.kv.KvMemoryChart;
import io.rlwb.app.inspect.kv.KvView;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.Snapshots;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import io.rlwb.app.viewmodel.inspect.KvViewModel;
import io.rlwb.engine.telemetry.KvCacheSnapshot;
import io.rlwb.engine.testkit.HangGuard;
import java.nio.file.Files;
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
 * As a user would: open the KIVI 4-bit sample of plugin llm, open the KV-cache tab, run it from the window (a
 * short supervised start, then the decode node measures the kernel), and see the kernel's snapshots arrive from
 * the live run and drawn: the stacked memory bands of both layers and the token map. Headless.
 */
@ExtendWith(ApplicationExtension.class)
class KvTabWindowTest {
    static {
        FxTestSupport.init();
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

    /** The kv-kivi-4bit sample with a short supervised start (4 examples a step) and 6 decoded prompts. */
    private static Path shortKiviSample(Path tmp) throws Exception {
        return WindowRuns.shortSample(tmp, "kv-kivi-4bit", (id, p) -> {
            switch (id) {
                case "sft" -> p.put("batch_size", 4).put("eval_prompts", 2).put("warmup_steps", 1);
                case "decode" -> p.put("prompts", 6);
                default -> { }
            }
        });
    }

    @Test
    void theKvTabDrawsTheKernelsSnapshotsFromALiveRun(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path runDir = tmp.resolve("runs").resolve("kv-live");
        WindowRuns.open(vm, shortKiviSample(tmp), Map.of("env_steps", 8L), runDir);
        KvView kv = WindowRuns.selectTab(robot, view, KeyCode.DIGIT6, "kvTab", KvView.class);
        KvViewModel m = fx(kv::viewModel);
        assertThat(fx(() -> kv.emptyState().isVisible())).isTrue();

        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> !m.snapshots().isEmpty()));
        assertThat(fx(() -> m.sourceProperty().get())).endsWith("(live)");
        WindowRuns.awaitCompleted(vm);

        // 6 prompts of 5 decode steps (<sep>, a 2-letter key, 2 answer digits: the value follows its key), each
        // with both layers
        assertThat(fx(() -> m.snapshots().size())).isEqualTo(30);
        assertThat(fx(() -> m.layers())).isEqualTo(2);
        KvCacheSnapshot last = fx(m::shown);
        assertThat(last.kernel()).isEqualTo("kivi-4bit");
        assertThat(last.bytesFull()).isGreaterThan(last.bytes());
        assertThat(fx(() -> kv.emptyState().isVisible())).isFalse();
        assertThat(fx(() -> m.stateCounts()[KvCacheSnapshot.QUANTISED])).isPositive();

        PlotColors c = PlotColors.of(io.rlwb.app.ui.theme.Theme.LIGHT);
        var memory = fx(() -> Snapshots.snapshot(kv.memory()));
        assertThat(Snapshots.countColour(memory, KvMemoryChart.layer(c, 0), 0.06)).as("layer 0 band").isGreaterThan(500);
        assertThat(Snapshots.countColour(memory, KvMemoryChart.layer(c, 1), 0.06)).as("layer 1 band").isGreaterThan(500);
        var tokens = fx(() -> Snapshots.snapshot(kv.tokens()));
        assertThat(Snapshots.countNonBackground(tokens, 0.1)).as("token map").isGreaterThan(1000);
        FxTestScreens.save(view, "inspect-live-kv.png");
        assertThat(Files.exists(runDir.resolve("telemetry").resolve("kv.jsonl"))).isTrue();
    }
}
