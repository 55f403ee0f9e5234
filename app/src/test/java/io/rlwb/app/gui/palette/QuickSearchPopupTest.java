package io.rlwb.app.gui.palette;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.theme.Theme;
import io.rlwb.app.gui.theme.Themes;
import io.rlwb.engine.spi.NodeType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
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

/** The canvas's quick search, headless: type, Enter adds; Esc closes; a dropped wire offers compatible types. */
@ExtendWith(ApplicationExtension.class)
class QuickSearchPopupTest {
    static {
        FxTestSupport.init();
    }

    private final PaletteViewModel palette = PaletteViewModel.of(FxTestSupport.registry());
    private final List<NodeType> chosen = new CopyOnWriteArrayList<>();
    private QuickSearchPopup popup;
    private StackPane canvas;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        canvas = new StackPane(new Label("canvas"));
        canvas.getStyleClass().add("graph-canvas");
        Scene scene = new Scene(canvas, 760, 560);
        Themes.apply(scene, Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
        popup = new QuickSearchPopup();
    }

    @AfterEach
    void close() throws Exception {
        FxTestSupport.fxRun(() -> popup.hide());
        FxToolkit.cleanupStages();
    }

    private void open(List<NodeType> candidates, String title) throws Exception {
        FxTestSupport.fxRun(() -> {
            Point2D at = canvas.localToScreen(180, 70);
            popup.show(canvas, at.getX(), at.getY(), candidates, chosen::add, title);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(popup.isShowing()).isTrue();
    }

    @Test
    void typingThenEnterAddsTheBestMatchAndCloses(FxRobot robot) throws Exception {
        open(palette.types(), "");
        FxTestSupport.screenshotWithPopup(stage.getScene(), popup.popup(), "palette-quick-search-light.png");
        robot.write("ppo tr");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(popup.searchField().getText()).isEqualTo("ppo tr");
        assertThat(popup.viewModel().matches().get(0).id()).isEqualTo("core/trainer.ppo");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chosen).extracting(NodeType::id).containsExactly("core/trainer.ppo");
        assertThat(popup.isShowing()).isFalse();
    }

    @Test
    void escClosesWithoutChoosing(FxRobot robot) throws Exception {
        open(palette.types(), "");
        robot.write("adam");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(popup.isShowing()).isFalse();
        assertThat(chosen).isEmpty();
        // Shown again, it starts afresh.
        open(palette.types(), "");
        assertThat(popup.searchField().getText()).isEmpty();
    }

    @Test
    void aWireDroppedInEmptySpaceOffersOnlyCompatibleTypes(FxRobot robot) throws Exception {
        List<NodeType> fits = palette.compatibleTypes("policy", PortDirection.OUTPUT);
        open(fits, "Connect policy.policy to\u2026");
        assertThat(popup.viewModel().matches()).containsExactlyElementsOf(fits);
        FxTestSupport.screenshotWithPopup(stage.getScene(), popup.popup(), "palette-quick-search-wire.png");
        robot.type(KeyCode.DOWN);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chosen).containsExactly(fits.get(1));
    }

    @Test
    void theDarkThemeReachesThePopup(FxRobot robot) throws Exception {
        FxTestSupport.fxRun(() -> Themes.apply(stage.getScene(), Theme.DARK));
        open(palette.types(), "Add node");
        robot.write("los");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(popup.popup().getScene().getStylesheets()).contains(Themes.url(Theme.DARK_CSS));
        FxTestSupport.screenshotWithPopup(stage.getScene(), popup.popup(), "theme-dark-quick-search.png");
    }
}
