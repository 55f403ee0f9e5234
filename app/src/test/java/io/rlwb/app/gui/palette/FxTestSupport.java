package io.rlwb.app.gui.palette;

import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortKind;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortType;
import io.rlwb.engine.spi.PortTypes;
import io.rlwb.engine.testkit.HangGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Shared by the editor views' tests: the core node types plus a few made-up ones (a plugin category, a string
 * parameter, an optional input), running code on the FX thread, and saving screenshots ({@link #screenshotDir()}).
 */
public final class FxTestSupport {
    static {
        // Monocle's headless screen is 1280x800 unless told otherwise; the windows here stay within 1600x1000.
        if (System.getProperty("headless.geometry") == null) System.setProperty("headless.geometry", "1600x1000-32");
    }

    /** An attention-kernel port type, as a plugin would declare it. */
    public static final PortType KERNEL = new PortType("attention-kernel", PortKind.COMPONENT, "An attention kernel");

    private FxTestSupport() {}

    /** Makes sure the headless screen is large enough; call before the toolkit starts. */
    public static void init() {
        // The static initialiser does the work.
    }

    /** Core node types and the extra ones of {@link #extraTypes()}. */
    public static NodeRegistry registry() {
        return NodeRegistry.of(new CoreNodes(), new NodeProvider() {
            @Override public String name() { return "test-extras"; }

            @Override public String version() { return "1"; }

            @Override public List<NodeType> nodeTypes() { return extraTypes(); }
        });
    }

    /** A MiniCache kernel (category Attention), a tagged logger (Monitor, string and choice parameters). */
    public static List<NodeType> extraTypes() {
        NodeType kernel = NodeType.builder("llm/kv.minicache", 1).category("Attention").displayName("MiniCache KV kernel")
                .description("Attention with a compressed key-value cache that merges similar adjacent tokens.")
                .input(PortSpec.optionalIn("policy", PortTypes.POLICY, "The policy whose attention it serves"))
                .output(PortSpec.out("kernel", KERNEL, "The kernel"))
                .param(ParamSpec.ofFloat("merge_threshold", 0.9, 0.0, 1.0, "", "Cosine similarity above which tokens merge"))
                .param(ParamSpec.ofInt("budget", 4096, 16, null, "tokens", "Cache size"))
                .factory(ctx -> new NodeInstance() {}).build();
        NodeType logger = NodeType.builder("test/monitor.logger", 1).category("Monitor").displayName("Tagged logger")
                .description("Writes every metric to the console with a tag.")
                .input(PortSpec.optionalIn("batch", PortTypes.TRAJECTORIES, "Steps to summarise"))
                .param(ParamSpec.ofString("tag", "run", "Prefix of every line"))
                .param(ParamSpec.ofChoice("level", "info", List.of("debug", "info", "warn"), "How chatty"))
                .factory(ctx -> new NodeInstance() {}).build();
        return List.of(kernel, logger);
    }

    /** Runs {@code c} on the FX thread and waits for its result. */
    public static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(HangGuard.SECONDS, TimeUnit.SECONDS);
    }

    /** Runs {@code r} on the FX thread and waits. */
    public static void fxRun(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    /**
     * System property naming the folder that tests save screenshots into. Only the {@code screenshots} Maven
     * profile sets it (to docs/screenshots, see the README); a plain test run writes to a temporary folder.
     */
    public static final String SCREENSHOTS_PROPERTY = "workbench.screenshots";
    private static Path temporaryScreens;

    /**
     * Where screenshots go: the folder {@value #SCREENSHOTS_PROPERTY} names, else a temporary folder of this test
     * JVM, deleted when it exits. Tests never write into the repository.
     */
    public static synchronized Path screenshotDir() throws IOException {
        String p = System.getProperty(SCREENSHOTS_PROPERTY);
        if (p != null && !p.isBlank()) return Files.createDirectories(Path.of(p));
        if (temporaryScreens == null) {
            Path dir = Files.createTempDirectory("workbench-screenshots");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            temporaryScreens = dir;
        }
        return temporaryScreens;
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }

    /**
     * Waits for {@code n} frame pulses of the FX thread (charts repaint on a pulse, see RedrawThrottle), then for
     * the events they queued: what a test needs before it looks at pixels, instead of sleeping for a guess.
     */
    public static void pulses(int n) throws Exception {
        java.util.concurrent.CountDownLatch left = new java.util.concurrent.CountDownLatch(n);
        javafx.animation.AnimationTimer timer = new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                left.countDown();
            }
        };
        fxRun(timer::start);
        try {
            if (!left.await(HangGuard.SECONDS, TimeUnit.SECONDS)) throw new AssertionError("no frame pulses: hung");
        } finally {
            fxRun(timer::stop);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The repository root (surefire passes it as {@code workbench.repo}). */
    public static Path repoRoot() {
        String p = System.getProperty("workbench.repo");
        Path root = p != null && !p.isBlank() ? Path.of(p) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    /**
     * Saves a snapshot of {@code scene} with {@code popup} drawn where it is on the screen (a scene snapshot
     * leaves popups out) as {@code name} in {@link #screenshotDir()}.
     */
    public static Path screenshotWithPopup(Scene scene, javafx.stage.PopupWindow popup, String name) throws Exception {
        Path file = screenshotDir().resolve(name);
        Files.createDirectories(file.getParent());
        WaitForAsyncUtils.waitForFxEvents();
        java.awt.image.BufferedImage base = SwingFXUtils.fromFXImage(fx(() -> scene.snapshot(null)), null);
        javafx.scene.Node content = popup.getScene().getRoot().getChildrenUnmodifiable().get(0);
        javafx.scene.SnapshotParameters clear = new javafx.scene.SnapshotParameters();
        clear.setFill(javafx.scene.paint.Color.TRANSPARENT);
        java.awt.image.BufferedImage top = SwingFXUtils.fromFXImage(fx(() -> content.snapshot(clear, null)), null);
        double[] at = fx(() -> {
            javafx.geometry.Bounds b = content.localToScreen(content.getBoundsInLocal());
            return new double[] {b.getMinX() - scene.getWindow().getX() - scene.getX(),
                    b.getMinY() - scene.getWindow().getY() - scene.getY()};
        });
        java.awt.Graphics2D g = base.createGraphics();
        g.drawImage(top, (int) Math.round(at[0]), (int) Math.round(at[1]), null);
        g.dispose();
        ImageIO.write(base, "png", file.toFile());
        return file;
    }

    /** Saves a snapshot of {@code scene} as {@code name} in {@link #screenshotDir()}; returns the file. */
    public static Path screenshot(Scene scene, String name) throws Exception {
        Path file = screenshotDir().resolve(name);
        Files.createDirectories(file.getParent());
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage img = fx(() -> scene.snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
        return file;
    }
}
