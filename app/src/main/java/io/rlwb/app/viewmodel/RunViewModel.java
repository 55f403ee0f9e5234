package io.rlwb.app.viewmodel;

import io.rlwb.app.ui.Formats;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.plot.Series;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.rl.PolicyEvaluator;
import io.rlwb.engine.rl.RolloutCollector;
import io.rlwb.engine.runtime.InvalidGraphException;
import io.rlwb.engine.runtime.NodeActivity;
import io.rlwb.engine.runtime.RunHandle;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunProgress;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.validate.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One run of the graph from the window: start and stop commands, state, progress and the return series the
 * chart draws. The engine calls back on its worker thread; progress is kept in an atomic reference and
 * handed to the UI executor by at most one pending task at a time, and telemetry lands in a
 * {@link TelemetryInbox} that the UI drains at frame rate ({@link #drainTelemetry()}). Properties change on the
 * UI executor only. Touches no control, so it is tested without a screen.
 */
public final class RunViewModel {
    private static final java.time.format.DateTimeFormatter CLOCK =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    /** A log line's time, always with seconds ({@code LocalTime.toString} drops them on the full minute). */
    public static String clock(java.time.LocalTime t) {
        return CLOCK.format(t);
    }

    /** Metric key of training episode returns, as the collector declares it. */
    public static final String EPISODIC_RETURN = RolloutCollector.EPISODIC_RETURN.key();
    /** Metric key of evaluation return means, as the evaluator declares it. */
    public static final String EVAL_RETURN = PolicyEvaluator.RETURN_MEAN.key();
    /** Telemetry queue length of the window's subscription (events beyond it are dropped, never waited for). */
    static final int QUEUE = 8192;

    private final Executor background;
    private final Executor ui;

    private final ObjectProperty<Map<String, Long>> budgets = new SimpleObjectProperty<>(this, "budgets", Map.of());
    private final ObjectProperty<Path> outDir = new SimpleObjectProperty<>(this, "outDir");
    private final ObjectProperty<Long> seed = new SimpleObjectProperty<>(this, "seed");
    private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(this, "state", RunState.IDLE);
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(this, "active", false);
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(this, "fraction", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<Path> runDir = new ReadOnlyObjectWrapper<>(this, "runDir");
    private final ReadOnlyObjectWrapper<RunResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyObjectWrapper<RunProgress> progress = new ReadOnlyObjectWrapper<>(this, "progress");
    private final ReadOnlyLongWrapper dataVersion = new ReadOnlyLongWrapper(this, "dataVersion", 0);

    /** Every metric of the current run by key, in order of first arrival (UI thread only). */
    private final Map<String, Series> metrics = new java.util.LinkedHashMap<>();
    private Session session;
    private final ObservableList<QueuedRun> queue = FXCollections.observableArrayList();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<GraphDocument> runDocument = new ReadOnlyObjectWrapper<>(this, "runDocument");
    /** Lines kept in the run log. */
    public static final int LOG_LINES = 200;

    /**
     * A run waiting for the one before it to end.
     *
     * @param name what the queue shows
     * @param doc the graph as it was when queued (a copy: later edits do not change it)
     * @param registry the node types to run it with
     * @param queuedAt when it was queued
     */
    public record QueuedRun(String name, GraphDocument doc, NodeRegistry registry, java.time.LocalTime queuedAt) {
        @Override
        public String toString() {
            return name + "  (queued " + clock(queuedAt) + ")";
        }
    }

    /**
     * @param background where graphs are prepared (validated) before the worker starts
     * @param ui the UI thread ({@code Platform::runLater} in the application)
     */
    public RunViewModel(Executor background, Executor ui) {
        this.background = background;
        this.ui = ui;
        state.addListener((o, a, b) -> active.set(b.active()));
        message.addListener((o, a, b) -> {
            if (b == null || b.isEmpty()) return;
            log.add(clock(java.time.LocalTime.now()) + "  " + b);
            if (log.size() > LOG_LINES) log.remove(0, log.size() - LOG_LINES);
        });
    }

    /** The state of one started run; engine threads touch only its atomics and its inbox. */
    private final class Session implements RunListener {
        final TelemetryInbox inbox = new TelemetryInbox();
        final SnapshotInbox snapshots = new SnapshotInbox();
        final AtomicReference<RunProgress> latest = new AtomicReference<>();
        final AtomicReference<NodeActivity> activity = new AtomicReference<>();
        final AtomicBoolean flushPending = new AtomicBoolean();
        final AtomicReference<RunHandle> handle = new AtomicReference<>();
        final AtomicBoolean stopRequested = new AtomicBoolean();
        final long iterationBudget;
        final CompletableFuture<RunResult> done = new CompletableFuture<>();

        Session(long iterationBudget) {
            this.iterationBudget = iterationBudget;
        }

        @Override
        public void started(Path dir) {
            ui.execute(() -> {
                if (session != this) return;
                runDir.set(dir);
                if (state.get() == RunState.STARTING) state.set(RunState.RUNNING);
                if (progress.get() == null) progressText.set("Running the first iteration\u2026");
                message.set("Running: writing " + dir);
            });
        }

        @Override
        public void compiled(NodeActivity a) {
            activity.set(a);
        }

        @Override
        public void progress(RunProgress p) {
            latest.set(p);
            if (flushPending.compareAndSet(false, true)) ui.execute(this::flush);
        }

        /** On the UI thread: shows the latest progress, however many reports came since the last flush. */
        void flush() {
            flushPending.set(false);
            RunProgress p = latest.getAndSet(null);
            if (p != null && session == this) showProgress(p, iterationBudget);
        }
    }

    /**
     * Which node the active run is executing and where its time goes, readable without waiting on the engine;
     * null when no run is active or it has not compiled yet.
     */
    public NodeActivity activity() {
        Session s = session;
        return s == null || !state.get().active() ? null : s.activity.get();
    }

    /**
     * Starts a run of {@code doc} with the options set on this model ({@link #budgetsProperty()},
     * {@link #outDirProperty()}, {@link #seedProperty()}). Returns at once: the graph is prepared on the
     * background executor and runs on the engine's worker thread. Call on the UI thread; ignored while a run
     * is active.
     *
     * @return completes with the result once the run has ended and the properties show it
     */
    public CompletableFuture<RunResult> start(GraphDocument doc, NodeRegistry registry) {
        if (state.get().active()) return session.done;
        runDocument.set(doc);
        Map<String, Long> b = budgets.get() == null ? Map.of() : Map.copyOf(budgets.get());
        RunOptions opts = new RunOptions(outDir.get(), seed.get(), Map.of(), b, RunOptions.defaults().checkpointEvery());
        Session s = new Session(b.getOrDefault("iterations", 0L));
        session = s;
        clearSeries();
        progress.set(null);
        result.set(null);
        runDir.set(null);
        fraction.set(0);
        progressText.set("Starting\u2026");
        message.set("Preparing the run\u2026");
        state.set(RunState.STARTING);

        Runner runner = new Runner(registry);
        CompletableFuture.supplyAsync(() -> {
            try {
                Runner.Prepared prepared = runner.prepare(doc, opts);
                RunHandle h = runner.start(prepared, s, bus -> bus.subscribe("gui", QUEUE, batch -> {
                    s.inbox.offer(batch);
                    s.snapshots.offer(batch);
                }));
                s.handle.set(h);
                if (s.stopRequested.get()) h.cancel();
                return h;
            } catch (InvalidGraphException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, background).whenComplete((h, ex) -> {
            if (ex != null) {
                ui.execute(() -> finish(s, null, ex));
            } else {
                h.result().whenComplete((r, rex) -> ui.execute(() -> finish(s, r, rex)));
            }
        });
        return s.done;
    }

    /** Asks the active run to stop after its current step of work. Never waits. */
    public void stop() {
        Session s = session;
        if (s == null || !state.get().active()) return;
        s.stopRequested.set(true);
        RunHandle h = s.handle.get();
        if (h != null) h.cancel();
        if (state.get() != RunState.STOPPING) {
            state.set(RunState.STOPPING);
            message.set("Stopping\u2026");
        }
    }

    /**
     * Moves telemetry that arrived since the last call into the series. Call on the UI thread, once a frame.
     *
     * @return true when the series changed
     */
    public boolean drainTelemetry() {
        Session s = session;
        if (s == null) return false;
        int moved = s.inbox.drainInto(key -> metric(key)::add);
        Map<String, List<io.rlwb.engine.telemetry.TelemetryFiles.Stamped<Object>>> snaps = s.snapshots.drain();
        if (!snaps.isEmpty()) snapshotSinks.forEach(c -> c.accept(snaps));
        if (moved > 0) dataVersion.set(dataVersion.get() + 1);
        return moved > 0;
    }

    /**
     * Adds a receiver of the current run's structured snapshots (by kind, in arrival order), called on the UI
     * thread at most once a frame from {@link #drainTelemetry()}.
     */
    public void onSnapshots(java.util.function.Consumer<Map<String, List<io.rlwb.engine.telemetry.TelemetryFiles.Stamped<Object>>>> sink) {
        snapshotSinks.add(sink);
    }

    private final List<java.util.function.Consumer<Map<String, List<io.rlwb.engine.telemetry.TelemetryFiles.Stamped<Object>>>>>
            snapshotSinks = new java.util.ArrayList<>();

    /** The series of metric {@code key} of the current run, created empty when none arrived yet (UI thread). */
    public Series metric(String key) {
        return metrics.computeIfAbsent(key, k -> new Series());
    }

    /** Every metric of the current run by key, in order of first arrival (UI thread only; read, do not change). */
    public Map<String, Series> metrics() {
        return java.util.Collections.unmodifiableMap(metrics);
    }

    private void clearSeries() {
        metrics.values().forEach(Series::clear);
        metrics.clear();
        metric(EPISODIC_RETURN);
        metric(EVAL_RETURN);
        dataVersion.set(dataVersion.get() + 1);
    }

    private void showProgress(RunProgress p, long iterationBudget) {
        double f = p.fraction();
        if (iterationBudget > 0) f = Math.max(f, Math.min(1.0, p.iteration() / (double) iterationBudget));
        progress.set(p);
        fraction.set(f);
        progressText.set(Formats.progressLine(p, f));
    }

    private void finish(Session s, RunResult r, Throwable ex) {
        if (session != s) return;
        s.flush();
        drainTelemetry();
        if (ex != null) {
            Throwable cause = ex;
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof InvalidGraphException ig) {
                message.set("Cannot run: " + describe(ig.diagnostics()));
            } else {
                message.set("Run failed: " + GraphViewModel.rootMessage(cause));
            }
            progressText.set("");
            state.set(RunState.FAILED);
        } else {
            result.set(r);
            if (r.completed()) {
                fraction.set(1.0);
                message.set("Completed " + Formats.grouped(r.envSteps()) + " steps in " + Formats.duration(r.wallS())
                        + (r.stopReason() == null ? "" : " (" + r.stopReason() + ")") + "  \u2192  " + r.dir());
                state.set(RunState.COMPLETED);
            } else if ("cancelled".equals(r.status())) {
                message.set("Stopped after " + Formats.grouped(r.envSteps()) + " steps  \u2192  " + r.dir());
                state.set(RunState.CANCELLED);
            } else {
                message.set("Run failed: " + (r.error() == null ? r.status() : r.error()));
                state.set(RunState.FAILED);
            }
        }
        s.done.complete(r);
        if (!queue.isEmpty()) ui.execute(this::startNext);
    }

    /**
     * Runs {@code doc} now when no run is active, else after the runs queued before it. Call on the UI thread.
     * Pass a copy of a document that is still being edited.
     *
     * @return the queue entry, or null when the run started at once
     */
    public QueuedRun enqueue(String name, GraphDocument doc, NodeRegistry registry) {
        if (!state.get().active()) {
            start(doc, registry);
            return null;
        }
        QueuedRun q = new QueuedRun(name, doc, registry, java.time.LocalTime.now());
        queue.add(q);
        log.add(clock(q.queuedAt()) + "  queued: " + name + " (" + queue.size() + " waiting)");
        return q;
    }

    /** Takes a waiting run off the queue. */
    public void unqueue(QueuedRun q) {
        queue.remove(q);
    }

    private void startNext() {
        if (state.get().active() || queue.isEmpty()) return;
        QueuedRun q = queue.remove(0);
        log.add(clock(java.time.LocalTime.now()) + "  starting queued run: " + q.name());
        start(q.doc(), q.registry());
    }

    /** Runs waiting for the active one to end, first to run first. */
    public ObservableList<QueuedRun> queue() { return queue; }

    /** What happened in runs from this window, a line each, oldest first (at most {@value #LOG_LINES}). */
    public ObservableList<String> log() { return log; }

    /** The graph of the current (or last) run. */
    public ReadOnlyObjectProperty<GraphDocument> runDocumentProperty() { return runDocument.getReadOnlyProperty(); }

    /** Diagnostics as one line: the first few, then how many more. */
    static String describe(List<Diagnostic> diags) {
        String head = diags.stream().limit(3).map(Diagnostic::toString).collect(Collectors.joining("; "));
        return diags.size() > 3 ? head + " (and " + (diags.size() - 3) + " more)" : head;
    }

    /** Stops the active run, if any, without waiting (window closing). */
    public void dispose() {
        queue.clear();
        Session s = session;
        if (s != null) {
            s.stopRequested.set(true);
            RunHandle h = s.handle.get();
            if (h != null) h.cancel();
        }
    }

    /** Budget overrides for the next run ({@code iterations}, {@code env_steps}); empty: the graph's own. */
    public ObjectProperty<Map<String, Long>> budgetsProperty() { return budgets; }

    /** Run directory of the next run; null: {@code runs/<time>-<name>-s<seed>} under the working directory. */
    public ObjectProperty<Path> outDirProperty() { return outDir; }

    /** Seed of the next run; null: the graph's own. */
    public ObjectProperty<Long> seedProperty() { return seed; }

    public ReadOnlyObjectProperty<RunState> stateProperty() { return state.getReadOnlyProperty(); }

    public RunState getState() { return state.get(); }

    /** True while a run is starting, running or stopping. */
    public ReadOnlyBooleanProperty activeProperty() { return active.getReadOnlyProperty(); }

    /** Progress in [0, 1]. */
    public ReadOnlyDoubleProperty fractionProperty() { return fraction.getReadOnlyProperty(); }

    /** The progress line, such as {@code 45%  67,584 / 150,000 steps  3,210 steps/s  return 234.5}. */
    public ReadOnlyStringProperty progressTextProperty() { return progressText.getReadOnlyProperty(); }

    /** What happened last, in words: preparing, running, completed (and where), stopped, why it failed. */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }

    /** The run directory of the current or last run. */
    public ReadOnlyObjectProperty<Path> runDirProperty() { return runDir.getReadOnlyProperty(); }

    /** The last run's result; null while running. */
    public ReadOnlyObjectProperty<RunResult> resultProperty() { return result.getReadOnlyProperty(); }

    /** The latest progress report shown. */
    public ReadOnlyObjectProperty<RunProgress> progressProperty() { return progress.getReadOnlyProperty(); }

    /** Changes whenever the series change: the chart redraws on it. */
    public ReadOnlyLongProperty dataVersionProperty() { return dataVersion.getReadOnlyProperty(); }

    /** Training episode returns by env step (UI thread only). */
    public Series returns() { return metric(EPISODIC_RETURN); }

    /** Evaluation return means by env step (UI thread only). */
    public Series evals() { return metric(EVAL_RETURN); }
}
