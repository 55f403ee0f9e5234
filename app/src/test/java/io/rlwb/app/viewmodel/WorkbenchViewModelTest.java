package io.rlwb.app.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.files.WorkbenchDirs;
import io.rlwb.app.gui.WorkbenchApp;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.registry.PluginInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkbenchViewModelTest {
    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private final UiQueue ui = new UiQueue();
    private final WorkbenchViewModel vm = new WorkbenchViewModel(TestNodes::registry, () -> "CPU test", background, ui);

    @AfterEach
    void tearDown() {
        vm.shutdown();
        background.shutdownNow();
    }

    @Test
    void runIsAllowedOnlyForALoadedValidGraphWhenNothingRuns() throws Exception {
        assertThat(vm.canRunProperty().get()).isFalse();
        ui.pumpUntil(() -> vm.registryReadyProperty().get() && !vm.backendLabelProperty().get().contains("detecting"));
        assertThat(vm.backendLabelProperty().get()).isEqualTo("CPU test");
        assertThat(vm.runBlockedReasonProperty().get()).contains("Open a graph file");

        var loaded = vm.open(TestNodes.write(dir, "g.json", TestNodes.graph("\"sleep_ms\": 20", 100_000_000, true)));
        assertThat(vm.canRunProperty().get()).isFalse();
        assertThat(vm.runBlockedReasonProperty().get()).startsWith("Loading");
        ui.pumpUntil(loaded::isDone);
        assertThat(vm.canRunProperty().get()).isTrue();
        assertThat(vm.titleProperty().get()).isEqualTo("Tiny test graph \u2014 RL Workbench");

        vm.run().outDirProperty().set(dir.resolve("run"));
        vm.runGraph();
        assertThat(vm.canRunProperty().get()).isFalse();
        assertThat(vm.runBlockedReasonProperty().get()).isEqualTo("A run is in progress");
        vm.stopRun();
        ui.pumpUntil(() -> vm.run().getState().ended());
        assertThat(vm.canRunProperty().get()).isTrue();
    }

    @Test
    void runIsDisabledWithTheReasonWhileTheGraphHasErrors() throws Exception {
        String text = TestNodes.graph("\"steps\": 0", 100, true);
        var loaded = vm.open(TestNodes.write(dir, "bad.json", text));
        ui.pumpUntil(() -> loaded.isDone() && vm.registryReadyProperty().get());
        assertThat(vm.graph().errorCountProperty().get()).isEqualTo(1);
        assertThat(vm.canRunProperty().get()).isFalse();
        assertThat(vm.runBlockedReasonProperty().get())
                .startsWith("Cannot run: the graph has 1 error")
                .contains("trainer.steps");
        assertThat(vm.runGraph()).isCompletedWithValue(null);
        assertThat(vm.run().getState()).isEqualTo(RunState.IDLE);
    }

    @Test
    void graphArgumentDefaultsToTheSample() {
        assertThat(WorkbenchApp.graphArgument(java.util.List.of())).isEqualTo(Path.of("samples", "ppo-cartpole.json"));
        assertThat(WorkbenchApp.graphArgument(java.util.List.of("--graph", "x.json"))).isEqualTo(Path.of("x.json"));
        assertThat(WorkbenchApp.graphArgument(java.util.List.of("--graph=y.json"))).isEqualTo(Path.of("y.json"));
        assertThat(Map.of()).isEmpty();
    }

    @Test
    void theApplicationLoadsPluginsFromTheSettingsFolderNeverFromTheUsersHome() throws Exception {
        Path home = dir.resolve("home");
        Path plugins = Files.createDirectories(home.resolve(".workbench").resolve("plugins"));
        Files.write(plugins.resolve("broken.jar"), new byte[] {1, 2, 3});
        String old = System.getProperty(WorkbenchDirs.HOME_PROPERTY);
        try {
            System.setProperty(WorkbenchDirs.HOME_PROPERTY, home.toString());
            NodeRegistry reg = WorkbenchViewModel.appRegistry();
            assertThat(reg.plugins()).filteredOn(p -> !p.loaded()).extracting(PluginInfo::source)
                    .containsExactly(plugins.resolve("broken.jar").toString());
            assertThat(reg.find("core/env.cartpole")).isPresent();
        } finally {
            if (old == null) System.clearProperty(WorkbenchDirs.HOME_PROPERTY);
            else System.setProperty(WorkbenchDirs.HOME_PROPERTY, old);
        }
    }
}
