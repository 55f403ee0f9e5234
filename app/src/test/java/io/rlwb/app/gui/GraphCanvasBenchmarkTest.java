package io.rlwb.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
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
 * The canvas benchmark of docs/benchmarks.md ("Graph canvas"): a generated graph of 500 nodes and 600 wires of the
 * core node types in a 1600x1000 canvas, panned and zoomed on every frame by an AnimationTimer for
 * {@value #FRAMES} frames at three zoom levels (the whole graph, 40% and 100%). The frame rate is frames over the
 * time between the first and the last pulse: JavaFX renders each pulse's canvas commands before the next pulse
 * starts, so a slow frame slows the pulses (JavaFX caps them at 60 per second). Headless tests render in
 * software (Monocle, prism.order=sw): a machine with a GPU pipeline draws faster. The result is printed as one
 * line per zoom level; {@code -Dworkbench.bench.minFps=N} makes it a check (default 30).
 */
@ExtendWith(ApplicationExtension.class)
class GraphCanvasBenchmarkTest {
    static final int FRAMES = Integer.getInteger("workbench.bench.frames", 180);
    private static final double MIN_FPS = Double.parseDouble(System.getProperty("workbench.bench.minFps", "30"));

    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private GraphViewModel vm;
    private GraphCanvasView canvas;

    @Start
    void start(Stage stage) {
        vm = new GraphViewModel(CompletableFuture.completedFuture(NodeRegistry.loadDefault()), background, Platform::runLater);
        canvas = new GraphCanvasView(vm);
        stage.setScene(new Scene(canvas, 1600, 1000));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        background.shutdownNow();
        FxToolkit.cleanupStages();
    }

    private record Result(String name, double fps, double drawMs, int drawnNodes, int drawnWires, int fullFrames) {}

    @Test
    void fiveHundredNodesPanAndZoomAtThirtyFramesPerSecondOrBetter() throws Exception {
        NodeRegistry reg = NodeRegistry.loadDefault();
        GraphDocument doc = LargeGraphs.generate(reg, 500, 600, 42);
        assertThat(doc.nodes()).hasSize(500);
        assertThat(doc.edges()).hasSize(600);
        WaitForAsyncUtils.asyncFx(() -> vm.show(doc, null, false)).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(WaitForAsyncUtils.asyncFx(() -> canvas.model().nodeCount()).get()).isEqualTo(500);

        List<Result> results = new ArrayList<>();
        List<Result> full = new ArrayList<>();
        Runnable whole = () -> canvas.fitToView();
        Runnable mid = () -> { canvas.viewport().set(0.4, -800, -600); canvas.redraw(); };
        Runnable near = () -> { canvas.viewport().set(1.0, -1500, -1200); canvas.redraw(); };
        results.add(run("whole graph", whole, false));
        results.add(run("zoom 40%", mid, false));
        results.add(run("zoom 100%", near, false));
        full.add(run("whole graph", whole, true));
        full.add(run("zoom 40%", mid, true));
        full.add(run("zoom 100%", near, true));
        for (Result r : results) print("pan/zoom", r);
        for (Result r : full) print("full redraw every frame", r);
        for (Result r : results) assertThat(r.fps).as(r.name + " frames per second").isGreaterThanOrEqualTo(MIN_FPS);
    }

    private static void print(String mode, Result r) {
        System.out.printf(Locale.ROOT, "graph canvas benchmark: 500 nodes, 600 wires, %-24s %-11s %6.1f fps, %d full frames"
                + " of %d (%5.2f ms each on the FX thread), up to %d cards and %d wires drawn%n", mode, r.name, r.fps,
                r.fullFrames, FRAMES, r.drawMs, r.drawnNodes, r.drawnWires);
    }

    /**
     * {@value #FRAMES} pulses of panning in a circle and zooming by +-15%; with {@code fullRedraw} every pulse also
     * draws a full frame (what a frame costs while the graph changes, such as during a drag).
     */
    private Result run(String name, Runnable setUp, boolean fullRedraw) throws Exception {
        WaitForAsyncUtils.asyncFx(setUp).get(10, TimeUnit.SECONDS);
        long[] firstLast = new long[2];
        double[] drawNs = new double[1];
        int[] counts = new int[3];
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> new AnimationTimer() {
            int frame;
            double s0 = canvas.viewport().scale();
            long startFrames;

            @Override
            public void handle(long now) {
                if (frame == 0) {
                    firstLast[0] = System.nanoTime();
                    startFrames = canvas.frameCount();
                }
                // Pan in a circle and breathe the zoom by +-15% around the level under test.
                double a = frame * 2 * Math.PI / 90;
                canvas.panBy(Math.cos(a) * 6, Math.sin(a) * 6);
                double target = s0 * (1 + Double.parseDouble(System.getProperty("bench.zoomAmp", "0.15")) * Math.sin(a));
                long t = System.nanoTime();
                canvas.zoomAt(800, 500, target / canvas.viewport().scale());
                if (fullRedraw) canvas.renderFrame();
                drawNs[0] += System.nanoTime() - t;
                counts[0] = Math.max(counts[0], canvas.drawnNodeCount());
                counts[1] = Math.max(counts[1], canvas.drawnWireCount());
                if (++frame == FRAMES) {
                    firstLast[1] = System.nanoTime();
                    counts[2] = (int) (canvas.frameCount() - startFrames);
                    stop();
                    done.countDown();
                }
            }
        }.start());
        assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
        double seconds = (firstLast[1] - firstLast[0]) / 1e9;
        return new Result(name, (FRAMES - 1) / seconds, fullRedraw ? drawNs[0] / FRAMES / 1e6 : Double.NaN, counts[0],
                counts[1], counts[2]);
    }
}
