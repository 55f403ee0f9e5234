package io.rlwb.app.viewmodel.props;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropertiesViewModelTest {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private final NodeRegistry registry = FxTestSupport.registry();
    private final List<String> edits = new ArrayList<>();
    private final ParamEditHandler handler = (node, param, value) -> edits.add(node + "." + param + "=" + value);

    private PropertiesViewModel sheetOf(String id, String type, String paramsJson) throws Exception {
        GraphNode n = new GraphNode(id, type, 1);
        n.setParams((com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(paramsJson));
        NodeType t = registry.find(type).orElse(null);
        return new PropertiesViewModel(n, t, handler);
    }

    private ParamItem item(PropertiesViewModel vm, String name) {
        return vm.item(name).orElseThrow();
    }

    @Test
    void showsIdTypeAndEveryDeclaredParameterWithItsValueOrDefault() throws Exception {
        PropertiesViewModel vm = sheetOf("adam", "core/optim.adam", "{\"lr\": 3e-4}");
        assertThat(vm.items()).extracting(ParamItem::name)
                .containsExactly("id", "type", "lr", "beta1", "beta2", "eps", "anneal");
        assertThat(item(vm, "id").text()).isEqualTo("adam");
        assertThat(item(vm, "id").editable()).isFalse();
        assertThat(item(vm, "type").text()).isEqualTo("core/optim.adam  v1");

        ParamItem lr = item(vm, "lr");
        assertThat(lr.isExplicit()).isTrue();
        assertThat(lr.text()).isEqualTo("3e-4");
        assertThat(lr.rangeText()).isEqualTo("[1e-7, 1]");
        assertThat(lr.hint()).isEqualTo("[1e-7, 1]  \u00b7  default 2.5e-4");
        assertThat(lr.description()).isEqualTo("Learning rate");
        assertThat(lr.tooltip()).contains("Learning rate", "Default: 2.5e-4", "Range: [1e-7, 1]");

        ParamItem beta1 = item(vm, "beta1");
        assertThat(beta1.isExplicit()).isFalse();
        assertThat(beta1.text()).isEqualTo("0.9");
        assertThat(beta1.hint()).endsWith("default");
        assertThat(item(vm, "anneal").rangeText()).isEmpty();
        assertThat(item(vm, "lr").problemProperty().get()).isEmpty();
    }

    @Test
    void unitsComeFromTheDeclaration() throws Exception {
        PropertiesViewModel vm = sheetOf("env", "core/env.cartpole", "{}");
        assertThat(item(vm, "max_steps").unit()).isEqualTo("steps");
        assertThat(item(vm, "max_steps").rangeText()).isEqualTo("[1, 100000]");
    }

    @Test
    void anInvalidValueIsRefusedWithItsMessageAndNeverReachesTheHandler() throws Exception {
        PropertiesViewModel vm = sheetOf("adam", "core/optim.adam", "{}");
        assertThat(vm.commitText("lr", "5")).contains("5.0 is out of range [1e-7, 1]");
        assertThat(vm.commitText("lr", "fast")).hasValueSatisfying(m -> assertThat(m).contains("not a number"));
        assertThat(vm.commit("lr", J.textNode("0.1"))).hasValueSatisfying(m -> assertThat(m).contains("not a number"));
        assertThat(vm.validate("lr", "2")).isPresent();
        assertThat(edits).isEmpty();
        assertThat(item(vm, "lr").text()).isEqualTo("2.5e-4");
        assertThat(item(vm, "lr").isExplicit()).isFalse();
    }

    @Test
    void aValidValueGoesToTheHandlerAsJsonAndIsShown() throws Exception {
        PropertiesViewModel vm = sheetOf("adam", "core/optim.adam", "{}");
        assertThat(vm.validate("lr", "1e-5")).isEmpty();
        assertThat(vm.commitText("lr", "1E-5")).isEmpty();
        assertThat(edits).containsExactly("adam.lr=1.0E-5");
        assertThat(item(vm, "lr").value()).isEqualTo(J.numberNode(1e-5));
        assertThat(item(vm, "lr").text()).isEqualTo("1e-5");
        assertThat(item(vm, "lr").isExplicit()).isTrue();

        assertThat(vm.commit("anneal", J.booleanNode(false))).isEmpty();
        assertThat(edits).last().isEqualTo("adam.anneal=false");
    }

    @Test
    void everyParameterTypeParsesToTheRightJson() throws Exception {
        PropertiesViewModel policy = sheetOf("policy", "core/policy.mlp", "{}");
        assertThat(policy.commitText("hidden", "128, 128")).isEmpty();
        assertThat(policy.commitText("activation", "relu")).isEmpty();
        assertThat(policy.commitText("activation", "sigmoid")).hasValueSatisfying(m -> assertThat(m).contains("tanh, relu"));
        assertThat(policy.commitText("hidden", "64, 0")).hasValueSatisfying(m -> assertThat(m).contains("out of range"));
        PropertiesViewModel envs = sheetOf("envs", "core/env.vector", "{}");
        assertThat(envs.commitText("num_envs", "1e1")).isEmpty();
        assertThat(envs.commitText("num_envs", "2.5")).hasValueSatisfying(m -> assertThat(m).contains("whole number"));
        PropertiesViewModel logger = sheetOf("log", "test/monitor.logger", "{}");
        assertThat(logger.commitText("tag", "exp 1")).isEmpty();
        assertThat(edits).containsExactly("policy.hidden=[128,128]", "policy.activation=\"relu\"", "envs.num_envs=10",
                "log.tag=\"exp 1\"");
    }

    @Test
    void theSameValueWrittenDifferentlyIsNoEdit() throws Exception {
        PropertiesViewModel vm = sheetOf("adam", "core/optim.adam", "{\"beta2\": 0.999}");
        assertThat(vm.commitText("beta1", "0.90")).isEmpty();
        assertThat(vm.commitText("beta2", "9.99e-1")).isEmpty();
        assertThat(edits).isEmpty();
        assertThat(item(vm, "beta1").isExplicit()).isFalse();
    }

    @Test
    void resetRemovesTheOwnValueThroughTheHandler() throws Exception {
        PropertiesViewModel vm = sheetOf("adam", "core/optim.adam", "{\"lr\": 0.001}");
        assertThat(vm.reset("lr")).isTrue();
        assertThat(edits).containsExactly("adam.lr=null");
        assertThat(item(vm, "lr").isExplicit()).isFalse();
        assertThat(item(vm, "lr").text()).isEqualTo("2.5e-4");
        assertThat(vm.reset("lr")).isFalse();
        assertThat(vm.reset("id")).isFalse();
        assertThat(edits).hasSize(1);
    }

    @Test
    void refreshReadsTheNodeAgainAfterAnUndo() throws Exception {
        GraphNode n = new GraphNode("adam", "core/optim.adam", 1);
        PropertiesViewModel vm = new PropertiesViewModel(n, registry.find("core/optim.adam").orElseThrow(), handler);
        List<ParamItem> before = List.copyOf(vm.items());
        n.params().put("eps", 1e-8);
        vm.refresh();
        assertThat(item(vm, "eps").text()).isEqualTo("1e-8");
        assertThat(item(vm, "eps").isExplicit()).isTrue();
        assertThat(vm.items()).containsExactlyElementsOf(before);
    }

    @Test
    void aStoredValueOutOfRangeIsFlagged() throws Exception {
        PropertiesViewModel vm = sheetOf("adam", "core/optim.adam", "{\"lr\": 5}");
        assertThat(item(vm, "lr").problemProperty().get()).isEqualTo("5 is out of range [1e-7, 1]");
    }

    @Test
    void anUnknownTypeShowsItsRawParamsReadOnly() throws Exception {
        PropertiesViewModel vm = sheetOf("mystery", "llm/nonesuch", "{\"a\": 1, \"b\": [1, 2], \"c\": \"x\"}");
        assertThat(vm.typeKnown()).isFalse();
        assertThat(vm.items()).extracting(ParamItem::name).containsExactly("id", "type", "a", "b", "c");
        assertThat(vm.items()).noneMatch(ParamItem::editable);
        assertThat(item(vm, "type").text()).isEqualTo("llm/nonesuch  (not installed)");
        assertThat(item(vm, "b").text()).isEqualTo("[1,2]");
        assertThat(item(vm, "c").text()).isEqualTo("x");
        assertThat(item(vm, "a").kind()).isEqualTo(ParamItem.Kind.RAW);
        assertThat(vm.commitText("a", "2")).contains("'a' cannot be edited");
        // The notice of the sheet says it once; no hint under each value.
        assertThat(item(vm, "a").hint()).isEmpty();
        assertThat(edits).isEmpty();
    }

    @Test
    void aValueNoDeclarationCoversIsKeptAndShownReadOnly() throws Exception {
        PropertiesViewModel vm = sheetOf("adam", "core/optim.adam", "{\"momentum\": 0.9}");
        assertThat(vm.items()).extracting(ParamItem::name).endsWith("anneal", "momentum");
        assertThat(item(vm, "momentum").editable()).isFalse();
        assertThat(item(vm, "momentum").hint()).isEqualTo("not declared by core/optim.adam; kept as it is");
        JsonNode shown = item(vm, "momentum").value();
        assertThat(shown.asDouble()).isEqualTo(0.9);
    }
}
