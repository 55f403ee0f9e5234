package io.rlwb.app.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.testkit.HangGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunViewModelTest {
    @Test
    void logTimesKeepTheirSecondsOnTheFullMinute() {
        // LocalTime.toString writes 20:00 for 20:00:00, which read as a different format from 20:00:03 beside it.
        assertThat(RunViewModel.clock(java.time.LocalTime.of(20, 0, 0, 500))).isEqualTo("20:00:00");
        assertThat(RunViewModel.clock(java.time.LocalTime.of(9, 5, 3))).isEqualTo("09:05:03");
    }

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
        ui.pumpUntil(() -> vm.getState().ended());

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
        TrainerGate gate = new TrainerGate(-1, 300);
        vm.budgetsProperty().set(Map.of("iterations", 300L));
        vm.outDirProperty().set(dir.resolve("many"));
        CompletableFuture<RunResult> done = vm.start(graph("\"steps\": 10, \"episodes\": 1", 1_000_000),
                TestNodes.registry(gate));
        // Nothing pumps the UI queue while the run goes: its 300 progress reports must share one queued flush.
        gate.awaitIterations();
        ui.awaitPending(3); // the run's end is the third task, after "started" and the one progress flush
        assertThat(ui.submitted()).as("started, one progress flush, finished").isEqualTo(3);
        ui.pumpUntil(done::isDone);
        assertThat(vm.getState()).isEqualTo(RunState.COMPLETED);
        assertThat(vm.progressProperty().get().iteration()).isEqualTo(300);
        assertThat(vm.returns().size()).isEqualTo(300);
    }

    @Test
    void stopCancelsTheRunWithoutWaitingForIt() throws Exception {
        TrainerGate gate = new TrainerGate(1, 1);
        vm.outDirProperty().set(dir.resolve("stopped"));
        vm.start(graph("", 100_000_000), TestNodes.registry(gate));
        ui.pumpUntil(() -> vm.getState() == RunState.RUNNING && vm.progressProperty().get() != null);
        gate.awaitHeld();
        // The worker is stuck in iteration 1 until the gate opens, which happens only after stop() returned:
        // a stop() that waited for the run would never return (the guard below turns that hang into a failure).
        CompletableFuture.runAsync(vm::stop).get(HangGuard.SECONDS, TimeUnit.SECONDS);
        assertThat(gate.isReleased()).isFalse();
        assertThat(vm.getState()).isEqualTo(RunState.STOPPING);
        gate.release();
        ui.pumpUntil(() -> vm.getState().ended());
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
        ui.pumpUntil(() -> vm.getState().ended());
        assertThat(vm.getState()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void aNodeFailureEndsTheRunAsFailedNamingTheNode() throws Exception {
        vm.outDirProperty().set(dir.resolve("failed"));
        vm.start(graph("\"fail\": true", 100_000), registry);
        ui.pumpUntil(() -> vm.getState().ended());
        assertThat(vm.getState()).isEqualTo(RunState.FAILED);
        assertThat(vm.messageProperty().get()).startsWith("Run failed:").contains("trainer").contains("boom on purpose");
    }

    @Test
    void anInvalidGraphFailsBeforeAnythingRuns() throws Exception {
        GraphDocument doc = graph("\"steps\": -5", 100);
        vm.start(doc, registry);
        ui.pumpUntil(() -> vm.getState().ended());
        assertThat(vm.getState()).isEqualTo(RunState.FAILED);
        assertThat(vm.messageProperty().get()).startsWith("Cannot run: trainer.steps:");
        assertThat(vm.runDirProperty().get()).isNull();
    }

    @Test
    void aNewRunClearsTheSeriesOfTheLastOne() throws Exception {
        vm.budgetsProperty().set(Map.of("iterations", 2L));
        vm.outDirProperty().set(dir.resolve("a"));
        vm.start(graph("", 100_000), registry);
        ui.pumpUntil(() -> vm.getState().ended());
        assertThat(vm.returns().size()).isEqualTo(10);
        vm.outDirProperty().set(dir.resolve("b"));
        vm.budgetsProperty().set(Map.of("iterations", 1L));
        long version = vm.dataVersionProperty().get();
        vm.start(graph("", 100_000), registry);
        assertThat(vm.returns().isEmpty()).isTrue();
        assertThat(vm.dataVersionProperty().get()).isGreaterThan(version);
        ui.pumpUntil(() -> vm.getState().ended());
        assertThat(vm.returns().size()).isEqualTo(5);
    }
}
