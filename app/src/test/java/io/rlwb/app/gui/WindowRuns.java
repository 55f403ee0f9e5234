package io.rlwb.app.gui;

import static io.rlwb.app.gui.palette.FxTestSupport.fx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.viewmodel.RunState;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import io.rlwb.engine.testkit.HangGuard;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javafx.scene.input.KeyCode;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the window tests that run a sample from the window share: a shortened copy of a sample, opening it with the
 * run's budgets and directory set, picking an inspect tab by its shortcut, and waiting for the run to complete. The
 * waits are on the window's state, bounded only by the {@link HangGuard}.
 */
final class WindowRuns {
    private WindowRuns() {}

    /**
     * {@code samples/SAMPLE.json} with {@code edit} applied to each node's parameters (called with the node id and
     * its {@code params}), written as {@code tmp/SAMPLE-short.json}.
     */
    static Path shortSample(Path tmp, String sample, BiConsumer<String, ObjectNode> edit) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode g = (ObjectNode) json.readTree(FxTestSupport.repoRoot().resolve("samples")
                .resolve(sample + ".json").toFile());
        for (var n : g.withArray("nodes")) edit.accept(n.get("id").asText(), (ObjectNode) n.get("params"));
        Path f = tmp.resolve(sample + "-short.json");
        json.writerWithDefaultPrettyPrinter().writeValue(f.toFile(), g);
        return f;
    }

    /** Opens {@code graph} in the window, sets the run's budgets and directory, and waits until it can run. */
    static void open(WorkbenchViewModel vm, Path graph, Map<String, Long> budgets, Path runDir) throws Exception {
        fx(() -> vm.open(graph)).get(HangGuard.SECONDS, TimeUnit.SECONDS);
        fx(() -> {
            vm.run().budgetsProperty().set(budgets);
            vm.run().outDirProperty().set(runDir);
            return null;
        });
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.canRunProperty().get()));
    }

    /** Picks an inspect tab as a user would (Shortcut + {@code digit}), checks it is {@code tabId}, returns its view. */
    static <T> T selectTab(FxRobot robot, MainView view, KeyCode digit, String tabId, Class<T> type) throws Exception {
        robot.press(KeyCode.SHORTCUT, digit).release(digit, KeyCode.SHORTCUT);
        assertThat(fx(() -> view.tabs().getSelectionModel().getSelectedItem().getId())).isEqualTo(tabId);
        return type.cast(fx(() -> view.tabs().getSelectionModel().getSelectedItem().getContent()));
    }

    /** Waits until the run has ended, checks that it completed, and lets the charts draw. */
    static void awaitCompleted(WorkbenchViewModel vm) throws Exception {
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> vm.run().getState().ended()));
        assertThat(fx(() -> vm.run().getState())).isEqualTo(RunState.COMPLETED);
        FxTestSupport.pulses(3);
    }
}
