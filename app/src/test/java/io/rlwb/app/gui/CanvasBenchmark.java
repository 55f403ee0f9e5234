package io.rlwb.app.gui;

import io.rlwb.app.viewmodel.GraphViewModel;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The graph canvas benchmark (docs/benchmarks.md, "Graph canvas"): a generated graph of 500 nodes and 600 wires
 * of the core node types in a 1600x1000 canvas, panned in a circle and zoomed by +-15% on every pulse of an
 * AnimationTimer, at three zoom levels (the whole graph, 40%, 100%). The frame rate is frames over the time
 * between the first and the last pulse: JavaFX finishes rendering a pulse before it starts the next, so slow
 * frames slow the pulses (which JavaFX caps at 60 per second). A second pass also draws a full frame on every
 * pulse, which is what a frame costs while the graph itself changes (a drag).
 *
 * <p>Run by {@code GraphCanvasFrameRateBenchmark} (headless, software rendering; {@code -Pbench}) and stand-alone with {@link #main}
 * on a display, so that a hardware pipeline can be measured too (see docs/benchmarks.md for the command).
 */
public final class CanvasBenchmark {
    /** One measurement. */
    public record Result(String mode, String zoom, double fps, int fullFrames, int frames, double drawMs, int cards,
                         int wires) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-10s %-11s %6.1f fps  (%3d full frames of %d%s; up to %d cards, %d wires drawn)",
                    mode, zoom, fps, fullFrames, frames,
                    Double.isNaN(drawMs) ? "" : String.format(Locale.ROOT, ", %.2f ms each on the FX thread", drawMs),
                    cards, wires);
        }
    }

    private CanvasBenchmark() {}

    /** The benchmark's graph. */
    public static GraphDocument graph(NodeRegistry reg, int nodes, int wires) {
        return LargeGraphs.generate(reg, nodes, wires, 42);
    }

    /** Measures pan/zoom and full-redraw frame rates at three zoom levels. Call off the FX thread. */
    public static List<Result> measure(GraphCanvasView canvas, int frames) throws InterruptedException {
        List<Result> out = new ArrayList<>();
        Runnable whole = canvas::fitToView;
        Runnable mid = () -> { canvas.viewport().set(0.4, -800, -600); canvas.redraw(); };
        Runnable near = () -> { canvas.viewport().set(1.0, -1500, -1200); canvas.redraw(); };
        for (boolean full : new boolean[] {false, true}) {
            out.add(run(canvas, "whole graph", whole, full, frames));
            out.add(run(canvas, "zoom 40%", mid, full, frames));
            out.add(run(canvas, "zoom 100%", near, full, frames));
        }
        return out;
    }

    private static Result run(GraphCanvasView canvas, String name, Runnable setUp, boolean fullRedraw, int frames)
            throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(1);
        Platform.runLater(() -> {
            setUp.run();
            canvas.renderFrame();
            ready.countDown();
        });
        ready.await(10, TimeUnit.SECONDS);
        Thread.sleep(300);
        long[] times = new long[2];
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
                    times[0] = System.nanoTime();
                    startFrames = canvas.frameCount();
                }
                double a = frame * 2 * Math.PI / 90;
                canvas.panBy(Math.cos(a) * 6, Math.sin(a) * 6);
                double target = s0 * (1 + 0.15 * Math.sin(a));
                long t = System.nanoTime();
                canvas.zoomAt(800, 500, target / canvas.viewport().scale());
                if (fullRedraw) canvas.renderFrame();
                drawNs[0] += System.nanoTime() - t;
                counts[0] = Math.max(counts[0], canvas.drawnNodeCount());
                counts[1] = Math.max(counts[1], canvas.drawnWireCount());
                if (++frame == frames) {
                    times[1] = System.nanoTime();
                    counts[2] = (int) (canvas.frameCount() - startFrames);
                    stop();
                    done.countDown();
                }
            }
        }.start());
        if (!done.await(300, TimeUnit.SECONDS)) throw new IllegalStateException("benchmark did not finish");
        double seconds = (times[1] - times[0]) / 1e9;
        return new Result(fullRedraw ? "redraw" : "pan/zoom", name, (frames - 1) / seconds, counts[2], frames,
                fullRedraw ? drawNs[0] / frames / 1e6 : Double.NaN, counts[0], counts[1]);
    }

    /** Stand-alone: {@code java -cp ... io.rlwb.app.gui.CanvasBenchmark [frames]} on a display. */
    public static void main(String[] args) {
        App.frames = args.length > 0 ? Integer.parseInt(args[0]) : 180;
        Application.launch(App.class);
    }

    /** The stand-alone window. */
    public static final class App extends Application {
        static int frames;

        @Override
        public void start(Stage stage) {
            NodeRegistry reg = NodeRegistry.load(null);
            GraphViewModel vm = new GraphViewModel(CompletableFuture.completedFuture(reg), Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            }), Platform::runLater);
            GraphCanvasView canvas = new GraphCanvasView(vm);
            stage.setScene(new Scene(canvas, 1600, 1000));
            stage.show();
            vm.show(graph(reg, 500, 600), null, false);
            Thread t = new Thread(() -> {
                try {
                    System.out.println("prism pipeline: " + com.sun.prism.GraphicsPipeline.getPipeline().getClass().getSimpleName());
                } catch (Throwable e) {
                    System.out.println("prism pipeline: unknown");
                }
                try {
                    for (Result r : measure(canvas, frames)) System.out.println("graph canvas benchmark: " + r);
                } catch (Exception e) {
                    e.printStackTrace();
                }
                Platform.exit();
            });
            t.setDaemon(true);
            t.start();
        }
    }
}
