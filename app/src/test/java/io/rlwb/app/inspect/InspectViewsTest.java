package io.rlwb.app.inspect;

import static io.rlwb.app.gui.palette.FxTestSupport.fx;
import static io.rlwb.app.gui.palette.FxTestSupport.fxRun;
import static io.rlwb.app.inspect.InspectFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.inspect.credit.CreditView;
import io.rlwb.app.inspect.credit.DivergingScale;
import io.rlwb.app.inspect.distribution.DistributionView;
import io.rlwb.app.inspect.kv.KvTokenMap;
import io.rlwb.app.inspect.kv.KvView;
import io.rlwb.app.inspect.pareto.ParetoView;
import io.rlwb.app.ui.plot.PlotCanvas;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.Snapshots;
import io.rlwb.app.ui.theme.Theme;
import io.rlwb.app.ui.theme.Themes;
import io.rlwb.app.viewmodel.inspect.CreditViewModel;
import io.rlwb.app.viewmodel.inspect.DistributionViewModel;
import io.rlwb.app.viewmodel.inspect.KvViewModel;
import io.rlwb.app.viewmodel.inspect.ParetoViewModel;
import io.rlwb.engine.telemetry.KvCacheSnapshot;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import io.rlwb.engine.telemetry.TelemetryFiles;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The four snapshot views headless from the committed fixtures: each screenshot (saved in FxTestSupport.screenshotDir()) must
 * contain the marks of its series colours, and the interactions (hover, select, keys) must work.
 */
@ExtendWith(ApplicationExtension.class)
class InspectViewsTest {
    static {
        FxTestSupport.init();
    }

    private Scene scene;
    private final StackPane root = new StackPane();
    private final PlotColors light = PlotColors.of(Theme.LIGHT);

    @Start
    void start(Stage stage) {
        scene = new Scene(root, 1280, 800);
        Themes.apply(scene, Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.cleanupStages();
    }

    private void show(Parent view) throws Exception {
        fxRun(() -> root.getChildren().setAll(view));
        frames();
    }

    private static void frames() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        FxTestSupport.pulses(3);
    }

    private static WritableImage shot(Node n) throws Exception {
        if (n instanceof PlotCanvas p) fxRun(p::drawNow);
        return fx(() -> Snapshots.snapshot(n));
    }

    /** The colour of {@code c} at {@code alpha} over {@code bg}. */
    private static Color over(Color c, double alpha, Color bg) {
        return bg.interpolate(c, alpha);
    }

    @Test
    void distributionViewDrawsTheC51BarsTheObservedReturnAndTheRidgesInBothThemes() throws Exception {
        DistributionViewModel vm = new DistributionViewModel();
        fxRun(() -> vm.set("c51", read(() -> TelemetryFiles.distributions(fixture("c51")))));
        DistributionView view = fx(() -> new DistributionView(vm));
        show(view);
        assertThat(fx(() -> view.emptyState().isVisible())).isFalse();
        WritableImage chart = shot(view.chart());
        assertThat(Snapshots.countColour(chart, over(light.series(0), 0.55, light.background()), 0.05))
                .as("categorical bars").isGreaterThan(2000);
        assertThat(Snapshots.countColour(chart, light.series(1), 0.05)).as("observed return line").isGreaterThan(200);
        WritableImage ridge = shot(view.ridge());
        assertThat(Snapshots.countColour(ridge, light.series(0), 0.08)).as("ridge outlines and means").isGreaterThan(800);
        assertThat(Snapshots.countColour(ridge, light.series(1), 0.05)).as("observed-return ticks").isGreaterThan(100);
        FxTestSupport.screenshot(scene, "inspect-distribution.png");

        fxRun(() -> Themes.apply(scene, Theme.DARK));
        frames();
        PlotColors dark = PlotColors.of(Theme.DARK);
        WritableImage dchart = shot(view.chart());
        assertThat(Snapshots.background(dchart)).isEqualTo(dark.background());
        assertThat(Snapshots.countColour(dchart, dark.series(1), 0.05)).as("observed return, dark").isGreaterThan(200);
        FxTestSupport.screenshot(scene, "inspect-distribution-dark.png");
    }

    @Test
    void quantileCriticIsDrawnAsAStepCdf() throws Exception {
        DistributionViewModel vm = new DistributionViewModel();
        fxRun(() -> vm.set("quantile", read(() -> TelemetryFiles.distributions(fixture("quantile")))));
        DistributionView view = fx(() -> new DistributionView(vm));
        show(view);
        assertThat(Snapshots.countColour(shot(view.chart()), light.series(0), 0.05)).as("CDF steps and dots")
                .isGreaterThan(1000);
        FxTestSupport.screenshot(scene, "inspect-distribution-quantile.png");
    }

    @Test
    void paretoScatterHighlightsTheFrontAndClickingAPointShowsItsHistory() throws Exception {
        ParetoViewModel vm = new ParetoViewModel();
        fxRun(() -> vm.set("dst", read(() -> TelemetryFiles.pareto(fixture("dst")))));
        ParetoView view = fx(() -> new ParetoView(vm));
        show(view);
        WritableImage img = shot(view.scatter());
        assertThat(Snapshots.countColour(img, light.series(0), 0.05)).as("front points and step line").isGreaterThan(800);
        assertThat(fx(() -> vm.hiddenFront())).as("two objectives: the pair's front is the front").doesNotContain(true);
        assertThat(Snapshots.countColour(img, over(light.muted(), 0.35, light.background()), 0.04))
                .as("faded dominated points").isGreaterThan(60);
        ParetoSnapshot.Point p = fx(() -> vm.points().stream().filter(q -> !q.dominated()).findFirst().orElseThrow());
        double[] px = fx(() -> view.scatter().pixelOf(p));
        FxRobot robot = new FxRobot();
        javafx.geometry.Point2D onScreen = fx(() -> view.scatter().canvas().localToScreen(px[0], px[1]));
        robot.moveTo(onScreen);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> view.scatter().hover().textProperty().get())).contains("policy " + p.policy())
                .contains("weights");
        robot.clickOn(onScreen);
        frames();
        assertThat(fx(() -> vm.selectedProperty().get())).isEqualTo(p.policy());
        assertThat(fx(() -> view.history().getItems().size())).isPositive();
        assertThat(fx(() -> view.details().getText())).contains("policy " + p.policy());
        assertThat(Snapshots.countColour(shot(view.scatter()), light.series(3), 0.05)).as("selection ring").isGreaterThan(40);
        robot.moveTo(view.history());
        FxTestSupport.screenshot(scene, "inspect-pareto.png");
    }

    @Test
    void parallelCoordinatesDrawThreeObjectivesAndMetricStrips() throws Exception {
        ParetoViewModel vm = new ParetoViewModel();
        fxRun(() -> vm.set("hopper3", read(() -> TelemetryFiles.pareto(fixture("hopper3")))));
        ParetoView view = fx(() -> new ParetoView(vm));
        show(view);
        // In the scatter of two of the three objectives, some front policies are hidden by others: rings, not faded.
        boolean[] hidden = fx(vm::hiddenFront);
        List<ParetoSnapshot.Point> pts = fx(vm::points);
        int rings = 0;
        for (int k = 0; k < hidden.length; k++) {
            if (!hidden[k]) continue;
            rings++;
            assertThat(pts.get(k).dominated()).as("a ring is on the full front").isFalse();
        }
        assertThat(rings).as("front policies hidden in the forward/height pair").isPositive();
        fxRun(() -> view.showParallel(true));
        frames();
        WritableImage img = shot(view.parallel());
        assertThat(Snapshots.countColour(img, over(light.series(0), 0.85, light.background()), 0.08))
                .as("front polylines").isGreaterThan(1000);
        assertThat(fx(() -> vm.objectives().size())).isEqualTo(3);
        // A click on a front policy's line, midway between two axes, selects it and shows its history.
        ParetoSnapshot.Point p = fx(() -> vm.points().stream().filter(q -> !q.dominated()).findFirst().orElseThrow());
        double[] a = fx(() -> view.parallel().pixelOf(p, 0));
        double[] b = fx(() -> view.parallel().pixelOf(p, 1));
        FxRobot robot = new FxRobot();
        javafx.geometry.Point2D onScreen = fx(() -> view.parallel().canvas().localToScreen(
                a[0] + 0.3 * (b[0] - a[0]), a[1] + 0.3 * (b[1] - a[1])));
        robot.moveTo(onScreen);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> view.parallel().hover().textProperty().get())).contains("policy ");
        robot.clickOn(onScreen);
        frames();
        String picked = fx(() -> vm.selectedProperty().get());
        assertThat(picked).as("a policy under the click").isNotNull();
        ParetoSnapshot.Point chosen = fx(() -> vm.selectedPoint());
        double[] ca = fx(() -> view.parallel().pixelOf(chosen, 0));
        double[] cb = fx(() -> view.parallel().pixelOf(chosen, 1));
        javafx.geometry.Point2D local = fx(() -> view.parallel().canvas().screenToLocal(onScreen));
        assertThat(distanceToSegment(local.getX(), local.getY(), ca, cb)).as("picked line passes the click")
                .isLessThan(6.5);
        assertThat(fx(() -> view.history().getItems().size())).isPositive();
        assertThat(Snapshots.countColour(shot(view.parallel()), light.series(3), 0.05)).as("highlighted line")
                .isGreaterThan(100);
        // A click far from every line (above the plot) clears the selection.
        robot.clickOn(fx(() -> view.parallel().canvas().localToScreen(a[0] + 0.5 * (b[0] - a[0]), 20)));
        frames();
        assertThat(fx(() -> vm.selectedProperty().get())).isNull();
        robot.clickOn(onScreen);
        frames();
        robot.moveTo(view.history());
        FxTestSupport.screenshot(scene, "inspect-pareto-parallel.png");
    }

    @Test
    void kvViewStacksLayersAgainstTheFullCacheAndMapsTokenStates() throws Exception {
        KvViewModel vm = new KvViewModel();
        fxRun(() -> vm.set("minicache", read(() -> TelemetryFiles.kvCache(fixture("minicache")))));
        KvView view = fx(() -> new KvView(vm));
        show(view);
        WritableImage mem = shot(view.memory());
        for (int l = 0; l < 4; l++) {
            assertThat(Snapshots.countColour(mem, over(light.series(l), 0.75, light.background()), 0.04))
                    .as("band of layer " + l).isGreaterThan(500);
        }
        WritableImage map = shot(view.tokens());
        assertThat(Snapshots.countColour(map, KvTokenMap.state(light, KvCacheSnapshot.RETAINED), 0.03)).isGreaterThan(500);
        assertThat(Snapshots.countColour(map, KvTokenMap.state(light, KvCacheSnapshot.MERGED), 0.03)).isGreaterThan(500);
        assertThat(Snapshots.countColour(map, KvTokenMap.state(light, KvCacheSnapshot.QUANTISED), 0.03)).isGreaterThan(500);
        FxTestSupport.screenshot(scene, "inspect-kv.png");
        fxRun(() -> Themes.apply(scene, Theme.DARK));
        frames();
        FxTestSupport.screenshot(scene, "inspect-kv-dark.png");
    }

    @Test
    void creditStepsFollowTheKeyboardCursorAndTokensAreColouredByAdvantage() throws Exception {
        CreditViewModel vm = new CreditViewModel();
        fxRun(() -> vm.set("credit", read(() -> TelemetryFiles.credit(fixture("credit")))));
        CreditView view = fx(() -> new CreditView(vm));
        show(view);
        WritableImage img = shot(view.chart());
        for (int k = 0; k < CreditViewModel.QUANTITIES.size(); k++) {
            assertThat(Snapshots.countColour(img, io.rlwb.app.inspect.credit.CreditChart.quantity(light, k), 0.06))
                    .as(CreditViewModel.QUANTITIES.get(k)).isGreaterThan(100);
        }
        FxRobot robot = new FxRobot();
        robot.clickOn(view.chart());
        frames();
        int at = fx(() -> vm.cursorProperty().get());
        robot.type(KeyCode.RIGHT, 3);
        robot.type(KeyCode.LEFT);
        frames();
        assertThat(fx(() -> vm.cursorProperty().get())).isEqualTo(at + 2);
        assertThat(fx(() -> view.table().getSelectionModel().getSelectedIndex())).isEqualTo(at + 2);
        assertThat(fx(() -> view.cursorText().getText())).startsWith("t = " + (at + 2));
        FxTestSupport.screenshot(scene, "inspect-credit.png");

        fxRun(() -> view.showTokens(true));
        frames();
        WritableImage tokens = fx(() -> Snapshots.snapshot(view.tokens()));
        assertThat(Snapshots.countColour(tokens, DivergingScale.BLUE, 0.25)).as("positive-advantage tokens").isGreaterThan(300);
        assertThat(Snapshots.countColour(tokens, DivergingScale.RED, 0.25)).as("negative-advantage tokens").isGreaterThan(300);
        WritableImage tree = shot(view.tree());
        assertThat(Snapshots.countColour(tree, DivergingScale.BLUE, 0.3)).as("tree nodes above the root").isGreaterThan(300);
        assertThat(Snapshots.countColour(tree, DivergingScale.RED, 0.3)).as("tree nodes below the root").isGreaterThan(300);
        FxTestSupport.screenshot(scene, "inspect-credit-tokens.png");
    }

    @Test
    void viewsWithoutDataShowWhatProducesIt() throws Exception {
        KvView view = fx(() -> new KvView(new KvViewModel()));
        show(view);
        assertThat(fx(() -> view.emptyState().isVisible())).isTrue();
        assertThat(fx(() -> view.emptyState().getText())).contains("plugin 'llm'");
        FxTestSupport.screenshot(scene, "inspect-empty.png");
    }

    private interface Io<T> {
        T get() throws Exception;
    }

    private static <T> T read(Io<T> io) {
        try {
            return io.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double distanceToSegment(double x, double y, double[] a, double[] b) {
        double dx = b[0] - a[0], dy = b[1] - a[1];
        double t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
        return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
    }
}
