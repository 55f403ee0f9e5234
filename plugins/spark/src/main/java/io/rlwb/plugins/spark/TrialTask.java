package io.rlwb.plugins.spark;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.sweep.Cancellation;
import io.rlwb.engine.sweep.TrialListener;
import io.rlwb.engine.sweep.TrialResult;
import io.rlwb.engine.sweep.TrialSpec;
import io.rlwb.engine.sweep.TrialStatus;
import io.rlwb.engine.sweep.Trials;
import io.rlwb.engine.sweep.WorkerPool;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * One trial as a Spark task: runs on an executor, in whatever JVM and machine Spark picked, with
 * {@link Trials#run} like every executor. Serialised with its closure: holds only the spec's settings, never the
 * driver's registry or listener.
 *
 * <p>Retries: a trial that fails throws on every attempt but the last ({@code spark.task.maxFailures}), so Spark
 * runs it again (on another executor if it has one); the last attempt returns the failure as a result instead, so a
 * trial that keeps failing is a failed row, not a failed sweep. An executor lost on the last attempt fails the
 * trial's job, which the driver also records as a failed trial.
 */
final class TrialTask implements Function<TrialSpec, TrialTask.Outcome> {
    private static final long serialVersionUID = 1L;
    /** Node registries of this executor JVM, by plugin folder (one per folder, loaded on the first trial). */
    private static final Map<String, NodeRegistry> REGISTRIES = new ConcurrentHashMap<>();

    private final String pluginDir;
    private final boolean collect;
    private final int maxAttempts;
    private final TrialTelemetry telemetry;

    /**
     * @param pluginDir the driver's plugin folder (used where it exists; on other machines the plugin jars come
     *     shipped, on the class path); null for none
     * @param collect run in a temporary folder of the executor and send the run directory back as bytes, rather
     *     than writing the spec's run directory directly (a shared filesystem)
     * @param maxAttempts {@code spark.task.maxFailures}
     */
    TrialTask(String pluginDir, boolean collect, int maxAttempts, TrialTelemetry telemetry) {
        this.pluginDir = pluginDir;
        this.collect = collect;
        this.maxAttempts = maxAttempts;
        this.telemetry = telemetry;
    }

    /**
     * A trial's result, its run directory as a zip when collected (null otherwise), and the attempt that made it.
     */
    record Outcome(TrialResult result, byte[] runDir, int attempt) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Thrown on attempts before the last, so Spark retries the trial. */
    static final class TrialAttemptFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TrialAttemptFailed(String id, int attempt, int of, String failure) {
            super("trial " + id + " failed on attempt " + attempt + " of " + of + ": " + failure);
        }
    }

    @Override
    public Outcome call(TrialSpec spec) throws Exception {
        TaskContext ctx = TaskContext.get();
        int attempt = ctx == null ? 1 : ctx.attemptNumber() + 1;
        WorkerPool.singleThreadedNd4j();
        NodeRegistry registry = REGISTRIES.computeIfAbsent(pluginDir == null ? "" : pluginDir, d -> NodeRegistry.load(
                d.isEmpty() || !Files.isDirectory(Path.of(d)) ? null : Path.of(d)));
        Path staging = collect ? Files.createTempDirectory("rlwb-trial-" + spec.id() + "-") : null;
        try {
            TrialSpec here = collect ? spec.withOutDir(staging.resolve(spec.id()).toString()) : spec;
            Cancellation cancel = new Cancellation();
            Thread watcher = killWatcher(ctx, cancel);
            TrialResult r;
            try {
                r = Trials.run(here, registry, new TrialListener() {
                    @Override public void metric(String id, long step, String key, double value) {
                        telemetry.add(new TrialTelemetry.Update(key, step, value));
                    }

                    @Override public void progress(String id, double fraction) {
                        telemetry.add(new TrialTelemetry.Update(null, 0, fraction));
                    }
                }, cancel);
            } finally {
                if (watcher != null) watcher.interrupt();
            }
            if (r.status() == TrialStatus.FAILED && attempt < maxAttempts) {
                throw new TrialAttemptFailed(spec.id(), attempt, maxAttempts, r.failure());
            }
            if (r.status() == TrialStatus.FAILED && maxAttempts > 1) {
                r = new TrialResult(r.id(), r.status(), r.summary(), "failed on all " + maxAttempts
                        + " attempts (spark.task.maxFailures), the last: " + r.failure(), r.envSteps(), r.wallS(), r.ranOn());
            }
            byte[] dir = collect && Files.isDirectory(here.outPath()) ? RunDirArchive.zip(here.outPath()) : null;
            return new Outcome(r, dir, attempt);
        } finally {
            if (staging != null) {
                try {
                    RunDirArchive.delete(staging);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove the trial's staging folder " + staging, e);
                }
            }
        }
    }

    /**
     * Spark kills a task (a cancelled sweep's job group) by flagging its context and interrupting its thread; the
     * engine's runner stops on its cancellation flag, so a daemon thread turns the one into the other.
     */
    private static Thread killWatcher(TaskContext ctx, Cancellation cancel) {
        if (ctx == null) return null;
        Thread t = new Thread(() -> {
            try {
                while (!ctx.isInterrupted()) Thread.sleep(100);
                cancel.cancel();
            } catch (InterruptedException e) {
                // the trial ended
            }
        }, "trial-kill-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
