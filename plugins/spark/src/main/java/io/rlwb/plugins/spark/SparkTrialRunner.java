package io.rlwb.plugins.spark;

import io.rlwb.engine.sweep.Cancellation;
import io.rlwb.engine.sweep.ExecutorSettings;
import io.rlwb.engine.sweep.TrialListener;
import io.rlwb.engine.sweep.TrialResult;
import io.rlwb.engine.sweep.TrialRunner;
import io.rlwb.engine.sweep.TrialSpec;
import io.rlwb.engine.sweep.TrialStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The trial runner on Apache Spark ({@code --executor spark}): each trial is a Spark job of one task, so Spark
 * places it on a free executor core, retries it ({@code spark.task.maxFailures}) and, when it still fails, fails only
 * that trial's job, never the sweep. Jobs of one {@link #run} share a job group, which a cancelled sweep cancels.
 *
 * <p>{@code --master local[N]} runs the trials on N threads of this JVM; {@code spark://HOST:PORT}, {@code yarn} and
 * {@code k8s://...} on a cluster's executors, to which the driver ships the application's jars once per context
 * ({@link ShippedJars}). Run directories are written where the specs say ({@code run-dirs=shared}, the default for
 * local masters) or, the default on clusters, in a temporary folder of the executor and sent back with the result
 * ({@code run-dirs=collect}). Live metrics come back on executor heartbeats ({@link TrialTelemetry}).
 */
public final class SparkTrialRunner implements TrialRunner {
    public static final String NAME = "spark";
    private static final AtomicLong RUNS = new AtomicLong();

    private final SparkSettings settings;
    private final String pluginDir;
    private final SharedContext context;
    private final ShippedJars shipped;

    SparkTrialRunner(SparkSettings settings, ExecutorSettings executor) {
        this.settings = settings;
        this.pluginDir = executor.pluginDir() == null ? null : executor.pluginDir().toAbsolutePath().toString();
        if (!settings.local() && !settings.conf().contains("spark.jars.shipped-by-workbench")) {
            try {
                shipped = ShippedJars.collect(ShippedJars.driverClassPath(), executor.registry(), settings.sparkJarDirs(),
                        ShippedJars.newPackDir());
            } catch (IOException e) {
                throw new IllegalStateException("cannot make a folder for the jars to ship: " + e.getMessage(), e);
            }
            String given = settings.conf().get("spark.jars", "");
            settings.conf().set("spark.jars", given.isBlank() ? shipped.sparkJars() : given + "," + shipped.sparkJars());
        } else {
            shipped = null;
        }
        this.context = SharedContext.acquire(settings.conf());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The context's default parallelism: N for local[N], the executors' cores on a cluster. */
    @Override
    public int parallelism() {
        return context.spark.defaultParallelism();
    }

    /** The jars shipped to executors (empty for local masters), for the benchmark and the log. */
    public List<Path> shippedJars() {
        return shipped == null ? List.of() : shipped.jars();
    }

    /** Their total size in bytes. */
    public long shippedBytes() {
        return shipped == null ? 0 : shipped.bytes();
    }

    /** The context's master, as Spark got it ({@code local[2,2]}, {@code spark://127.0.0.1:7077}). */
    public String master() {
        return context.master;
    }

    /** The Spark context this runner uses (shared with every other open runner of this process). */
    org.apache.spark.SparkContext sparkContext() {
        return context.spark.sc();
    }

    @Override
    public List<TrialResult> run(List<TrialSpec> trials, TrialListener listener, Cancellation cancel) {
        JavaSparkContext spark = context.spark;
        String group = "rlwb-sweep-" + RUNS.incrementAndGet();
        List<JavaFutureAction<List<TrialTask.Outcome>>> jobs = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        synchronized (spark) {
            spark.setJobGroup(group, "RL Workbench trials", true);
            try {
                for (TrialSpec spec : trials) {
                    if (cancel.isCancelled()) {
                        jobs.add(null);
                        keys.add(null);
                        continue;
                    }
                    TrialTelemetry telemetry = new TrialTelemetry();
                    spark.sc().register(telemetry, "trial " + spec.id());
                    String key = group + "/" + spec.id();
                    context.relay.watch(key, new TelemetryRelay.Watch(spec.id(), spec.outDir(), telemetry.id(), listener));
                    spark.setLocalProperty(TelemetryRelay.TRIAL_PROPERTY, key);
                    TrialTask task = new TrialTask(pluginDir, settings.collect(), settings.maxAttempts(), telemetry);
                    jobs.add(spark.parallelize(List.of(spec), 1).map(task).collectAsync());
                    keys.add(key);
                }
            } finally {
                spark.setLocalProperty(TelemetryRelay.TRIAL_PROPERTY, null);
                spark.clearJobGroup();
            }
        }
        cancel.onCancel(() -> spark.cancelJobGroup(group));
        List<TrialResult> out = new ArrayList<>();
        boolean interrupted = false;
        for (int i = 0; i < trials.size(); i++) {
            TrialSpec spec = trials.get(i);
            JavaFutureAction<List<TrialTask.Outcome>> job = jobs.get(i);
            if (job == null) {
                TrialResult r = TrialResult.notStarted(spec.id());
                listener.finished(r);
                out.add(r);
                continue;
            }
            TrialResult r;
            try {
                r = landed(spec, job.get().get(0));
            } catch (InterruptedException e) {
                // The caller gave up waiting: cancel what runs, keep waiting so finished trials stay recorded.
                interrupted = true;
                cancel.cancel();
                i--;
                continue;
            } catch (ExecutionException e) {
                r = cancel.isCancelled()
                        ? new TrialResult(spec.id(), TrialStatus.CANCELLED, Map.of(), null, 0, 0, null)
                        : TrialResult.failed(spec.id(), "Spark gave up on the trial: " + rootMessage(e));
            }
            TelemetryRelay.Watch w = context.relay.forgetAndGet(keys.get(i));
            if (w != null && r.status() != TrialStatus.CANCELLED) w.start();
            listener.finished(r);
            out.add(r);
        }
        if (cancel.isCancelled()) awaitKilledTasks(spark, group);
        if (interrupted) Thread.currentThread().interrupt();
        return out;
    }

    /**
     * A cancelled job fails at once while its task may still be running until its thread notices the kill (in
     * local mode, in this JVM, writing into the trial's run directory). Waits, at most 60 s, until Spark's status
     * tracker counts no active task in the group's stages, so that when {@link #run} returns nothing writes into
     * the sweep directory any more (a `--resume` or a cleanup may follow at once).
     */
    private static void awaitKilledTasks(JavaSparkContext spark, String group) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        org.apache.spark.api.java.JavaSparkStatusTracker tracker = spark.statusTracker();
        while (System.nanoTime() < deadline) {
            boolean active = false;
            for (int jobId : tracker.getJobIdsForGroup(group)) {
                org.apache.spark.SparkJobInfo job = tracker.getJobInfo(jobId);
                if (job == null) continue;
                for (int stageId : job.stageIds()) {
                    org.apache.spark.SparkStageInfo stage = tracker.getStageInfo(stageId);
                    if (stage != null && stage.numActiveTasks() > 0) active = true;
                }
            }
            if (!active) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The result where the sweep runs: a collected run directory unpacked at the spec's place. */
    private TrialResult landed(TrialSpec spec, TrialTask.Outcome o) {
        if (o.runDir() == null) return o.result();
        try {
            RunDirArchive.unzip(o.runDir(), spec.outPath());
            return o.result();
        } catch (IOException e) {
            TrialResult r = o.result();
            return new TrialResult(r.id(), TrialStatus.FAILED, r.summary(), "the trial ran on " + r.ranOn()
                    + " but its run directory could not be written to " + spec.outDir() + ": " + e.getMessage(),
                    r.envSteps(), r.wallS(), r.ranOn());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        String first = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.toString();
        int nl = first.indexOf('\n');
        return (nl > 0 ? first.substring(0, nl) : first) + (c != e.getCause() && c.getMessage() != null
                ? " (cause: " + c.getMessage() + ")" : "");
    }

    @Override
    public void close() {
        SharedContext.release(context);
    }
}
