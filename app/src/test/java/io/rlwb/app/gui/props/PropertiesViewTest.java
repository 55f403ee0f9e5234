package io.rlwb.app.gui.props;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.ui.theme.Theme;
import io.rlwb.app.ui.theme.Themes;
import io.rlwb.app.viewmodel.props.PropertiesViewModel;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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

/**
 * The property sheet, headless: an invalid value shows its message in place and is not committed, Esc puts the
 * old value back, a valid one reaches the handler as the right JSON (Enter, Tab away, check box, combo box),
 * reset goes through the handler; light, dark, invalid and unknown-type screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class PropertiesViewTest {
    static {
        FxTestSupport.init();
    }

    private final NodeRegistry registry = FxTestSupport.registry();
    private final List<String> edits = new CopyOnWriteArrayList<>();
    private PropertiesView view;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        view = new PropertiesView(sheetOf("adam", "core/optim.adam", "{\"lr\": 3e-4, \"anneal\": true}"));
        Scene scene = new Scene(new javafx.scene.layout.StackPane(view), 400, 560);
        Themes.apply(scene, Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    private PropertiesViewModel sheetOf(String id, String type, String params) throws Exception {
        GraphNode n = new GraphNode(id, type, 1);
        n.setParams((ObjectNode) new ObjectMapper().readTree(params));
        return new PropertiesViewModel(n, registry.find(type).orElse(null),
                (node, param, value) -> edits.add(node + "." + param + "=" + value));
    }

    private void show(PropertiesViewModel vm) throws Exception {
        FxTestSupport.fxRun(() -> view.setViewModel(vm));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private TextField field(FxRobot robot, String param) {
        return robot.lookup("#param-" + param).queryAs(TextField.class);
    }

    private String hint(FxRobot robot, String param) {
        return robot.lookup("#param-" + param + "-hint").queryAs(Label.class).getText();
    }

    private void replaceText(FxRobot robot, String param, String text) throws Exception {
        TextField f = field(robot, param);
        robot.clickOn(f);
        FxTestSupport.fxRun(f::selectAll);
        robot.write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private boolean invalid(TextField f) {
        Node editor = f.getParent().getParent();
        return editor.getStyleClass().contains("invalid");
    }

    @Test
    void showsEveryParameterWithUnitRangeAndDefault(FxRobot robot) throws Exception {
        FxTestSupport.screenshot(stage.getScene(), "props-light.png");
        assertThat(field(robot, "lr").getText()).isEqualTo("3e-4");
        assertThat(hint(robot, "lr")).isEqualTo("[1e-7, 1]  \u00b7  default 2.5e-4");
        assertThat(field(robot, "beta1").getText()).isEqualTo("0.9");
        assertThat(hint(robot, "beta1")).endsWith("default");
        assertThat(robot.lookup("#param-id").queryAs(TextField.class).isEditable()).isFalse();
        assertThat(robot.lookup("#propsTitle").queryAs(Label.class).getText()).isEqualTo("adam");
        assertThat(field(robot, "lr").getTooltip().getText()).contains("Learning rate");
        assertThat(robot.lookup("#param-lr-reset").query().isVisible()).isTrue();
        assertThat(robot.lookup("#param-beta1-reset").query().isVisible()).isFalse();
    }

    @Test
    void anInvalidValueShowsItsMessageInPlaceAndIsNotCommitted(FxRobot robot) throws Exception {
        replaceText(robot, "lr", "5");
        // Checked while typing, before Enter.
        assertThat(hint(robot, "lr")).isEqualTo("5.0 is out of range [1e-7, 1]");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(edits).isEmpty();
        assertThat(field(robot, "lr").getText()).isEqualTo("5");
        assertThat(invalid(field(robot, "lr"))).isTrue();
        assertThat(robot.lookup("#param-lr-hint").query().getStyleClass()).contains("param-error");
        FxTestSupport.screenshot(stage.getScene(), "props-invalid-light.png");

        // Leaving the field does not commit it either; Esc back in it restores the committed value.
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(edits).isEmpty();
        robot.clickOn(field(robot, "lr"));
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(field(robot, "lr").getText()).isEqualTo("3e-4");
        assertThat(invalid(field(robot, "lr"))).isFalse();
        assertThat(hint(robot, "lr")).startsWith("[1e-7, 1]");

        replaceText(robot, "lr", "fast");
        assertThat(hint(robot, "lr")).contains("not a number");
        robot.type(KeyCode.ENTER);
        assertThat(edits).isEmpty();
    }

    @Test
    void aValidValueCallsTheHandlerWithTheRightJson(FxRobot robot) throws Exception {
        replaceText(robot, "eps", "1E-8");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(edits).containsExactly("adam.eps=1.0E-8");
        assertThat(field(robot, "eps").getText()).isEqualTo("1e-8");
        assertThat(robot.lookup("#param-eps-reset").query().isVisible()).isTrue();

        // Tab away commits too.
        replaceText(robot, "beta1", "0.8");
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(edits).containsExactly("adam.eps=1.0E-8", "adam.beta1=0.8");

        // The check box commits when toggled, with the mouse or with Space.
        robot.clickOn("#param-anneal");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#param-anneal").queryAs(CheckBox.class).isSelected()).isFalse();
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(edits).endsWith("adam.anneal=false", "adam.anneal=true");
    }

    @Test
    void resetToDefaultGoesThroughTheHandler(FxRobot robot) throws Exception {
        robot.clickOn("#param-lr-reset");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(edits).containsExactly("adam.lr=null");
        assertThat(field(robot, "lr").getText()).isEqualTo("2.5e-4");
        assertThat(robot.lookup("#param-lr-reset").query().isVisible()).isFalse();
    }

    @Test
    void choicesAndListsHaveTheirOwnEditors(FxRobot robot) throws Exception {
        show(sheetOf("policy", "core/policy.mlp", "{}"));
        ComboBox<?> activation = robot.lookup("#param-activation").queryAs(ComboBox.class);
        assertThat(activation.getValue()).isEqualTo("tanh");
        robot.clickOn(activation);
        robot.clickOn("relu");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(edits).containsExactly("policy.activation=\"relu\"");

        replaceText(robot, "hidden", "128, 128");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(edits).endsWith("policy.hidden=[128,128]");
        replaceText(robot, "hidden", "128, 0");
        robot.type(KeyCode.ENTER);
        assertThat(hint(robot, "hidden")).isEqualTo("0 is out of range [1, 4096]");
        assertThat(edits).hasSize(2);
        FxTestSupport.screenshot(stage.getScene(), "props-policy-light.png");
    }

    @Test
    void theTransformerPolicysHeadAndInitialScaleHaveEditors(FxRobot robot) throws Exception {
        NodeRegistry llm = NodeRegistry.of(new io.rlwb.engine.core.CoreNodes(), new io.rlwb.plugins.llm.nodes.LlmNodes());
        GraphNode n = new GraphNode("policy", "llm/transformer-policy", 1);
        n.setParams((ObjectNode) new ObjectMapper().readTree("{\"head\": \"untied\", \"init_std\": 0.1}"));
        show(new PropertiesViewModel(n, llm.find("llm/transformer-policy").orElseThrow(),
                (node, param, value) -> edits.add(node + "." + param + "=" + value)));
        assertThat(robot.lookup("#param-head").queryAs(ComboBox.class).getValue()).isEqualTo("untied");
        assertThat(field(robot, "init_std").getText()).isEqualTo("0.1");
        assertThat(hint(robot, "init_std")).contains("default 0.02");
        FxTestSupport.screenshot(stage.getScene(), "props-llm-policy-light.png");
    }

    @Test
    void theSupervisedTrainersRecallRecipeHasEditors(FxRobot robot) throws Exception {
        NodeRegistry llm = NodeRegistry.of(new io.rlwb.engine.core.CoreNodes(),
                new io.rlwb.plugins.llm.nodes.LlmNodes());
        GraphNode n = new GraphNode("sft", "llm/sft", 1);
        n.setParams((ObjectNode) new ObjectMapper().readTree("{\"batch_size\": 32, \"lr\": 0.001, "
                + "\"schedule\": \"constant\", \"queries\": 12, \"min_context\": 21, \"short_steps\": 2000}"));
        FxTestSupport.fxRun(() -> stage.setHeight(820)); // the whole sheet, its last three rows included
        show(new PropertiesViewModel(n, llm.find("llm/sft").orElseThrow(),
                (node, param, value) -> edits.add(node + "." + param + "=" + value)));
        assertThat(field(robot, "queries").getText()).isEqualTo("12");
        assertThat(field(robot, "min_context").getText()).isEqualTo("21");
        assertThat(field(robot, "short_steps").getText()).isEqualTo("2000");
        assertThat(hint(robot, "queries")).contains("default 0");
        assertThat(robot.lookup("#param-schedule").queryAs(ComboBox.class).getValue()).isEqualTo("constant");
        FxTestSupport.screenshot(stage.getScene(), "props-llm-sft-light.png");
    }

    @Test
    void anUnknownNodeTypeShowsItsParamsReadOnly(FxRobot robot) throws Exception {
        show(sheetOf("mystery", "llm/nonesuch", "{\"heads\": 8, \"window\": [128, 256], \"mode\": \"fast\"}"));
        assertThat(robot.lookup(".props-notice").queryAs(Label.class).getText()).contains("not installed");
        assertThat(robot.lookup("#param-heads").queryAs(TextField.class).isEditable()).isFalse();
        assertThat(robot.lookup("#param-window").queryAs(TextField.class).getText()).isEqualTo("[128,256]");
        assertThat(robot.lookup(".param-reset").tryQuery()).isEmpty();
        FxTestSupport.screenshot(stage.getScene(), "props-unknown-light.png");
    }

    @Test
    void withoutANodeItSaysWhatToDo(FxRobot robot) throws Exception {
        show(null);
        assertThat(robot.lookup(".props-empty").queryAs(Label.class).getText()).startsWith("Select a node");
    }

    @Test
    void theDarkThemeKeepsErrorsReadable(FxRobot robot) throws Exception {
        FxTestSupport.fxRun(() -> Themes.apply(stage.getScene(), Theme.DARK));
        replaceText(robot, "beta2", "1.5");
        FxTestSupport.screenshot(stage.getScene(), "theme-dark-props.png");
        assertThat(hint(robot, "beta2")).contains("out of range");
    }
}
