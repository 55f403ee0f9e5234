package io.rlwb.plugins.spark;

import io.rlwb.engine.sweep.TrialListener;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.Option;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The driver's ear on running trials: one listener per Spark context, told by each run which trials it watches.
 * A trial's job carries its id as the local property {@value #TRIAL_PROPERTY}; its task's start is the trial's
 * {@code started}, and the heartbeats of the executor running it carry its {@link TrialTelemetry}, turned here into
 * {@code progress} and {@code metric} calls (one per key whose step moved since the last heartbeat).
 *
 * <p>Called on Spark's listener-bus thread: the {@link TrialListener}s must be quick, as their contract says.
 */
final class TelemetryRelay extends SparkListener {
    static final String TRIAL_PROPERTY = "rlwb.trial";

    /** A trial being watched: who hears about it and what they were told already. */
    static final class Watch {
        final String trialId;
        final String runDir;
        final long accumulatorId;
        final TrialListener listener;
        private final Map<String, Double> lastStep = new ConcurrentHashMap<>();
        private volatile boolean started;

        Watch(String trialId, String runDir, long accumulatorId, TrialListener listener) {
            this.trialId = trialId;
            this.runDir = runDir;
            this.accumulatorId = accumulatorId;
            this.listener = listener;
        }

        /** {@code started} once, from the first task start, a heartbeat or the result, whichever comes first. */
        synchronized void start() {
            if (started) return;
            started = true;
            listener.started(trialId, runDir);
        }

        void heard(TrialTelemetry.Snapshot s) {
            start();
            for (Map.Entry<String, double[]> e : s.latest().entrySet()) {
                double step = e.getValue()[0];
                Double seen = lastStep.put(e.getKey(), step);
                if (seen == null || seen < step) listener.metric(trialId, (long) step, e.getKey(), e.getValue()[1]);
            }
            if (s.progress() >= 0) listener.progress(trialId, s.progress());
        }
    }

    private final Map<String, Watch> byTrialKey = new ConcurrentHashMap<>();
    private final Map<Long, Watch> byAccumulator = new ConcurrentHashMap<>();
    private final Map<Integer, Watch> byStage = new ConcurrentHashMap<>();

    /** Watches a trial; {@code key} is the job's {@value #TRIAL_PROPERTY} property (unique in this context). */
    void watch(String key, Watch w) {
        byTrialKey.put(key, w);
        byAccumulator.put(w.accumulatorId, w);
    }

    /** Stops watching a trial; returns its watch (null when not watched). */
    Watch forgetAndGet(String key) {
        Watch w = key == null ? null : byTrialKey.remove(key);
        if (w == null) return null;
        byAccumulator.remove(w.accumulatorId);
        byStage.values().removeIf(x -> x == w);
        return w;
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
        Properties p = job.properties();
        String key = p == null ? null : p.getProperty(TRIAL_PROPERTY);
        Watch w = key == null ? null : byTrialKey.get(key);
        if (w == null) return;
        for (Object stage : CollectionConverters.asJava(job.stageIds())) byStage.put((Integer) stage, w);
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart task) {
        Watch w = byStage.get(task.stageId());
        if (w != null) w.start();
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> t
                : CollectionConverters.asJava(update.accumUpdates())) {
            for (AccumulableInfo info : CollectionConverters.asJava(t._4())) {
                Watch w = byAccumulator.get(info.id());
                Option<Object> v = info.update();
                if (w != null && v.isDefined() && v.get() instanceof TrialTelemetry.Snapshot s) w.heard(s);
            }
        }
    }
}
