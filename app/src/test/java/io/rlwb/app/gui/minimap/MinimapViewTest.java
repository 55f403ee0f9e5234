package io.rlwb.app.gui.minimap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.ui.graph.GraphStyle;
import io.rlwb.app.ui.theme.Theme;
import io.rlwb.app.ui.theme.Themes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.StackPane;
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
 * The minimap, headless: a click and a drag move the viewport through the callback; 500 nodes draw and ten redraw
 * requests in one pulse draw once. How long a draw takes is {@link MinimapBenchmark}'s business.
 */
@ExtendWith(ApplicationExtension.class)
class MinimapViewTest {
    static {
        FxTestSupport.init();
    }

    static final String[] CATEGORIES = {"Environment", "Policy", "Critic", "Data", "Estimator", "Loss",
        "Optimiser", "Trainer", "Monitor"};

    private final List<Point2D> moves = new CopyOnWriteArrayList<>();
    private volatile List<MinimapView.Box> boxes = List.of(
            new MinimapView.Box(0, 0, 100, 60, GraphStyle.categoryColor("Environment")),
            new MinimapView.Box(400, 300, 100, 60, GraphStyle.categoryColor("Trainer")));
    private MinimapView minimap;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        minimap = new MinimapView();
        minimap.setId("minimap");
        minimap.setBoxes(() -> boxes);
        minimap.setViewport(new Rectangle2D(0, 0, 300, 200));
        minimap.setOnViewportMove(moves::add);
        minimap.setMaxSize(240, 160);
        StackPane pane = new StackPane(minimap);
        pane.getStyleClass().add("graph-pane");
        StackPane.setAlignment(minimap, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(minimap, new Insets(14));
        Scene scene = new Scene(pane, 560, 360);
        Themes.apply(scene, Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    /** A 500-node graph laid out in layers, with a viewport over part of it. */
    static List<MinimapView.Box> bigGraph() {
        List<MinimapView.Box> l = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int layer = i / 20;
            int row = i % 20;
            l.add(new MinimapView.Box(layer * 300, row * 170 + (layer % 2) * 60, 220, 110,
                    GraphStyle.categoryColor(CATEGORIES[(layer + row) % CATEGORIES.length])));
        }
        return l;
    }

    @Test
    void aClickCentresTheViewportOnTheGraphPointClicked(FxRobot robot) throws Exception {
        // Everything spans (0,0)-(500,360): the middle of the map is the middle of that (inside the frame: a
        // click there centres too, on release).
        robot.clickOn(minimap);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(moves).hasSize(1);
        assertThat(moves.get(0).getX()).isCloseTo(250, within(6.0));
        assertThat(moves.get(0).getY()).isCloseTo(180, within(6.0));
        FxTestSupport.screenshot(stage.getScene(), "minimap-small-light.png");
    }

    @Test
    void draggingTheFrameMovesTheViewportWithThePointer(FxRobot robot) throws Exception {
        // Grab the frame (graph (150,100) is inside the viewport) and drag it 30 px right.
        Point2D grab = FxTestSupport.fx(() -> {
            Point2D local = graphToLocal(150, 100);
            return minimap.localToScreen(local);
        });
        robot.moveTo(grab).press(MouseButton.PRIMARY).moveBy(15, 0).moveBy(15, 0).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(moves).hasSizeGreaterThanOrEqualTo(2);
        Point2D last = moves.get(moves.size() - 1);
        double scale = FxTestSupport.fx(() -> minimap.toGraph(1, 0).getX() - minimap.toGraph(0, 0).getX());
        // The grab keeps its offset: the centre moves by the drag, it does not jump to the pointer.
        assertThat(last.getX()).isCloseTo(150 + 30 * scale, within(2 * scale + 1));
        assertThat(last.getY()).isCloseTo(100, within(2 * scale + 1));
    }

    private Point2D graphToLocal(double gx, double gy) {
        // Invert toGraph, which is linear.
        Point2D o = minimap.toGraph(0, 0);
        Point2D one = minimap.toGraph(1, 1);
        double sx = one.getX() - o.getX();
        double sy = one.getY() - o.getY();
        return new Point2D((gx - o.getX()) / sx, (gy - o.getY()) / sy);
    }

    @Test
    void fiveHundredNodesDrawAndRedrawsCoalesce() throws Exception {
        boxes = bigGraph();
        FxTestSupport.fxRun(() -> {
            minimap.setViewport(new Rectangle2D(1200, 900, 1600, 1000));
            minimap.redraw();
        });
        WaitForAsyncUtils.waitForFxEvents();
        int before = FxTestSupport.fx(minimap::drawCount);
        FxTestSupport.fxRun(() -> {
            for (int i = 0; i < 10; i++) minimap.redraw();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(FxTestSupport.fx(minimap::drawCount)).isEqualTo(before + 1);
        FxTestSupport.screenshot(stage.getScene(), "minimap-light.png");
        FxTestSupport.fxRun(() -> Themes.apply(stage.getScene(), Theme.DARK));
        FxTestSupport.screenshot(stage.getScene(), "theme-dark-minimap.png");
    }

    @Test
    void anEmptyGraphDrawsOnlyTheViewportAndAClickStillReports(FxRobot robot) throws Exception {
        boxes = List.of();
        FxTestSupport.fxRun(minimap::redraw);
        robot.clickOn(minimap);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(moves).hasSize(1);
        assertThat(moves.get(0).getX()).isCloseTo(150, within(6.0));
    }
}
