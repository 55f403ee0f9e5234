package io.rlwb.engine.sweep;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphFileException;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.InvalidGraphException;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunProgress;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.store.RunDirectoryException;
import io.rlwb.engine.telemetry.TelemetryEvent;
import io.rlwb.engine.validate.Diagnostic;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs one trial on the calling thread, the way every executor runs it (in this process, or in a Spark executor
 * after shipping the {@link TrialSpec}): parse the graph text, apply the overrides, validate, claim the trial's run
 * directory and run it with the engine's {@link Runner}. Whatever goes wrong becomes a failed {@link TrialResult}.
 */
public final class Trials {
    /** Telemetry queue of the listener's subscription: metrics past it are dropped for the listener only. */
    static final int LISTENER_QUEUE = 1 << 12;
    /** Checkpoint interval of a trial's run, as {@code workbench run} uses. */
    static final int CHECKPOINT_EVERY = 50;

    private Trials() {}

    /**
     * Runs {@code spec} on this thread. Calls the listener's {@code started}, {@code progress} and {@code metric},
     * never {@code finished}: that is the executor's, once the result is back where the sweep runs.
     * A run directory left by an earlier, unfinished attempt of the same trial is replaced.
     */
    public static TrialResult run(TrialSpec spec, NodeRegistry registry, TrialListener listener, Cancellation cancel) {
        if (cancel.isCancelled()) return TrialResult.notStarted(spec.id());
        try {
            GraphDocument doc;
            try {
                doc = new GraphFile().parse(spec.graphJson(), spec.id() + "/graph.json");
            } catch (GraphFileException e) {
                return TrialResult.failed(spec.id(), e.where() + ": " + e.getMessage());
            }
            Runner runner = new Runner(registry);
            Runner.Prepared prepared;
            try {
                prepared = runner.claim(runner.prepare(doc, new RunOptions(spec.outPath(), spec.seed(), spec.sets(),
                        spec.budgets(), CHECKPOINT_EVERY)), true);
            } catch (InvalidGraphException e) {
                return TrialResult.failed(spec.id(), e.diagnostics().stream().map(Diagnostic::toString)
                        .collect(Collectors.joining("; ")));
            } catch (RunDirectoryException e) {
                return TrialResult.failed(spec.id(), e.getMessage());
            }
            RunResult r = runner.run(prepared, new RunListener() {
                @Override public void started(Path runDir) {
                    listener.started(spec.id(), runDir.toString());
                }

                @Override public void progress(RunProgress p) {
                    listener.progress(spec.id(), p.fraction());
                }
            }, bus -> bus.subscribe("trial-" + spec.id(), LISTENER_QUEUE, events -> {
                for (TelemetryEvent e : events) {
                    if (e instanceof TelemetryEvent.Metric m) listener.metric(spec.id(), m.step(), m.key(), m.value());
                }
            }), cancel.flag());
            return new TrialResult(spec.id(), TrialStatus.ofLabel(r.status()), r.summary(), r.error(), r.envSteps(),
                    r.wallS(), here());
        } catch (Throwable e) {
            return TrialResult.failed(spec.id(), "engine error: " + e);
        }
    }

    /** {@code pid@host/thread}: where this code runs, for {@link TrialResult#ranOn()}. */
    public static String here() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + Thread.currentThread().getName();
    }

    /** The summary without metrics that are not finite, for tables and comparisons. */
    static Map<String, Double> finite(Map<String, Double> summary) {
        return summary.entrySet().stream().filter(e -> e.getValue() != null && Double.isFinite(e.getValue()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                        java.util.LinkedHashMap::new));
    }
}
