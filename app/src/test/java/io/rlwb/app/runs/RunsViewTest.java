package io.rlwb.app.runs;

import static io.rlwb.app.gui.palette.FxTestSupport.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.ui.plot.Snapshots;
import io.rlwb.app.ui.theme.Theme;
import io.rlwb.app.ui.theme.Themes;
import io.rlwb.app.viewmodel.runs.RunsTable;
import io.rlwb.app.viewmodel.runs.RunsViewModel;
import io.rlwb.engine.testkit.HangGuard;
import io.rlwb.engine.testkit.RunFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
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

/** The run browser headless, over fixture run directories: rows shown, header sort, filter, open with Enter. */
@ExtendWith(ApplicationExtension.class)
class RunsViewTest {
    static {
        FxTestSupport.init();
    }

    @TempDir
    static Path runs;

    private RunsViewModel vm;
    private RunsView view;
    private Scene scene;
    private final List<Path> opened = new ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        for (int s = 1; s <= 4; s++) {
            if (!java.nio.file.Files.exists(runs.resolve("20261128-020" + s + "-ppo-cartpole-s" + s))) {
                RunFixtures.write(runs.resolve("20261128-020" + s + "-ppo-cartpole-s" + s), s, 10 + 10 * s, false);
            }
        }
        vm = new RunsViewModel(Runnable::run, Platform::runLater);
        vm.setOnOpen(opened::addAll);
        view = new RunsView(vm);
        scene = new Scene(view, 1500, 420);
        Themes.apply(scene, Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
        vm.folderProperty().set(runs);
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void theTableShowsEveryRunAndAHeaderClickSortsIt() throws Exception {
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> vm.rows().size() == 4);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> view.table().getItems().size())).isEqualTo(4);
        FxRobot robot = new FxRobot();
        javafx.scene.Node seedHeader = robot.lookup(".column-header").match(n -> n instanceof
                javafx.scene.control.skin.TableColumnHeader h && h.getTableColumn() != null
                && "seed".equals(h.getTableColumn().getText())).query();
        robot.clickOn(seedHeader);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(vm::sortColumn)).isEqualTo(RunsTable.SEED);
        assertThat(fx(() -> view.table().getItems().get(0).value(RunsTable.SEED))).isEqualTo(1L);
        fx(() -> {
            view.table().getSelectionModel().select(0);
            return null;
        });
        Path shot = FxTestSupport.screenshot(scene, "run-browser.png");
        assertThat(Snapshots.countNonBackground(shot, 0.1)).isGreaterThan(5000);
    }

    @Test
    void typingAFilterNarrowsTheRowsAndEnterOpensTheSelection() throws Exception {
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> vm.rows().size() == 4);
        FxRobot robot = new FxRobot();
        robot.clickOn("#runsFilter").write("cartpole-s2");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> view.table().getItems().size())).isEqualTo(1);
        // the row that shows the run (the table also keeps empty row cells, and their order is the skin's)
        robot.clickOn(robot.lookup(".table-row-cell").match(n -> n instanceof javafx.scene.control.TableRow<?> r
                && r.getItem() != null && r.isVisible()).queryAs(javafx.scene.Node.class));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).getFileName().toString()).endsWith("cartpole-s2");
    }
}
