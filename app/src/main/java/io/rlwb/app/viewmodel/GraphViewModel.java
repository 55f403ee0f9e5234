package io.rlwb.app.viewmodel;

import io.rlwb.app.editor.CommandStack;
import io.rlwb.app.editor.GraphEditor;
import io.rlwb.app.editor.Groups;
import io.rlwb.app.editor.LiveValidator;
import io.rlwb.app.ui.Formats;
import io.rlwb.app.ui.graph.NodeView;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphFileException;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.validate.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The graph in the window: the document, what the canvas draws of it (nodes, wires, group boxes), its
 * validation, the selection and the edits ({@link #edits()}). Reading, writing and validation run on a background
 * executor; properties change on the UI executor only. After every edit the views are rebuilt at once and the
 * graph is validated again, debounced, off the UI thread. Touches no control, so it is tested without a screen.
 */
public final class GraphViewModel {
    /** Name of a graph that has none and no file. */
    public static final String UNTITLED = "Untitled graph";

    private final CompletableFuture<NodeRegistry> registry;
    private final Executor background;
    private final Executor ui;

    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyObjectWrapper<GraphDocument> document = new ReadOnlyObjectWrapper<>(this, "document");
    private final ReadOnlyStringWrapper graphName = new ReadOnlyStringWrapper(this, "graphName", "");
    private final ReadOnlyStringWrapper loadError = new ReadOnlyStringWrapper(this, "loadError", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyIntegerWrapper errorCount = new ReadOnlyIntegerWrapper(this, "errorCount", 0);
    private final ReadOnlyIntegerWrapper warningCount = new ReadOnlyIntegerWrapper(this, "warningCount", 0);
    private final ReadOnlyStringWrapper validationText = new ReadOnlyStringWrapper(this, "validationText", "no graph");
    private final ReadOnlyIntegerWrapper version = new ReadOnlyIntegerWrapper(this, "version", 0);
    private final ObservableList<NodeView> nodes = FXCollections.observableArrayList();
    private final ObservableList<WireView> wires = FXCollections.observableArrayList();
    private final ObservableList<Groups.GroupBox> groups = FXCollections.observableArrayList();
    private final ObservableList<Diagnostic> diagnostics = FXCollections.observableArrayList();
    private final ObservableList<NodeView> nodesView = FXCollections.unmodifiableObservableList(nodes);
    private final ObservableList<WireView> wiresView = FXCollections.unmodifiableObservableList(wires);
    private final ObservableList<Groups.GroupBox> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final ObservableList<Diagnostic> diagnosticsView = FXCollections.unmodifiableObservableList(diagnostics);
    private final ObservableMap<String, RunMark> runMarks = FXCollections.observableHashMap();
    private final ObservableMap<String, String> runFailures = FXCollections.observableHashMap();
    private final CommandStack commands = new CommandStack();
    private final GraphEditor editor;
    private final Selection selection = new Selection();
    private final LiveValidator validator;
    private CompletableFuture<Void> validation = CompletableFuture.completedFuture(null);
    private final EditActions edits;
    private long generation;

    /**
     * @param registry node types; may still be loading (the first look-up can take a while)
     * @param background where files are read and written and graphs validated
     * @param ui the UI thread ({@code Platform::runLater} in the application)
     */
    public GraphViewModel(CompletableFuture<NodeRegistry> registry, Executor background, Executor ui) {
        this(registry, background, ui, LiveValidator.DEFAULT_DELAY_MS);
    }

    /** As above, with the debounce delay of live validation ({@code 0}: validate right after each edit). */
    public GraphViewModel(CompletableFuture<NodeRegistry> registry, Executor background, Executor ui, long validationDelayMs) {
        this.registry = registry;
        this.background = background;
        this.ui = ui;
        this.editor = new GraphEditor(commands, () -> registry.getNow(null));
        this.validator = new LiveValidator(background, ui, validationDelayMs);
        this.edits = new EditActions(this);
        commands.addListener(c -> edited());
        // Once the node types arrive, cards get their ports and names.
        registry.thenRun(() -> ui.execute(() -> { if (document.get() != null) refresh(); }));
    }

    /**
     * Loads a graph file: reads and validates it off the UI thread, then shows it with a clean undo history.
     * When the file cannot be read, the graph shown so far stays and {@link #loadErrorProperty()} says why.
     * Call on the UI thread.
     *
     * @return completes (on the UI executor) once the properties show the outcome
     */
    public CompletableFuture<Void> load(Path path) {
        long gen = ++generation;
        loading.set(true);
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> read(path), background).whenComplete((outcome, ex) -> ui.execute(() -> {
            try {
                if (gen == generation) {
                    loading.set(false);
                    Outcome o = ex == null ? outcome : Outcome.failed("cannot open " + path + ": " + rootMessage(ex));
                    if (o.error != null) loadError.set(o.error);
                    else show(o.doc, path, false, o.diagnostics);
                }
            } finally {
                done.complete(null);
            }
        }));
        return done;
    }

    /**
     * Shows {@code doc} (a new graph, a sample, a recovered copy) as belonging to {@code path} (null: not saved
     * yet), with a clean undo history; {@code dirty} marks it unsaved. Validation follows off the UI thread.
     */
    public void show(GraphDocument doc, Path path, boolean dirty) {
        ++generation;
        loading.set(false);
        show(doc, path, dirty, null);
    }

    private void show(GraphDocument doc, Path path, boolean dirty, List<Diagnostic> diags) {
        loadError.set("");
        editor.setDocument(doc);
        if (dirty) commands.markDirty();
        selection.clear();
        runMarks.clear();
        runFailures.clear();
        file.set(path);
        document.set(doc);
        refreshName();
        if (diags != null) applyDiagnostics(diags);
        else {
            refresh();
            validate();
        }
    }

    /** Validates the document shown now again (after the registry changed, for example). Call on the UI thread. */
    public CompletableFuture<Void> revalidate() {
        return document.get() == null ? CompletableFuture.completedFuture(null) : validate();
    }

    /**
     * The latest validation asked for (after a load, an edit or {@link #revalidate}): done once its diagnostics
     * are shown, or once a later request superseded it (then this returns the later one). Call on the UI thread.
     */
    public CompletableFuture<Void> validation() {
        return validation;
    }

    private CompletableFuture<Void> validate() {
        validation = validator.request(document::get, registry, this::applyDiagnostics);
        return validation;
    }

    /**
     * Writes the document to {@code target} (atomically, off the UI thread). Edits made while it is written
     * stay unsaved. On success the document belongs to {@code target}.
     *
     * @return completes on the UI executor; exceptionally with the {@link IOException} when the write failed
     */
    public CompletableFuture<Void> save(Path target) {
        GraphDocument doc = document.get();
        if (doc == null) return CompletableFuture.failedFuture(new IllegalStateException("no graph to save"));
        GraphDocument copy = doc.deepCopy();
        Object position = commands.position();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture.runAsync(() -> {
            try {
                Path parent = target.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                GraphFile.write(copy, target);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, background).whenComplete((v, ex) -> ui.execute(() -> {
            if (ex != null) {
                done.completeExceptionally(ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex);
                return;
            }
            if (document.get() == doc) {
                commands.markSaved(position);
                file.set(target);
                refreshName();
            }
            done.complete(null);
        }));
        return done;
    }

    private Outcome read(Path path) {
        if (!Files.exists(path)) return Outcome.failed("graph file not found: " + path.toAbsolutePath().normalize());
        GraphDocument doc;
        try {
            doc = new GraphFile().read(path);
        } catch (GraphFileException e) {
            return Outcome.failed(e.where() + ": " + e.getMessage());
        }
        NodeRegistry reg;
        try {
            reg = registry.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return Outcome.failed("cannot load the node types: " + rootMessage(e));
        }
        return new Outcome(doc, LiveValidator.validate(reg, doc), null);
    }

    /** After every execute, undo and redo: views now, validation soon. */
    private void edited() {
        if (document.get() == null) return;
        refreshName();
        refresh();
        validate();
    }

    private void applyDiagnostics(List<Diagnostic> diags) {
        diagnostics.setAll(diags);
        int errors = (int) diags.stream().filter(Diagnostic::isError).count();
        errorCount.set(errors);
        warningCount.set(diags.size() - errors);
        validationText.set(validationSummary(diags));
        refresh();
    }

    /** Rebuilds nodes, wires and group boxes from the document (cheap: done after every edit). */
    private void refresh() {
        GraphDocument doc = document.get();
        if (doc == null) return;
        List<NodeView> nv = GraphViews.nodeViews(doc, registry.getNow(null), diagnostics);
        List<WireView> wv = GraphViews.wireViews(doc, nv);
        List<Groups.GroupBox> gv = Groups.read(doc);
        wires.clear();
        groups.setAll(gv);
        nodes.setAll(nv);
        wires.setAll(wv);
        Set<String> ids = new HashSet<>();
        nv.forEach(n -> ids.add(n.id()));
        selection.retain(ids, wv, gv.size());
        version.set(version.get() + 1);
    }

    private void refreshName() {
        GraphDocument doc = document.get();
        Path p = file.get();
        graphName.set(doc != null && !doc.name().isBlank() ? doc.name() : p != null ? String.valueOf(p.getFileName()) : UNTITLED);
    }

    /** "valid", "valid, 1 warning", "2 problems", ... */
    public static String validationSummary(List<Diagnostic> diags) {
        long errors = diags.stream().filter(Diagnostic::isError).count();
        long warnings = diags.size() - errors;
        if (errors == 0) return warnings == 0 ? "valid" : "valid, " + plural(warnings, "warning");
        return plural(diags.size(), "problem");
    }

    static String plural(long n, String word) {
        return Formats.grouped(n) + " " + word + (n == 1 ? "" : "s");
    }

    /** Node view data (see {@link GraphViews#nodeViews}). */
    public static List<NodeView> nodeViews(GraphDocument doc, NodeRegistry reg, List<Diagnostic> diags) {
        return GraphViews.nodeViews(doc, reg, diags);
    }

    /** Wire view data (see {@link GraphViews#wireViews}). */
    public static List<WireView> wireViews(GraphDocument doc, List<NodeView> nodes) {
        return GraphViews.wireViews(doc, nodes);
    }

    /** The message of the innermost cause worth showing: completion wrappers are unwrapped. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private record Outcome(GraphDocument doc, List<Diagnostic> diagnostics, String error) {
        static Outcome failed(String error) {
            return new Outcome(null, List.of(), error);
        }
    }

    /** The node types, once loaded. */
    public CompletableFuture<NodeRegistry> registry() { return registry; }

    /** The editing operations on this graph (each one undo step). */
    public EditActions edits() { return edits; }

    GraphEditor editor() { return editor; }

    /** Undo and redo, and whether the graph has unsaved changes. */
    public CommandStack commands() { return commands; }

    /** What is selected on the canvas. */
    public Selection selection() { return selection; }

    /** Nodes a run is executing or has completed, and the node a failed run failed in. */
    public ObservableMap<String, RunMark> runMarks() { return runMarks; }

    /**
     * Why the last run failed, by the node it failed in ({@link RunMark#FAILED}): the run's error, such as
     * {@code trainer: diverged at step 1024: policy loss is NaN ...}. Set before the node's mark.
     */
    public ObservableMap<String, String> runFailures() { return runFailures; }

    /** True when the graph has unsaved changes. */
    public ReadOnlyBooleanProperty dirtyProperty() { return commands.dirtyProperty(); }

    public ReadOnlyObjectProperty<Path> fileProperty() { return file.getReadOnlyProperty(); }

    public Path getFile() { return file.get(); }

    /** The document shown; null until a graph has been loaded or made. */
    public ReadOnlyObjectProperty<GraphDocument> documentProperty() { return document.getReadOnlyProperty(); }

    public GraphDocument getDocument() { return document.get(); }

    /** The graph's name, else the file name, else {@value #UNTITLED}. */
    public ReadOnlyStringProperty graphNameProperty() { return graphName.getReadOnlyProperty(); }

    /** Why the last load failed, for users; empty after a successful load. */
    public ReadOnlyStringProperty loadErrorProperty() { return loadError.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }

    public ReadOnlyIntegerProperty errorCountProperty() { return errorCount.getReadOnlyProperty(); }

    public ReadOnlyIntegerProperty warningCountProperty() { return warningCount.getReadOnlyProperty(); }

    /** "valid", "valid, 1 warning" or "3 problems". */
    public ReadOnlyStringProperty validationTextProperty() { return validationText.getReadOnlyProperty(); }

    /** Counts rebuilds of the views: the canvas redraws when it changes. */
    public ReadOnlyIntegerProperty versionProperty() { return version.getReadOnlyProperty(); }

    /** Nodes to draw (read-only for views). */
    public ObservableList<NodeView> getNodes() { return nodesView; }

    /** Wires to draw (read-only for views). */
    public ObservableList<WireView> getWires() { return wiresView; }

    /** Group boxes to draw. */
    public ObservableList<Groups.GroupBox> getGroups() { return groupsView; }

    /** Validation problems of the document shown. */
    public ObservableList<Diagnostic> getDiagnostics() { return diagnosticsView; }
}
