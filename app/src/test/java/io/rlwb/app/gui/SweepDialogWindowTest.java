package io.rlwb.app.gui;

import static io.rlwb.app.gui.palette.FxTestSupport.fx;
import static io.rlwb.app.gui.palette.FxTestSupport.fxRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.inspect.pareto.ParetoScatter;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.Snapshots;
import io.rlwb.app.ui.theme.Theme;
import io.rlwb.app.viewmodel.sweeps.SweepViewModel;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.sweep.SweepDirectory;
import io.rlwb.engine.sweep.SweepTable;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import io.rlwb.engine.testkit.HandMadeSweeps;
import io.rlwb.engine.testkit.HangGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.chart.ScatterChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
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
 * The sweep dialog on the PPO sample: vary the learning rate from the list of the graph's parameters, start two
 * trials in the background, watch the live table reach "completed", plot the return against the learning rate,
 * open a trial's run; and the Pareto tab on a finished sweep over reward weights. Headless; saves the screenshots
 * {@code sweep-dialog.png} and {@code sweep-pareto.png}.
 */
@ExtendWith(ApplicationExtension.class)
class SweepDialogWindowTest {
    static {
        FxTestSupport.init();
    }

    @TempDir
    static Path tmp;
    private SweepDialog dialog;
    private SweepViewModel model;
    private final List<Path> opened = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage ignored) throws Exception {
        GraphDocument doc = new GraphFile().read(FxTestSupport.repoRoot().resolve("samples").resolve("ppo-cartpole.json"));
        doc.node("eval").orElseThrow().params().put("every_steps", 512).put("episodes", 2);
        java.util.concurrent.Executor own = task -> {
            Thread t = new Thread(task, "sweep-test");
            t.setDaemon(true);
            t.start();
        };
        model = new SweepViewModel(doc, NodeRegistry.load(null), own, Platform::runLater);
        dialog = new SweepDialog(null, model, tmp.resolve("sweep"), 1024, opened::add);
        dialog.show();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @SuppressWarnings("unchecked")
    @Test
    void varyTheLearningRateRunTwoTrialsWatchThemAndPlotTheReturnAgainstIt() throws Exception {
        var scene = dialog.stage().getScene();
        fx(() -> {
            ListView<SweepViewModel.Candidate> candidates = (ListView<SweepViewModel.Candidate>) scene.lookup("#sweepCandidates");
            SweepViewModel.Candidate lr = candidates.getItems().stream().filter(c -> c.key().equals("adam.lr"))
                    .findFirst().orElseThrow();
            assertThat(lr.current()).isEqualTo("0.001");
            candidates.getSelectionModel().select(lr);
            // A value outside the parameter's range: the sweep validator's message, nothing starts.
            ((TextField) scene.lookup("#sweepValues")).setText("2");
            ((Button) scene.lookup("#sweepVary")).fire();
            ((Button) scene.lookup("#sweepStart")).fire();
            return null;
        });
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> !model.runningProperty().get()));
        assertThat(fx(() -> ((Label) scene.lookup("#sweepMessage")).getText()))
                .isEqualTo("adam.lr: grid value 2.0: parameter 'lr' = 2.0 is out of range [1.0E-7, 1]");
        assertThat(tmp.resolve("sweep")).doesNotExist();
        fx(() -> {
            ((TextField) scene.lookup("#sweepValues")).setText("0.00025, 0.001");
            ((Button) scene.lookup("#sweepVary")).fire();
            ((TextField) scene.lookup("#sweepSeeds")).setText("1");
            ((Spinner<Integer>) scene.lookup("#sweepParallel")).getValueFactory().setValue(2);
            ((Button) scene.lookup("#sweepStart")).fire();
            return null;
        });
        TableView<SweepTable.Row> table = fx(() -> (TableView<SweepTable.Row>) scene.lookup("#sweepTable"));
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> table.getItems().size() == 2));
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> !model.runningProperty().get()));
        assertThat(fx(() -> ((Label) scene.lookup("#sweepMessage")).getText())).startsWith("2 completed, 0 failed");
        assertThat(fx(() -> table.getItems().stream().map(SweepTable.Row::status).toList()))
                .containsExactly("completed", "completed");
        assertThat(fx(() -> table.getColumns().stream().map(c -> c.getText()).toList()))
                .contains("Trial", "Status", "adam.lr", "charts/episodic_return");
        assertThat(tmp.resolve("sweep").resolve(SweepDirectory.TABLE_FILE)).exists();
        assertThat(Files.readString(tmp.resolve("sweep").resolve(SweepDirectory.SWEEP_FILE))).contains("\"adam.lr\"");

        fx(() -> {
            ((ComboBox<String>) scene.lookup("#sweepPlotMetric")).setValue("charts/episodic_return");
            ((ComboBox<String>) scene.lookup("#sweepPlotParam")).setValue("adam.lr");
            ((Button) scene.lookup("#sweepPlot")).fire();
            return null;
        });
        ScatterChart<Number, Number> chart = fx(() -> (ScatterChart<Number, Number>) scene.lookup("#sweepChart"));
        assertThat(fx(() -> chart.getData().get(0).getData().stream().map(d -> d.getXValue().doubleValue()).toList()))
                .containsExactly(0.00025, 0.001);

        fx(() -> {
            table.getSelectionModel().select(1);
            ((Button) scene.lookup("#sweepOpenRun")).fire();
            return null;
        });
        assertThat(opened).containsExactly(SweepDirectory.trialDir(tmp.resolve("sweep"), "t0001"));
        FxTestSupport.pulses(3);
        FxTestScreens.save(table, "sweep-dialog.png");
    }

    /**
     * A sweep directory made elsewhere (its own graph.json with another learning rate, a grid over it, two seeds, a
     * budget) opened in the dialog: the left side shows that sweep, not the editor's graph and choices. Saves
     * {@code sweep-open.png}.
     */
    @SuppressWarnings("unchecked")
    @Test
    void anOpenedSweepShowsItsOwnGraphGridSeedsAndBudgetOnTheLeft() throws Exception {
        List<HandMadeSweeps.Trial> trials = List.of(
                new HandMadeSweeps.Trial("t0000", 3, java.util.Map.of("adam.lr", 0.00025), "completed",
                        java.util.Map.of("charts/episodic_return", 120.0)),
                new HandMadeSweeps.Trial("t0001", 3, java.util.Map.of("adam.lr", 0.001), "completed",
                        java.util.Map.of("charts/episodic_return", 180.0)),
                new HandMadeSweeps.Trial("t0002", 4, java.util.Map.of("adam.lr", 0.00025), "completed",
                        java.util.Map.of("charts/episodic_return", 110.0)),
                new HandMadeSweeps.Trial("t0003", 4, java.util.Map.of("adam.lr", 0.001), "running", java.util.Map.of()));
        Path dir = HandMadeSweeps.write(tmp.resolve("made-elsewhere"), "made-elsewhere", trials);
        GraphDocument theirs = new GraphFile().read(FxTestSupport.repoRoot().resolve("samples").resolve("ppo-cartpole.json"));
        theirs.node("adam").orElseThrow().params().put("lr", 0.0005);
        GraphFile.write(theirs, dir.resolve(SweepDirectory.GRAPH_FILE));
        Files.writeString(dir.resolve(SweepDirectory.SWEEP_FILE), """
                {"format": "workbench-sweep", "version": 1, "name": "made-elsewhere", "graph": "ppo-cartpole.json",
                 "grid": {"adam.lr": [0.00025, 0.001]}, "seeds": [3, 4], "budget": {"env_steps": 2048}}
                """);
        var scene = dialog.stage().getScene();
        fx(() -> model.open(dir));
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> model.rows().size() == 4));
        FxTestSupport.pulses(3);
        assertThat(fx(() -> ((ListView<SweepViewModel.Varied>) scene.lookup("#sweepVaried")).getItems().stream()
                .map(Object::toString).toList())).containsExactly("adam.lr: 2.5E-4, 0.001");
        assertThat(fx(() -> ((ListView<SweepViewModel.Candidate>) scene.lookup("#sweepCandidates")).getItems().stream()
                .filter(c -> c.key().equals("adam.lr")).findFirst().orElseThrow().current())).isEqualTo("5e-4");
        assertThat(fx(() -> ((TextField) scene.lookup("#sweepSeeds")).getText())).isEqualTo("3, 4");
        assertThat(fx(() -> ((TextField) scene.lookup("#sweepBudget")).getText())).isEqualTo("2048");
        assertThat(fx(() -> ((Label) scene.lookup("#sweepMessage")).getText())).isEqualTo("4 trials read from " + dir);
        FxTestSupport.screenshot(scene, "sweep-open.png");
    }

    /**
     * A finished sweep over reward weights (written by hand) opened in the dialog: the Pareto tab takes the two
     * reward-head means, draws every completed trial (front points in the front colour, dominated ones faded), names
     * the front, tells a trial and its weight on hover, selects it in the table on a click, opens its run on a double
     * click, and takes in a trial that finishes afterwards. Saves {@code sweep-pareto.png}.
     */
    @SuppressWarnings("unchecked")
    @Test
    void theParetoTabOfAFinishedSweepShowsItsTrialsAndItsFront() throws Exception {
        Path dir = HandMadeSweeps.write(tmp.resolve("pareto-sweep"), "weights", HandMadeSweeps.rewardWeights());
        var scene = dialog.stage().getScene();
        fx(() -> {
            dialog.showFront();
            return model.open(dir);
        });
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> model.rows().size() == 9));
        FxTestSupport.pulses(3);
        ParetoScatter scatter = fx(() -> (ParetoScatter) scene.lookup("#sweepParetoScatter"));
        assertThat(fx(() -> scatter.isVisible() && scatter.getWidth() > 200 && scatter.getHeight() > 150)).isTrue();
        assertThat(fx(() -> ((ListView<String>) scene.lookup("#sweepParetoObjectives")).getSelectionModel()
                .getSelectedItems().stream().toList())).containsExactly(HandMadeSweeps.HELPFUL, HandMadeSweeps.SHORT);
        assertThat(fx(() -> ((Label) scene.lookup("#sweepFrontSummary")).getText()))
                .isEqualTo("4 of 6 completed trials on the front: t1, t2, t3, t5");
        assertThat(fx(() -> ((TableView<?>) scene.lookup("#sweepTable")).getColumns().stream().map(c -> c.getText())
                .toList())).contains("combiner.w", HandMadeSweeps.HELPFUL);

        PlotColors light = PlotColors.of(Theme.LIGHT);
        fxRun(scatter::drawNow);
        WritableImage img = fx(() -> Snapshots.snapshot(scatter));
        List<ParetoSnapshot.Point> pts = fx(() -> model.pareto().points());
        assertThat(pts).extracting(ParetoSnapshot.Point::policy).containsExactly("t1", "t2", "t3", "t4", "t5", "t6");
        for (ParetoSnapshot.Point p : pts) {
            double[] px = fx(() -> scatter.pixelOf(p));
            Color at = img.getPixelReader().getColor((int) Math.round(px[0]), (int) Math.round(px[1]));
            Color want = p.dominated() ? light.background().interpolate(light.muted(), 0.35) : ParetoScatter.front(light);
            assertThat(Snapshots.distance(at, want)).as("trial %s drawn at %s", p.policy(), java.util.Arrays.toString(px))
                    .isLessThan(0.08);
        }

        ParetoSnapshot.Point t3 = pts.get(2);
        double[] px = fx(() -> scatter.pixelOf(t3));
        javafx.geometry.Point2D onScreen = fx(() -> scatter.canvas().localToScreen(px[0], px[1]));
        FxRobot robot = new FxRobot();
        robot.moveTo(onScreen);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> scatter.hover().textProperty().get())).startsWith("trial t3 (seed 1)")
                .contains("combiner.w = 0.2").endsWith("on the front");
        robot.clickOn(onScreen);
        WaitForAsyncUtils.waitForFxEvents();
        TableView<SweepTable.Row> table = fx(() -> (TableView<SweepTable.Row>) scene.lookup("#sweepTable"));
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem().id())).isEqualTo("t3");
        robot.doubleClickOn(onScreen);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(opened).containsExactly(SweepDirectory.trialDir(dir, "t3"));
        FxTestSupport.screenshot(scene, "sweep-pareto.png");

        // A trial finishing later: on the next paint it is a point, and the only one on the front.
        fx(() -> {
            SweepTable.Row pending = model.rows().get(8);
            model.rows().set(8, new SweepTable.Row("t9", 1, pending.params(), "completed", 1,
                    java.util.Map.of(HandMadeSweeps.HELPFUL, 5.0, HandMadeSweeps.SHORT, 5.0), 64, 0.5, null, "here",
                    pending.runDir()));
            return null;
        });
        fxRun(scatter::drawNow);
        assertThat(fx(() -> ((Label) scene.lookup("#sweepFrontSummary")).getText()))
                .isEqualTo("1 of 7 completed trials on the front: t9");
        ParetoSnapshot.Point t9 = fx(() -> model.pareto().points().get(6));
        assertThat(fx(() -> scatter.pointAt(scatter.pixelOf(t9)[0], scatter.pixelOf(t9)[1]).policy())).isEqualTo("t9");

        // A third objective picked in the list: the front is on all three (t9 has no grpo/loss, t5 loses to t2 on it).
        fx(() -> {
            ((ListView<String>) scene.lookup("#sweepParetoObjectives")).getSelectionModel().select("grpo/loss");
            return null;
        });
        assertThat(fx(() -> List.copyOf(model.objectives())))
                .containsExactly(HandMadeSweeps.HELPFUL, HandMadeSweeps.SHORT, "grpo/loss");
        assertThat(fx(() -> ((Label) scene.lookup("#sweepFrontSummary")).getText()))
                .isEqualTo("3 of 6 completed trials on the front: t1, t2, t3");
    }
}
