package io.rlwb.app.ui.plot;

import static io.rlwb.app.gui.palette.FxTestSupport.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.ui.theme.Theme;
import io.rlwb.engine.plot.Scale;
import io.rlwb.engine.plot.Series;
import javafx.scene.Scene;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The shared plot toolkit: throttled repaints, the pixel layer, mark counting, theme colours. */
@ExtendWith(ApplicationExtension.class)
class PlotToolkitTest {
    static {
        FxTestSupport.init();
    }

    /** A chart that draws one decimated series through the toolkit. */
    static final class Probe extends PlotCanvas {
        final Series s = new Series();
        final RasterLayer layer = new RasterLayer();

        @Override
        protected void paint(GraphicsContext g, double w, double h, PlotColors c) {
            PlotFrame f = PlotFrame.STANDARD;
            Scale x = f.xScale(0, Math.max(1, s.lastX()), false, w);
            Scale y = f.yScale(-1.5, 1.5, false, h);
            f.drawAxes(g, w, h, x, y, c, "x", "y");
            layer.reset((int) w, (int) h);
            LinePainter.draw(layer, 0, 0, s.decimate(0, Math.max(1, s.lastX()), (int) f.plotWidth(w)), x, y,
                    c.series(0), 2, c.series(0, 0.4));
            g.drawImage(layer.image(), 0, 0);
        }
    }

    private Probe probe;

    @Start
    void start(Stage stage) {
        probe = new Probe();
        stage.setScene(new Scene(new StackPane(probe), 600, 300));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void manyRequestsInOneFrameCostOneRepaint() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        long before = fx(probe::paintCount);
        fx(() -> {
            for (int i = 0; i < 1000; i++) probe.requestRedraw();
            probe.throttle().pulse();
            probe.throttle().pulse(); // a frame with no request repaints nothing
            return null;
        });
        assertThat(fx(probe::paintCount)).isEqualTo(before + 1);
    }

    @Test
    void aSpikeOnePointWideStaysVisibleAmongOneHundredThousandPoints() throws Exception {
        fx(() -> {
            for (int i = 0; i < 100_000; i++) probe.s.add(i, i == 50_000 ? 1.4 : Math.sin(i / 5000.0) * 0.3);
            probe.drawNow();
            return null;
        });
        WritableImage img = fx(() -> Snapshots.snapshot(probe));
        Color line = PlotColors.of(Theme.LIGHT).series(0);
        assertThat(Snapshots.countColour(img, line, 0.1)).isGreaterThan(500);
        // The spike reaches the top region of the plot: some line-coloured pixel lies well above the sine.
        int topRows = 0;
        for (int y = 30; y < 80; y++) {
            for (int x = 0; x < (int) img.getWidth(); x++) {
                Color c = img.getPixelReader().getColor(x, y);
                if (Snapshots.distance(c, Color.WHITE) > 0.2 && c.getBlue() > c.getRed() + 0.2) topRows++;
            }
        }
        assertThat(topRows).as("pixels of the spike near the top").isPositive();
        assertThat(Snapshots.countNonBackground(img, 0.1)).isGreaterThan(Snapshots.countColour(img, line, 0.1));
    }

    @Test
    void darkThemeColoursDifferAndStayDistinct() {
        PlotColors light = PlotColors.of(Theme.LIGHT);
        PlotColors dark = PlotColors.of(Theme.DARK);
        assertThat(dark.background()).isNotEqualTo(light.background());
        assertThat(dark.series(0)).isNotEqualTo(light.series(0));
        assertThat(dark.series(8)).isEqualTo(dark.series(0));
        assertThat(Snapshots.distance(dark.series(0), dark.background())).isGreaterThan(0.3);
    }

    @Test
    void aTitleThatWouldRunIntoTheLegendGivesWayToAShorterOne() throws Exception {
        String[] chosen = fx(() -> {
            javafx.scene.canvas.GraphicsContext g = new javafx.scene.canvas.Canvas(800, 40).getGraphicsContext2D();
            String longTitle = "Parallel coordinates: each axis spans its objective's range over the run";
            double full = Legend.textWidth(longTitle, PlotFrame.LABEL_FONT);
            return new String[] {
                Legend.titleBefore(g, 8, 12, 8 + full + 40, javafx.scene.paint.Color.BLACK, longTitle, "Short"),
                Legend.titleBefore(g, 8, 12, 8 + full - 1, javafx.scene.paint.Color.BLACK, longTitle, "Short"),
                Legend.titleBefore(g, 8, 12, 20, javafx.scene.paint.Color.BLACK, longTitle, "Short")};
        });
        assertThat(chosen[0]).startsWith("Parallel coordinates");
        assertThat(chosen[1]).isEqualTo("Short");
        assertThat(chosen[2]).isNull();
    }
}
