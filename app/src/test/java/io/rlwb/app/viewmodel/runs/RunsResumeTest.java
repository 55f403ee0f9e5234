package io.rlwb.app.viewmodel.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunProgress;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.store.RunStore;
import io.rlwb.engine.testkit.HangGuard;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.engine.testkit.RunFixtures;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run browser's Resume: offered for interrupted and cancelled runs only, run off the calling thread. */
class RunsResumeTest {
    @TempDir
    Path runs;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final NodeRegistry registry = NodeRegistry.load(null);

    @AfterEach
    void stop() throws Exception {
        background.shutdownNow();
        assertThat(background.awaitTermination(HangGuard.SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    /** A PPO CartPole run of 8 iterations cancelled after the second, with a checkpoint after every iteration. */
    private Path cancelledRun() throws Exception {
        var doc = new GraphFile().read(Repo.sample("ppo-cartpole.json"));
        Runner runner = new Runner(registry);
        AtomicBoolean cancel = new AtomicBoolean();
        Path dir = runs.resolve("cancelled");
        RunResult r = runner.run(runner.prepare(doc, new RunOptions(dir, 3L, Map.of("eval.every_steps", "100000"),
                Map.of("env_steps", 4096L), 1)), new RunListener() {
                    @Override public void progress(RunProgress p) {
                        if (p.iteration() == 2) cancel.set(true);
                    }
                }, null, cancel);
        assertThat(r.status()).isEqualTo("cancelled");
        return dir;
    }

    @Test
    void resumeContinuesTheSelectedCancelledRunOnABackgroundThreadToTheEndOfItsBudget() throws Exception {
        Path dir = cancelledRun();
        RunFixtures.write(runs.resolve("done"), 1, 4, false);
        RunsViewModel vm = new RunsViewModel(background, Runnable::run);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        vm.setResumer((d, cancel) -> {
            ranOn.set(Thread.currentThread());
            Runner runner = new Runner(registry);
            return runner.run(runner.resume(d, 1), RunListener.NONE, null, cancel);
        });
        vm.folderProperty().set(runs);
        vm.refresh().get(HangGuard.SECONDS, TimeUnit.SECONDS);
        RunRow cancelled = vm.rows().stream().filter(r -> r.dir().equals(dir)).findFirst().orElseThrow();
        RunRow completed = vm.rows().stream().filter(r -> !r.dir().equals(dir)).findFirst().orElseThrow();

        vm.selected().setAll(completed);
        assertThat(vm.canResumeSelected()).isFalse();
        assertThat(vm.resumeSelected()).isCompletedExceptionally();
        assertThat(vm.messageProperty().get()).contains("Select one interrupted or cancelled run");

        vm.selected().setAll(cancelled);
        assertThat(vm.canResumeSelected()).isTrue();
        RunResult r = vm.resumeSelected().get(HangGuard.SECONDS, TimeUnit.SECONDS);
        assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
        assertThat(r.status()).isEqualTo("completed");
        assertThat(r.envSteps()).isEqualTo(4096);
        assertThat(vm.messageProperty().get()).contains("Resumed cancelled: completed at 4096 steps");
        assertThat(vm.resumingProperty().get()).isFalse();
        assertThat(RunStore.readRunRecord(dir).resumedFromStep()).containsExactly(1024L);
    }

    @Test
    void aResumeThatCannotStartSaysWhy() throws Exception {
        Path dir = cancelledRun();
        RunsViewModel vm = new RunsViewModel(background, Runnable::run);
        vm.setResumer((d, cancel) -> {
            Runner runner = new Runner(registry);
            return runner.run(runner.resume(d, 1), RunListener.NONE, null, cancel);
        });
        vm.folderProperty().set(runs);
        vm.refresh().get(HangGuard.SECONDS, TimeUnit.SECONDS);
        vm.selected().setAll(vm.rows().get(0));
        java.nio.file.Files.delete(dir.resolve("checkpoints/latest"));
        assertThat(vm.resumeSelected()).failsWithin(HangGuard.SECONDS, TimeUnit.SECONDS);
        assertThat(vm.messageProperty().get()).contains("Cannot resume cancelled").contains("no checkpoint");
    }
}
