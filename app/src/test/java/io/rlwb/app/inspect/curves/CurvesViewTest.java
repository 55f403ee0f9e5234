package io.rlwb.app.inspect.curves;

import static io.rlwb.app.gui.palette.FxTestSupport.fx;
import static io.rlwb.app.gui.palette.FxTestSupport.fxRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.Snapshots;
import io.rlwb.app.ui.theme.Theme;
import io.rlwb.app.ui.theme.Themes;
import io.rlwb.app.viewmodel.inspect.CurvesViewModel;
import io.rlwb.engine.plot.Series;
import io.rlwb.engine.report.RunData;
import io.rlwb.engine.testkit.RunFixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
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

/** The curves view headless, from fixture run directories: charts drawn, zoom by keys, live data throttled. */
@ExtendWith(ApplicationExtension.class)
class CurvesViewTest {
    static {
        FxTestSupport.init();
    }

    @TempDir
    Path dir;

    private CurvesViewModel vm;
    private CurvesView view;
    private Scene scene;

    @Start
    void start(Stage stage) {
        vm = new CurvesViewModel(Runnable::run, Platform::runLater);
        view = new CurvesView(vm);
        scene = new Scene(view, 1200, 760);
        Themes.apply(scene, Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void twoPastRunsAreDrawnOverlaidInTwoChartsAndTheScreenshotHasBothRunsColours() throws Exception {
        RunData a = RunData.load(RunFixtures.write(dir.resolve("ppo-seed1"), 1, 120, false));
        RunData b = RunData.load(RunFixtures.write(dir.resolve("ppo-seed2"), 2, 120, false));
        fxRun(() -> {
            vm.addRun(a);
            vm.addRun(b);
            vm.toggleChart("losses/value_loss");
        });
        WaitForAsyncUtils.waitForFxEvents();
        FxTestSupport.pulses(3);
        assertThat(fx(() -> view.charts().size())).isEqualTo(2);
        CurveChart ret = fx(() -> view.charts().get(0));
        assertThat(fx(ret::paintCount)).isPositive();

        WritableImage img = fx(() -> Snapshots.snapshot(ret));
        PlotColors c = PlotColors.of(Theme.LIGHT);
        assertThat(Snapshots.countColour(img, c.series(0), 0.08)).as("run 1 curve pixels").isGreaterThan(300);
        assertThat(Snapshots.countColour(img, c.series(1), 0.08)).as("run 2 curve pixels").isGreaterThan(300);
        Path shot = FxTestSupport.screenshot(scene, "inspect-curves.png");
        assertThat(Snapshots.countNonBackground(shot, 0.1)).isGreaterThan(5000);

        // The dark theme: the chart repaints in the dark palette.
        fxRun(() -> Themes.apply(scene, Theme.DARK));
        FxTestSupport.pulses(3);
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage dark = fx(() -> Snapshots.snapshot(ret));
        PlotColors d = PlotColors.of(Theme.DARK);
        assertThat(Snapshots.countColour(dark, d.series(0), 0.08)).as("run 1 in the dark palette").isGreaterThan(300);
        assertThat(Snapshots.background(dark)).isEqualTo(d.background());
        FxTestSupport.screenshot(scene, "inspect-curves-dark.png");
    }

    @Test
    void keysZoomAndResetAChartAndTheHoverSaysTheValues() throws Exception {
        RunData a = RunData.load(RunFixtures.write(dir.resolve("r"), 3, 60, false));
        fxRun(() -> vm.addRun(a));
        WaitForAsyncUtils.waitForFxEvents();
        CurveChart chart = fx(() -> view.charts().get(0));
        FxRobot robot = new FxRobot();
        robot.clickOn(chart);
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.EQUALS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.viewport(chart.spec()).manual())).isTrue();
        robot.type(KeyCode.R);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.viewport(chart.spec()).manual())).isFalse();
        robot.type(KeyCode.L);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.logYProperty().get())).isTrue();
        robot.moveTo(chart).moveBy(30, 10);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> chart.hover().textProperty().get())).contains("charts/episodic_return").contains("step");
    }

    @Test
    void liveDataArrivingEveryMillisecondRepaintsAtMostOncePerFrame() throws Exception {
        Map<String, Series> live = new LinkedHashMap<>();
        Series s = new Series();
        s.add(0, 200);
        live.put("charts/episodic_return", s);
        fxRun(() -> vm.setLive("live", null, live));
        WaitForAsyncUtils.waitForFxEvents();
        CurveChart chart = fx(() -> view.charts().get(0));
        long frames0 = fx(() -> chart.throttle().frames());
        long paints0 = fx(chart::paintCount);
        for (int i = 0; i < 400; i++) {
            int k = i;
            Platform.runLater(() -> {
                for (int j = 0; j < 50; j++) s.add(k * 50 + j, Math.sin((k * 50 + j) / 300.0) * 100 + 200);
                vm.refresh();
            });
            if (i % 20 == 0) FxTestSupport.pulses(1); // let frames pass between bursts
        }
        WaitForAsyncUtils.waitForFxEvents();
        FxTestSupport.pulses(3);
        WaitForAsyncUtils.waitForFxEvents();
        long frames = fx(() -> chart.throttle().frames()) - frames0;
        long paints = fx(chart::paintCount) - paints0;
        assertThat(paints).as("paints (frames %d)", frames).isPositive().isLessThanOrEqualTo(frames + 1);
        assertThat(paints).isLessThan(400);
        assertThat(fx(s::size)).isEqualTo(20_001);
        WritableImage img = fx(() -> Snapshots.snapshot(chart));
        assertThat(Snapshots.countColour(img, PlotColors.of(Theme.LIGHT).series(0), 0.08)).isGreaterThan(300);
    }
}
