package io.rlwb.app.viewmodel;



import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunViewModelTest {
    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private final UiQueue ui = new UiQueue();
    private final NodeRegistry registry = TestNodes.registry();
    private final RunViewModel vm = new RunViewModel(background, ui);
    private final List<RunState> states = new ArrayList<>();

    RunViewModelTest() {
        vm.stateProperty().addListener((o, a, b) -> states.add(b));
    }

    @AfterEach
    void tearDown() {
        vm.dispose();
        background.shutdownNow();
    }

    private GraphDocument graph(String trainerParams, long envSteps) throws Exception {
        return new GraphFile().parse(TestNodes.graph(trainerParams, envSteps, true), "test");
    }

    @Test
    void runGoesFromIdleThroughRunningToCompletedAndFillsTheSeries() throws Exception {
        vm.budgetsProperty().set(Map.of("iterations", 3L));
        vm.outDirProperty().set(dir.resolve("run"));
        assertThat(vm.getState()).isEqualTo(RunState.IDLE);

        CompletableFuture<RunResult> done = vm.start(graph("\"steps\": 512", 150_000), registry);
        assertThat(vm.getState()).isEqualTo(RunState.STARTING);
        assertThat(vm.activeProperty().get()).isTrue();
        ui.pumpUntil(() -> vm.getState().ended(), Duration.ofSeconds(60));

        assertThat(states).containsExactly(RunState.STARTING, RunState.RUNNING, RunState.COMPLETED);
        assertThat(vm.activeProperty().get()).isFalse();
        assertThat(done).isCompleted();
        RunResult r = vm.resultProperty().get();
        assertThat(r.completed()).isTrue();
        assertThat(r.envSteps()).isEqualTo(3 * 512);
        assertThat(vm.runDirProperty().get()).isEqualTo(dir.resolve("run"));
        assertThat(Files.exists(dir.resolve("run").resolve("run.json"))).isTrue();
        // Progress goes by the iteration budget, which ends this run long before env_steps.
        assertThat(vm.fractionProperty().get()).isEqualTo(1.0);
        assertThat(vm.progressTextProperty().get()).startsWith("100%  1,536 / 150,000 steps");
        assertThat(vm.progressTextProperty().get()).contains("return ").contains("eval 40.0");
        assertThat(vm.messageProperty().get()).startsWith("Completed 1,536 steps in");
        // 5 episodes and one evaluation per iteration.
        assertThat(vm.returns().size()).isEqualTo(15);
        assertThat(vm.evals().size()).isEqualTo(3);
        assertThat(vm.returns().x(14)).isEqualTo(1536);
        assertThat(vm.returns().y(14)).isEqualTo(10 + 2 * 5 + 4);
        // Every metric key the run wrote reached the window, with every point (the curves view charts any key).
        var written = io.rlwb.engine.report.MetricsCsv.read(dir.resolve("run").resolve("metrics.csv"));
        assertThat(vm.metrics().keySet()).containsAll(written.keySet());
        written.forEach((k, s) -> assertThat(vm.metrics().get(k).size()).as(k).isEqualTo(s.size()));
    }

    @Test
    void progressReachesTheUiCoalescedNeverOneTaskPerReport() throws Exception {
        vm.budgetsProperty().set(Map.of("iterations", 300L));
        vm.outDirProperty().set(dir.resolve("many"));
        CompletableFuture<RunResult> done = vm.start(graph("\"steps\": 10, \"episodes\": 1", 1_000_000), registry);
        // Do not pump while the run goes: 300 progress reports must not queue 300 UI tasks.
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ui.pending() < 3 && System.nanoTime() < end) Thread.sleep(20);
        Thread.sleep(300);
        assertThat(ui.submitted()).isLessThanOrEqualTo(4); // started, one progress flush, finished (+ slack)
        ui.pumpUntil(done::isDone, Duration.ofSeconds(60));
        assertThat(vm.getState()).isEqualTo(RunState.COMPLETED);
        assertThat(vm.progressProperty().get().iteration()).isEqualTo(300);
        assertThat(vm.returns().size()).isEqualTo(300);
    }

    @Test
    void stopCancelsTheRunWithoutWaitingForIt() throws Exception {
        vm.outDirProperty().set(dir.resolve("stopped"));
        vm.start(graph("\"sleep_ms\": 20", 100_000_000), registry);
        ui.pumpUntil(() -> vm.getState() == RunState.RUNNING && vm.progressProperty().get() != null,
                Duration.ofSeconds(60));
        long t0 = System.nanoTime();
        vm.stop();
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofMillis(100).toNanos());
        assertThat(vm.getState()).isEqualTo(RunState.STOPPING);
        ui.pumpUntil(() -> vm.getState().ended(), Duration.ofSeconds(60));
        assertThat(vm.getState()).isEqualTo(RunState.CANCELLED);
        assertThat(states).containsExactly(RunState.STARTING, RunState.RUNNING, RunState.STOPPING, RunState.CANCELLED);
        assertThat(vm.messageProperty().get()).startsWith("Stopped after");
    }

    @Test
    void stopWhileStartingCancelsOnceTheWorkerIsUp() throws Exception {
        vm.outDirProperty().set(dir.resolve("early"));
        vm.start(graph("\"sleep_ms\": 20", 100_000_000), registry);
        vm.stop();
        assertThat(vm.getState()).isEqualTo(RunState.STOPPING);
        ui.pumpUntil(() -> vm.getState().ended(), Duration.ofSeconds(60));
        assertThat(vm.getState()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void aNodeFailureEndsTheRunAsFailedNamingTheNode() throws Exception {
        vm.outDirProperty().set(dir.resolve("failed"));
        vm.start(graph("\"fail\": true", 100_000), registry);
        ui.pumpUntil(() -> vm.getState().ended(), Duration.ofSeconds(60));
        assertThat(vm.getState()).isEqualTo(RunState.FAILED);
        assertThat(vm.messageProperty().get()).startsWith("Run failed:").contains("trainer").contains("boom on purpose");
    }

    @Test
    void anInvalidGraphFailsBeforeAnythingRuns() throws Exception {
        GraphDocument doc = graph("\"steps\": -5", 100);
        vm.start(doc, registry);
        ui.pumpUntil(() -> vm.getState().ended(), Duration.ofSeconds(60));
        assertThat(vm.getState()).isEqualTo(RunState.FAILED);
        assertThat(vm.messageProperty().get()).startsWith("Cannot run: trainer.steps:");
        assertThat(vm.runDirProperty().get()).isNull();
    }

    @Test
    void aNewRunClearsTheSeriesOfTheLastOne() throws Exception {
        vm.budgetsProperty().set(Map.of("iterations", 2L));
        vm.outDirProperty().set(dir.resolve("a"));
        vm.start(graph("", 100_000), registry);
        ui.pumpUntil(() -> vm.getState().ended(), Duration.ofSeconds(60));
        assertThat(vm.returns().size()).isEqualTo(10);
        vm.outDirProperty().set(dir.resolve("b"));
        vm.budgetsProperty().set(Map.of("iterations", 1L));
        long version = vm.dataVersionProperty().get();
        vm.start(graph("", 100_000), registry);
        assertThat(vm.returns().isEmpty()).isTrue();
        assertThat(vm.dataVersionProperty().get()).isGreaterThan(version);
        ui.pumpUntil(() -> vm.getState().ended(), Duration.ofSeconds(60));
        assertThat(vm.returns().size()).isEqualTo(5);
    }
}
