package io.rlwb.app.gui.palette;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.ui.theme.Theme;
import io.rlwb.app.ui.theme.Themes;
import io.rlwb.app.viewmodel.palette.PaletteRow;
import io.rlwb.app.viewmodel.palette.PaletteViewModel;
import io.rlwb.engine.spi.NodeType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The palette, headless: search, keyboard choice, double-click, drag content; light and dark screenshots. */
@ExtendWith(ApplicationExtension.class)
class PaletteViewTest {
    static {
        FxTestSupport.init();
    }

    private final List<NodeType> chosen = new CopyOnWriteArrayList<>();
    private PaletteView palette;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        palette = new PaletteView(PaletteViewModel.of(FxTestSupport.registry()));
        palette.setOnChoose(chosen::add);
        Scene scene = new Scene(new javafx.scene.layout.StackPane(palette), 300, 700);
        Themes.apply(scene, Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
        palette.focusSearch();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    private String selectedInList(FxRobot robot) {
        ListView<?> list = robot.lookup("#paletteList").queryAs(ListView.class);
        Object row = list.getSelectionModel().getSelectedItem();
        return row instanceof PaletteRow.Entry e ? e.type().id() : null;
    }

    @Test
    void typingFiltersAndEnterChoosesTheBestMatch(FxRobot robot) throws Exception {
        FxTestSupport.screenshot(stage.getScene(), "palette-light.png");
        robot.write("gae");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#paletteSearch").queryAs(TextField.class).getText()).isEqualTo("gae");
        assertThat(selectedInList(robot)).isEqualTo("core/estimator.gae");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chosen).extracting(NodeType::id).containsExactly("core/estimator.gae");
    }

    @Test
    void downMovesToTheNextMatchBeforeEnter(FxRobot robot) throws Exception {
        robot.write("mlp");
        WaitForAsyncUtils.waitForFxEvents();
        String first = selectedInList(robot);
        List<String> matches = palette.viewModel().visibleEntries().stream().map(NodeType::id).toList();
        assertThat(matches).contains("core/critic.mlp", "core/policy.mlp");
        assertThat(first).isEqualTo(matches.get(0));
        FxTestSupport.screenshot(stage.getScene(), "palette-search-light.png");
        robot.type(KeyCode.DOWN);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chosen).extracting(NodeType::id).containsExactly(matches.get(1));
        // Esc clears the search and every type shows again.
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(palette.viewModel().filterProperty().get()).isEmpty();
        assertThat(palette.viewModel().visibleEntries()).hasSize(palette.viewModel().types().size());
    }

    @Test
    void aSearchWithoutMatchesSaysSo(FxRobot robot) {
        robot.write("qqqq");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".palette-empty").queryAs(Label.class).getText()).contains("qqqq");
        robot.type(KeyCode.ENTER);
        assertThat(chosen).isEmpty();
    }

    @Test
    void doubleClickChoosesAndAHeaderClickFoldsItsCategory(FxRobot robot) throws Exception {
        // Fold two categories above the optimiser so that Adam is within the visible rows of the list.
        robot.interact(() -> {
            palette.viewModel().toggleCollapsed("Critic");
            palette.viewModel().toggleCollapsed("Reward");
        });
        Node adam = robot.lookup(".type-name").match((Label l) -> l.getText().equals("Adam")).query();
        robot.doubleClickOn(adam);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chosen).extracting(NodeType::id).containsExactly("core/optim.adam");

        Node envHeader = robot.lookup(".header-title").match((Label l) -> l.getText().equals("ENVIRONMENT")).query();
        robot.clickOn(envHeader);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(palette.viewModel().isCollapsed("Environment")).isTrue();
        assertThat(robot.lookup(".type-name").match((Label l) -> l.getText().equals("CartPole-v1")).tryQuery()).isEmpty();
    }

    @Test
    void typingWhileTheListHasFocusGoesToTheSearchField(FxRobot robot) {
        robot.clickOn(robot.lookup(".type-name").match((Label l) -> l.getText().equals("GAE")).<Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(selectedInList(robot)).isEqualTo("core/estimator.gae");
        robot.write("adam");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chosen).extracting(NodeType::id).containsExactly("core/optim.adam");
    }

    @Test
    void anEntryDragsItsTypeIdUnderTheNodeTypeFormat() {
        NodeType adam = FxTestSupport.registry().find("core/optim.adam").orElseThrow();
        ClipboardContent c = PaletteView.dragContent(adam);
        assertThat(PaletteView.NODE_TYPE_FORMAT.getIdentifiers()).containsExactly("application/x-rlwb-node-type");
        assertThat(c.get(PaletteView.NODE_TYPE_FORMAT)).isEqualTo("core/optim.adam");
        assertThat(c.getString()).isEqualTo("core/optim.adam");
    }

    @Test
    void theDarkThemeRestylesThePalette(FxRobot robot) throws Exception {
        FxTestSupport.fxRun(() -> Themes.apply(stage.getScene(), Theme.DARK));
        assertThat(Themes.of(stage.getScene())).isEqualTo(Theme.DARK);
        assertThat(stage.getScene().getRoot().getStyleClass()).contains("theme-dark");
        robot.write("po");
        WaitForAsyncUtils.waitForFxEvents();
        FxTestSupport.screenshot(stage.getScene(), "theme-dark-palette.png");
        FxTestSupport.fxRun(() -> Themes.apply(stage.getScene(), Theme.LIGHT));
        assertThat(stage.getScene().getStylesheets()).hasSize(2);
    }
}
