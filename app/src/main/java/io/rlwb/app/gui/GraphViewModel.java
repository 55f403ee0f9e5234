package io.rlwb.app.gui;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphFileException;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.validate.Diagnostic;
import io.rlwb.engine.validate.ValidationResult;
import io.rlwb.engine.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

/**
 * The loaded graph as the window shows it: the document, the node and wire view data the canvas draws, and
 * the validation diagnostics. Reading, registry look-ups and validation run on a background executor; the
 * properties change on the UI executor only. Touches no control, so it is tested without a screen.
 */
public final class GraphViewModel {
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
    private final ObservableList<NodeView> nodes = FXCollections.observableArrayList();
    private final ObservableList<WireView> wires = FXCollections.observableArrayList();
    private final ObservableList<Diagnostic> diagnostics = FXCollections.observableArrayList();
    private final ObservableList<NodeView> nodesView = FXCollections.unmodifiableObservableList(nodes);
    private final ObservableList<WireView> wiresView = FXCollections.unmodifiableObservableList(wires);
    private final ObservableList<Diagnostic> diagnosticsView = FXCollections.unmodifiableObservableList(diagnostics);
    private long generation;

    /**
     * @param registry node types; may still be loading (the first look-up can take a while)
     * @param background where files are read and graphs validated
     * @param ui the UI thread ({@code Platform::runLater} in the application)
     */
    public GraphViewModel(CompletableFuture<NodeRegistry> registry, Executor background, Executor ui) {
        this.registry = registry;
        this.background = background;
        this.ui = ui;
    }

    /**
     * Loads a graph file: reads and validates it off the UI thread, then shows it. When the file cannot be
     * read, the graph shown so far stays and {@link #loadErrorProperty()} says why. Call on the UI thread.
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
                    apply(path, ex == null ? outcome : Outcome.failed(path, "cannot open " + path + ": " + rootMessage(ex)));
                }
            } finally {
                done.complete(null);
            }
        }));
        return done;
    }

    /** Validates the document shown now again (after the registry changed, for example). Call on the UI thread. */
    public CompletableFuture<Void> revalidate() {
        GraphDocument doc = document.get();
        Path path = file.get();
        if (doc == null) return CompletableFuture.completedFuture(null);
        long gen = ++generation;
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> analyse(path, doc), background).whenComplete((o, ex) -> ui.execute(() -> {
            if (gen == generation && ex == null) apply(path, o);
            done.complete(null);
        }));
        return done;
    }

    private Outcome read(Path path) {
        if (!Files.exists(path)) return Outcome.failed(path, "graph file not found: " + path.toAbsolutePath().normalize());
        GraphDocument doc;
        try {
            doc = new GraphFile().read(path);
        } catch (GraphFileException e) {
            return Outcome.failed(path, e.where() + ": " + e.getMessage());
        }
        return analyse(path, doc);
    }

    private Outcome analyse(Path path, GraphDocument doc) {
        NodeRegistry reg;
        try {
            reg = registry.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return Outcome.failed(path, "cannot load the node types: " + rootMessage(e));
        }
        List<Diagnostic> diags;
        try {
            ValidationResult v = new Validator(reg).validate(doc);
            diags = v.diagnostics();
        } catch (RuntimeException e) {
            diags = List.of(Diagnostic.error(path.getFileName().toString(), null, "validation failed: " + rootMessage(e)));
        }
        List<NodeView> nv = nodeViews(doc, reg, diags);
        return new Outcome(path, doc, nv, wireViews(doc, nv), diags, null);
    }

    private void apply(Path path, Outcome o) {
        if (o.error != null) {
            loadError.set(o.error);
            return;
        }
        loadError.set("");
        file.set(path);
        graphName.set(o.doc.name().isBlank() ? String.valueOf(path.getFileName()) : o.doc.name());
        diagnostics.setAll(o.diagnostics);
        int errors = (int) o.diagnostics.stream().filter(Diagnostic::isError).count();
        errorCount.set(errors);
        warningCount.set(o.diagnostics.size() - errors);
        validationText.set(validationSummary(o.diagnostics));
        wires.clear();
        nodes.setAll(o.nodes);
        wires.setAll(o.wires);
        document.set(o.doc);
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

    /** Node view data: types looked up, ports listed, positions from {@code ui} or the fallback layout. */
    public static List<NodeView> nodeViews(GraphDocument doc, NodeRegistry reg, List<Diagnostic> diags) {
        Map<String, List<PortView>> ins = new LinkedHashMap<>();
        Map<String, List<PortView>> outs = new LinkedHashMap<>();
        Map<String, Optional<NodeType>> types = new LinkedHashMap<>();
        for (GraphNode n : doc.nodes()) {
            if (types.containsKey(n.id())) continue;
            Optional<NodeType> t = reg == null ? Optional.empty() : reg.find(n.type());
            types.put(n.id(), t);
            ins.put(n.id(), new ArrayList<>(t.map(tt -> ports(tt.inputs())).orElse(List.of())));
            outs.put(n.id(), new ArrayList<>(t.map(tt -> ports(tt.outputs())).orElse(List.of())));
        }
        // Ports that wires name but the type does not declare (or the type is unknown) are drawn too.
        for (GraphEdge e : doc.edges()) {
            addUndeclared(outs, e.fromRef());
            addUndeclared(ins, e.toRef());
        }
        Map<String, Integer> rows = new LinkedHashMap<>();
        ins.forEach((id, l) -> rows.put(id, Math.max(l.size(), outs.get(id).size())));
        Map<String, double[]> pos = GraphLayout.place(doc, rows);
        List<NodeView> result = new ArrayList<>();
        for (GraphNode n : doc.nodes()) {
            if (result.stream().anyMatch(r -> r.id().equals(n.id()))) continue;
            Optional<NodeType> t = types.get(n.id());
            List<String> problems = new ArrayList<>();
            NodeView.Status status = NodeView.Status.OK;
            for (Diagnostic d : diags) {
                if (!n.id().equals(d.node())) continue;
                problems.add((d.port() == null ? "" : d.port() + ": ") + (d.isError() ? "" : "warning: ") + d.message());
                if (d.isError()) status = NodeView.Status.ERROR;
                else if (status == NodeView.Status.OK) status = NodeView.Status.WARNING;
            }
            double[] p = pos.get(n.id());
            result.add(new NodeView(n.id(), n.type(), t.map(NodeType::displayName).orElse("Unknown type " + n.type()),
                    t.map(NodeType::category).orElse("Unknown"), t.isPresent(), p[0], p[1], ins.get(n.id()),
                    outs.get(n.id()), status, problems));
        }
        return result;
    }

    private static List<PortView> ports(List<PortSpec> specs) {
        List<PortView> l = new ArrayList<>();
        for (PortSpec s : specs) {
            l.add(new PortView(s.name(), s.type().id(), s.type().kind(), s.required(), s.description(), true));
        }
        return l;
    }

    private static void addUndeclared(Map<String, List<PortView>> ports, PortRef ref) {
        if (ref == null || !ports.containsKey(ref.node())) return;
        List<PortView> l = ports.get(ref.node());
        if (l.stream().noneMatch(p -> p.name().equals(ref.port()))) {
            l.add(new PortView(ref.port(), "?", null, false, "not a port of this node type", false));
        }
    }

    /** Wire view data; wires whose ends name no node are left out (validation reports them). */
    public static List<WireView> wireViews(GraphDocument doc, List<NodeView> nodes) {
        Map<String, NodeView> byId = new LinkedHashMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        List<WireView> l = new ArrayList<>();
        for (GraphEdge e : doc.edges()) {
            PortRef a = e.fromRef();
            PortRef b = e.toRef();
            if (a == null || b == null) continue;
            NodeView fn = byId.get(a.node());
            NodeView tn = byId.get(b.node());
            if (fn == null || tn == null) continue;
            PortView out = fn.outputs().get(Math.max(0, fn.outputIndex(a.port())));
            PortView in = tn.inputs().get(Math.max(0, tn.inputIndex(b.port())));
            boolean valid = out.declared() && in.declared() && out.typeId().equals(in.typeId());
            l.add(new WireView(a.node(), a.port(), b.node(), b.port(), out.typeId(), out.kind(), valid));
        }
        return l;
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

    private record Outcome(Path path, GraphDocument doc, List<NodeView> nodes, List<WireView> wires,
                           List<Diagnostic> diagnostics, String error) {
        static Outcome failed(Path path, String error) {
            return new Outcome(path, null, List.of(), List.of(), List.of(), error);
        }
    }

    /** The node types, once loaded. */
    public CompletableFuture<NodeRegistry> registry() { return registry; }

    public ReadOnlyObjectProperty<Path> fileProperty() { return file.getReadOnlyProperty(); }

    public Path getFile() { return file.get(); }

    /** The document shown; null until a file has loaded. */
    public ReadOnlyObjectProperty<GraphDocument> documentProperty() { return document.getReadOnlyProperty(); }

    public GraphDocument getDocument() { return document.get(); }

    /** The graph's name, or the file name when it has none. */
    public ReadOnlyStringProperty graphNameProperty() { return graphName.getReadOnlyProperty(); }

    /** Why the last load failed, for users; empty after a successful load. */
    public ReadOnlyStringProperty loadErrorProperty() { return loadError.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }

    public ReadOnlyIntegerProperty errorCountProperty() { return errorCount.getReadOnlyProperty(); }

    public ReadOnlyIntegerProperty warningCountProperty() { return warningCount.getReadOnlyProperty(); }

    /** "valid", "valid, 1 warning" or "3 problems". */
    public ReadOnlyStringProperty validationTextProperty() { return validationText.getReadOnlyProperty(); }

    /** Nodes to draw (read-only for views). */
    public ObservableList<NodeView> getNodes() { return nodesView; }

    /** Wires to draw (read-only for views). */
    public ObservableList<WireView> getWires() { return wiresView; }

    /** Validation problems of the document shown. */
    public ObservableList<Diagnostic> getDiagnostics() { return diagnosticsView; }
}
