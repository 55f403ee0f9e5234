package io.rlwb.app.gui.minimap;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * How long the minimap takes to draw a 500-node graph (headless, software rendering). A benchmark, not a test:
 * only the {@code bench} profile runs it ({@code ./mvnw -B -pl app test -Pbench}, docs/benchmarks.md), and it
 * prints the time instead of judging it.
 */
@ExtendWith(ApplicationExtension.class)
class MinimapBenchmark {
    static {
        FxTestSupport.init();
    }

    private static final int DRAWS = Integer.getInteger("workbench.bench.draws", 200);
    private MinimapView minimap;

    @Start
    void start(Stage stage) {
        minimap = new MinimapView();
        minimap.setBoxes(MinimapViewTest::bigGraph);
        minimap.setViewport(new Rectangle2D(1200, 900, 1600, 1000));
        minimap.setMaxSize(240, 160);
        stage.setScene(new Scene(new StackPane(minimap), 560, 360));
        stage.show();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void fiveHundredNodes() throws Exception {
        double msPerDraw = FxTestSupport.fx(() -> {
            for (int i = 0; i < 20; i++) { minimap.redraw(); minimap.layout(); } // warm up
            long t0 = System.nanoTime();
            for (int i = 0; i < DRAWS; i++) {
                minimap.redraw();
                minimap.layout();
            }
            return (System.nanoTime() - t0) / 1e6 / DRAWS;
        });
        assertThat(FxTestSupport.fx(minimap::drawCount)).as("every redraw drew").isGreaterThanOrEqualTo(DRAWS);
        System.out.printf("minimap benchmark (headless, software): %.3f ms per draw of 500 nodes%n", msPerDraw);
    }
}
