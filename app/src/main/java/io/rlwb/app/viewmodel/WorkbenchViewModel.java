package io.rlwb.app.viewmodel;

import io.rlwb.app.editor.LiveValidator;
import io.rlwb.app.editor.RunScope;
import io.rlwb.app.files.RecentFiles;
import io.rlwb.app.files.RecoveryStore;
import io.rlwb.app.files.WorkbenchDirs;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.Backend;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.validate.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The main window's ViewModel: the graph shown ({@link GraphViewModel}), its run ({@link RunViewModel}), the
 * backend label and whether Run may be pressed (and if not, why). The node registry and the backend label
 * are looked up on background threads when the model is made; nothing here blocks the UI thread.
 */
public final class WorkbenchViewModel {
    /** Window title prefix. */
    public static final String APP_NAME = "RL Workbench";

    private final Executor ui;
    private final Executor background;
    private final ExecutorService ownedPool;
    private final CompletableFuture<NodeRegistry> registry;
    private final GraphViewModel graph;
    private final RunViewModel run;
    private final FilesViewModel files;
    private final ReadOnlyStringWrapper backendLabel = new ReadOnlyStringWrapper(this, "backendLabel", "backend: detecting\u2026");
    private final ReadOnlyBooleanWrapper registryReady = new ReadOnlyBooleanWrapper(this, "registryReady", false);
    private final ReadOnlyStringWrapper registryProblem = new ReadOnlyStringWrapper(this, "registryProblem", "");
    private final BooleanBinding canRun;
    private final BooleanBinding canQueue;
    private final StringBinding runBlockedReason;
    private final StringBinding title;

    /**
     * @param registryLoader loads the node types (called once, on {@code background})
     * @param backendLabel names the compute backend (called once, on {@code background}); may be slow
     * @param background worker threads for loading and validating
     * @param ui the UI thread ({@code Platform::runLater} in the application)
     */
    public WorkbenchViewModel(Supplier<NodeRegistry> registryLoader, Supplier<String> backendLabel, Executor background,
                              Executor ui) {
        this(registryLoader, backendLabel, background, ui, null, LiveValidator.DEFAULT_DELAY_MS);
    }

    /** As above, with the debounce delay of live validation ({@code 0} in tests that pump the UI queue). */
    public WorkbenchViewModel(Supplier<NodeRegistry> registryLoader, Supplier<String> backendLabel, Executor background,
                              Executor ui, long validationDelayMs) {
        this(registryLoader, backendLabel, background, ui, null, validationDelayMs);
    }

    private WorkbenchViewModel(Supplier<NodeRegistry> registryLoader, Supplier<String> backendLabelLoader,
                               Executor background, Executor ui, ExecutorService ownedPool, long validationDelayMs) {
        this.ui = ui;
        this.background = background;
        this.ownedPool = ownedPool;
        this.registry = CompletableFuture.supplyAsync(registryLoader, background);
        this.graph = new GraphViewModel(registry, background, ui, validationDelayMs);
        this.run = new RunViewModel(background, ui);
        this.files = new FilesViewModel(graph, background, ui, new RecentFiles(WorkbenchDirs.recentFile()),
                new RecoveryStore(WorkbenchDirs.recoveryDir()), WorkbenchDirs.samplesDir());
        run.stateProperty().addListener((o, a, b) -> markRunNodes(b));
        registry.whenComplete((r, ex) -> ui.execute(() -> {
            if (ex != null) registryProblem.set("cannot load the node types: " + GraphViewModel.rootMessage(ex));
            else registryProblem.set(failedPlugins(r));
            registryReady.set(ex == null);
        }));
        CompletableFuture.supplyAsync(backendLabelLoader, background).whenComplete((label, ex) -> ui.execute(() ->
                backendLabel.set(ex != null ? "backend unavailable: " + GraphViewModel.rootMessage(ex) : label)));

        canRun = Bindings.createBooleanBinding(() -> blockedReason() == null, graph.documentProperty(),
                graph.loadingProperty(), graph.errorCountProperty(), run.activeProperty(), registryReady);
        canQueue = Bindings.createBooleanBinding(() -> run.activeProperty().get() && queueBlockedReason() == null,
                graph.documentProperty(), graph.loadingProperty(), graph.errorCountProperty(), run.activeProperty(),
                registryReady);
        runBlockedReason = Bindings.createStringBinding(() -> {
            String r = blockedReason();
            return r == null ? "Run the graph (Ctrl+R)" : r;
        }, graph.documentProperty(), graph.loadingProperty(), graph.errorCountProperty(), run.activeProperty(),
                registryReady, graph.getDiagnostics());
        title = Bindings.createStringBinding(() -> {
            String name = graph.graphNameProperty().get();
            String star = graph.dirtyProperty().get() ? "*" : "";
            return name == null || name.isBlank() ? APP_NAME : star + name + " \u2014 " + APP_NAME;
        }, graph.graphNameProperty(), graph.dirtyProperty());
    }

    /**
     * The model the application uses: the node types from {@link #appRegistry()}, the label from
     * {@link Backend#label()}, a small pool of daemon threads, and {@code Platform::runLater}.
     */
    public static WorkbenchViewModel createDefault() {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "workbench-bg-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new WorkbenchViewModel(WorkbenchViewModel::appRegistry, Backend::labelWithReason, pool, Platform::runLater, pool,
                LiveValidator.DEFAULT_DELAY_MS);
    }

    /**
     * The application's node types: the classpath's providers and the jars of {@link WorkbenchDirs#pluginDir()}
     * ({@code ~/.workbench/plugins}, or under {@code -Dworkbench.user.home}, which tests point at a temporary
     * folder so they never load the developer's own plugins).
     */
    public static NodeRegistry appRegistry() {
        return NodeRegistry.load(WorkbenchDirs.pluginDir());
    }

    private String blockedReason() {
        if (run.activeProperty().get()) return "A run is in progress";
        return queueBlockedReason();
    }

    /** Why the graph cannot be run (now or queued), or null. */
    private String queueBlockedReason() {
        if (graph.loadingProperty().get()) return "Loading the graph\u2026";
        if (!registryReady.get()) {
            return registryProblem.get().isEmpty() ? "Loading node types\u2026" : registryProblem.get();
        }
        if (graph.getDocument() == null) return "Open a graph file first (Ctrl+O)";
        if (graph.getDocument().nodes().isEmpty()) return "The graph is empty: add nodes first (Space or double-click the canvas)";
        int errors = graph.errorCountProperty().get();
        if (errors > 0) {
            List<Diagnostic> list = graph.getDiagnostics().stream().filter(Diagnostic::isError).toList();
            String shown = list.stream().limit(5).map(d -> "\u2022 " + d).collect(Collectors.joining("\n"));
            String more = list.size() > 5 ? "\n(and " + (list.size() - 5) + " more)" : "";
            return "Cannot run: the graph has " + GraphViewModel.plural(errors, "error") + "\n" + shown + more;
        }
        return null;
    }

    private static String failedPlugins(NodeRegistry r) {
        return r.plugins().stream().filter(p -> !p.loaded()).map(p -> p.name() + ": " + p.error())
                .collect(Collectors.joining("; "));
    }

    /** Loads a graph file (see {@link FilesViewModel#open}). Call on the UI thread. */
    public CompletableFuture<Void> open(Path file) {
        return files.open(file);
    }

    /**
     * Queues a run of the graph as it is now, to start when the active run ends (see
     * {@link RunViewModel#enqueue}); runs at once when none is active. Call on the UI thread.
     */
    public void queueRun() {
        GraphDocument doc = graph.getDocument();
        if (doc == null || queueBlockedReason() != null) return;
        run.enqueue(graph.graphNameProperty().get(), doc.deepCopy(), registry.getNow(null));
    }

    /**
     * Marks the nodes of the run's graph on the canvas: waiting while it is active (until
     * {@link #pollRunActivity} sees them execute), done once it completed.
     */
    private void markRunNodes(RunState s) {
        GraphDocument doc = run.runDocumentProperty().get();
        graph.runMarks().clear();
        graph.runFailures().clear();
        if (s == RunState.FAILED) {
            markFailedNode();
            return;
        }
        if (doc == null || !(s.active() || s == RunState.COMPLETED)) return;
        RunMark mark = s == RunState.COMPLETED ? RunMark.DONE : RunMark.WAITING;
        for (String id : RunScope.of(doc, registry.getNow(null))) {
            if (graph.getDocument() != null && graph.getDocument().node(id).isPresent()) graph.runMarks().put(id, mark);
        }
    }

    /**
     * Marks the node the failed run failed in ({@link RunResult#failedNode()}) when the graph shown has it, with
     * the run's error for its tooltip.
     */
    private void markFailedNode() {
        RunResult r = run.resultProperty().get();
        if (r == null || r.failedNode() == null) return;
        if (graph.getDocument() == null || graph.getDocument().node(r.failedNode()).isEmpty()) return;
        graph.runFailures().put(r.failedNode(), r.error() == null ? "the run failed here" : r.error());
        graph.runMarks().put(r.failedNode(), RunMark.FAILED);
    }

    /** How long after a node finished it still shows as running: nodes that take a millisecond stay visible. */
    static final long ACTIVE_WINDOW_NANOS = 250_000_000L;

    /**
     * Highlights the nodes the active run is executing now (or was, within {@link #ACTIVE_WINDOW_NANOS}); the
     * window calls it once per frame. Reads the engine's {@link io.rlwb.engine.runtime.NodeActivity} without
     * waiting on it and touches the marks only where they change.
     *
     * @param nowNanos {@link System#nanoTime()} of the frame
     */
    public void pollRunActivity(long nowNanos) {
        var activity = run.activity();
        if (activity == null) return;
        for (var e : java.util.List.copyOf(graph.runMarks().entrySet())) {
            RunMark want = activity.activeWithin(e.getKey(), nowNanos, ACTIVE_WINDOW_NANOS) ? RunMark.RUNNING
                    : RunMark.WAITING;
            if (e.getValue() != want && e.getValue() != RunMark.DONE) graph.runMarks().put(e.getKey(), want);
        }
    }

    /**
     * Runs the graph shown, when {@link #canRunProperty()} allows. Call on the UI thread; returns at once.
     *
     * @return the run's result, or an already completed null future when Run is not allowed now
     */
    public CompletableFuture<RunResult> runGraph() {
        GraphDocument doc = graph.getDocument();
        if (!canRun.get() || doc == null) return CompletableFuture.completedFuture(null);
        // A copy: the user may go on editing while the graph runs.
        return run.start(doc.deepCopy(), registry.getNow(null));
    }

    /** Stops the active run without waiting for it. */
    public void stopRun() {
        run.stop();
    }

    /** Stops any run and lets the background threads go; the window is closing. */
    public void shutdown() {
        files.dispose();
        run.dispose();
        if (ownedPool != null) ownedPool.shutdownNow();
    }

    public GraphViewModel graph() { return graph; }

    public RunViewModel run() { return run; }

    /** New, Open, Save, recent files and recovery copies. */
    public FilesViewModel files() { return files; }

    /** True while a run is active and the graph could be queued to run after it. */
    public BooleanBinding canQueueProperty() { return canQueue; }

    /** The node types, once loaded. */
    public CompletableFuture<NodeRegistry> registry() { return registry; }

    /** Worker threads for loading files and writing reports off the UI thread. */
    public Executor backgroundExecutor() { return background; }

    /** The UI executor this model posts to. */
    public Executor uiExecutor() { return ui; }

    /** "CPU avx512", or why the backend is unavailable. */
    public ReadOnlyStringProperty backendLabelProperty() { return backendLabel.getReadOnlyProperty(); }

    /** True once the node types have loaded. */
    public ReadOnlyBooleanProperty registryReadyProperty() { return registryReady.getReadOnlyProperty(); }

    /** Plugins that failed to load, or why the registry could not load; empty when all is well. */
    public ReadOnlyStringProperty registryProblemProperty() { return registryProblem.getReadOnlyProperty(); }

    /** True when Run may be pressed: a graph is loaded, valid, and no run is active. */
    public BooleanBinding canRunProperty() { return canRun; }

    /** Why Run is disabled (a tooltip), or what it does when it is enabled. */
    public StringBinding runBlockedReasonProperty() { return runBlockedReason; }

    /** The window title: graph name and application name. */
    public StringBinding titleProperty() { return title; }
}
