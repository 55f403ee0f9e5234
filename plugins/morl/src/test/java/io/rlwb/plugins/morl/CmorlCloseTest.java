package io.rlwb.plugins.morl;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunProgress;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.testkit.ChildProcess;
import io.rlwb.engine.testkit.HangGuard;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime closes C-MORL when its run ends however it ends: no worker thread outlives a failed or cancelled run. */
class CmorlCloseTest {
    private static long liveWorkers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("cmorl-worker-")).count();
    }

    private RunResult run(Path dir, RunListener listener, AtomicBoolean cancel) throws Exception {
        return run(dir, listener, cancel, "2048");
    }

    /** One C-MORL iteration is a whole stage (ADR 0024): the first progress comes after stage 1's members. */
    private RunResult run(Path dir, RunListener listener, AtomicBoolean cancel, String stage1Steps) throws Exception {
        var doc = new GraphFile().read(Repo.root().resolve("samples/cmorl-deep-sea-treasure.json"));
        Runner runner = new Runner(NodeRegistry.load(null));
        Map<String, String> set = Map.of("cmorl.population", "3", "cmorl.stage1_steps", stage1Steps, "cmorl.workers", "3");
        return runner.run(runner.prepare(doc, new RunOptions(dir, 1L, set, Map.of(), 0)), listener, null, cancel);
    }

    @Test
    void aCancelledRunLeavesNoWorkerThreads(@TempDir Path tmp) throws Exception {
        long before = liveWorkers();
        AtomicBoolean cancel = new AtomicBoolean();
        RunResult r = run(tmp.resolve("cancelled"), new RunListener() {
            @Override public void progress(RunProgress p) {
                assertThat(liveWorkers()).as("the pool is up while the run trains").isGreaterThan(before);
                cancel.set(true);
            }
        }, cancel);
        assertThat(r.status()).isEqualTo("cancelled");
        assertThat(liveWorkers()).isEqualTo(before);
    }

    @Test
    void aFailedRunLeavesNoWorkerThreads(@TempDir Path tmp) throws Exception {
        long before = liveWorkers();
        RunResult r = run(tmp.resolve("failed"), new RunListener() {
            @Override public void progress(RunProgress p) {
                throw new IllegalStateException("listener broke");
            }
        }, new AtomicBoolean());
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.error()).contains("listener broke");
        assertThat(liveWorkers()).isEqualTo(before);
    }

    /**
     * A Stop while the members' trials run reaches them: they end after their current PPO iteration, the run ends
     * cancelled long before stage 1's 3 x 100,000 steps, and no worker is left.
     */
    @Test
    void aRunCancelledWhileItsMembersTrainStopsThemAndLeavesNoWorkerThreads(@TempDir Path tmp) throws Exception {
        long before = liveWorkers();
        AtomicBoolean cancel = new AtomicBoolean();
        Path dir = tmp.resolve("mid-round");
        java.util.concurrent.CompletableFuture<RunResult> f = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return run(dir, RunListener.NONE, cancel, "100000");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Wait until a member has recorded a metric of its own (its trial is training); the run must not end first.
        Path memberMetrics = dir.resolve("members/stage1/p0/metrics.csv");
        HangGuard.await("a member's first metrics row", () -> ChildProcess.check(() ->
                java.nio.file.Files.exists(memberMetrics) && java.nio.file.Files.readAllLines(memberMetrics).size() > 1),
                f::isDone);
        assertThat(liveWorkers()).isGreaterThan(before);
        cancel.set(true);
        RunResult r = f.get(HangGuard.SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo("cancelled");
        assertThat(r.envSteps()).isLessThan(3 * 100_000L);
        assertThat(java.nio.file.Files.readString(dir.resolve("members/stage1/trials.csv"))).contains(",cancelled,");
        assertThat(liveWorkers()).isEqualTo(before);
    }
}
