package io.rlwb.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.viewmodel.GraphViewModel;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * {@link CanvasBenchmark} headless (Monocle, software rendering): a 500-node, 600-wire graph loads and renders
 * frames while panning and zooming; prints the frame rates. A benchmark, not a test: only the {@code bench}
 * profile runs it ({@code ./mvnw -B -pl app test -Pbench}, docs/benchmarks.md). The rate is checked only when
 * {@code -Dworkbench.bench.minFps=N} is given.
 */
@ExtendWith(ApplicationExtension.class)
class GraphCanvasFrameRateBenchmark {
    private static final int FRAMES = Integer.getInteger("workbench.bench.frames", 180);
    /** Frame-rate floor, checked only when asked for (tests never judge wall-clock time; benchmarks report it). */
    private static final String MIN_FPS = System.getProperty("workbench.bench.minFps");

    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private final NodeRegistry reg = NodeRegistry.load(null);
    private GraphViewModel vm;
    private GraphCanvasView canvas;

    @Start
    void start(Stage stage) {
        vm = new GraphViewModel(CompletableFuture.completedFuture(reg), background, Platform::runLater);
        canvas = new GraphCanvasView(vm);
        stage.setScene(new Scene(canvas, 1600, 1000));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        background.shutdownNow();
        FxToolkit.cleanupStages();
    }

    @Test
    void fiveHundredNodesPanAndZoomAtThirtyFramesPerSecondOrBetter() throws Exception {
        GraphDocument doc = CanvasBenchmark.graph(reg, 500, 600);
        assertThat(doc.nodes()).hasSize(500);
        assertThat(doc.edges()).hasSize(600);
        WaitForAsyncUtils.asyncFx(() -> vm.show(doc, null, false)).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(WaitForAsyncUtils.asyncFx(() -> canvas.model().nodeCount()).get()).isEqualTo(500);

        List<CanvasBenchmark.Result> results = CanvasBenchmark.measure(canvas, FRAMES);
        results.forEach(r -> System.out.println("graph canvas benchmark (headless, software): " + r));
        assertThat(results).filteredOn(r -> r.mode().equals("pan/zoom")).hasSize(3)
                .allSatisfy(r -> assertThat(r.fps()).as(r.zoom()).isPositive());
        if (MIN_FPS != null) {
            assertThat(results).filteredOn(r -> r.mode().equals("pan/zoom"))
                    .allSatisfy(r -> assertThat(r.fps()).as(r.zoom()).isGreaterThanOrEqualTo(Double.parseDouble(MIN_FPS)));
        }
    }
}
