package io.rlwb.app.viewmodel.sweeps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.app.viewmodel.inspect.ParetoViewModel;
import io.rlwb.app.viewmodel.props.ParamText;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.sweep.Cancellation;
import io.rlwb.engine.sweep.LocalTrialRunner;
import io.rlwb.engine.plot.TickLabels;
import io.rlwb.engine.sweep.Sweep;
import io.rlwb.engine.sweep.SweepFile;
import io.rlwb.engine.sweep.SweepFront;
import io.rlwb.engine.sweep.SweepRunner;
import io.rlwb.engine.sweep.SweepTable;
import io.rlwb.engine.sweep.TrialListener;
import io.rlwb.engine.sweep.TrialResult;
import io.rlwb.engine.sweep.TrialRunner;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import io.rlwb.engine.telemetry.TelemetryFiles.Stamped;
import io.rlwb.engine.validate.Diagnostic;
import io.rlwb.engine.validate.Params;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The sweep dialog's model. The candidates are the property sheet's parameters of every node of the graph (with
 * their current values); the user picks some and gives each a list of values, plus seeds, a parallelism and an
 * env_steps budget. {@link #start} writes the sweep file and the graph, checks them with the sweep validator,
 * writes an ordinary sweep directory, and runs it with the in-process executor on the background executor. Trial events come back
 * through the UI executor into {@link #rows()}: the UI thread never waits for the engine.
 */
public final class SweepViewModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parameter the sweep can vary: {@code node.param} with the node's current value as text. */
    public record Candidate(String key, ParamSpec spec, String current) {
        @Override public String toString() {
            return key + " = " + current;
        }
    }

    /** A parameter chosen to vary, with its values as the user typed them ({@code 0.001, 0.0003}). */
    public record Varied(String key, String values) {
        @Override public String toString() {
            return key + ": " + values;
        }
    }

    private GraphDocument graph;
    private final NodeRegistry registry;
    private final Executor background;
    private final Executor ui;
    private final ObservableList<Candidate> candidates = FXCollections.observableArrayList();
    private final javafx.beans.property.ReadOnlyObjectWrapper<Settings> openedSettings =
            new javafx.beans.property.ReadOnlyObjectWrapper<>();
    private final ObservableList<Varied> varied = FXCollections.observableArrayList();
    private final ObservableList<SweepTable.Row> rows = FXCollections.observableArrayList();
    private final ObservableList<String> metrics = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper sweepDir = new ReadOnlyStringWrapper("");
    private final ObservableList<String> objectives = FXCollections.observableArrayList();
    private final ObservableList<String> openedParams = FXCollections.observableArrayList();
    private final ParetoViewModel pareto = new ParetoViewModel();
    private SweepFront front = SweepFront.of(List.of(), List.of());
    private List<Object> frontKey = List.of();
    private boolean objectivesChosen;
    private volatile Cancellation cancel;
    private volatile SweepTable table;

    public SweepViewModel(GraphDocument graph, NodeRegistry registry, Executor background, Executor ui) {
        this.graph = graph.deepCopy();
        this.registry = registry;
        this.background = background;
        this.ui = ui;
        candidates.setAll(candidatesOf(this.graph, registry));
        pareto.setDescriber(this::describeTrial);
        pareto.setValueKind("final value");
        rows.addListener((javafx.collections.ListChangeListener<SweepTable.Row>) c -> refreshFront());
        objectives.addListener((javafx.collections.ListChangeListener<String>) c -> refreshFront());
        metrics.addListener((javafx.collections.ListChangeListener<String>) c -> {
            List<String> d = SweepFront.defaultObjectives(metrics);
            if ((!objectivesChosen || !metrics.containsAll(objectives)) && !d.equals(objectives)) {
                objectivesChosen = false;
                objectives.setAll(d);
            }
        });
    }

    /** Every parameter of every node of {@code graph} whose type {@code registry} knows, with its value as text. */
    private static List<Candidate> candidatesOf(GraphDocument graph, NodeRegistry registry) {
        List<Candidate> out = new ArrayList<>();
        for (GraphNode n : graph.nodes()) {
            Optional<NodeType> t = registry.find(n.type());
            if (t.isEmpty()) continue;
            for (ParamSpec p : t.get().params()) {
                out.add(new Candidate(n.id() + "." + p.name(), p,
                        ParamText.format(Params.value(n, t.get(), p.name()), p.type())));
            }
        }
        return out;
    }

    /**
     * The seeds and {@code env_steps} budget of a sweep opened with {@link #open}, as the dialog's fields show them.
     *
     * @param envSteps 0 when the sweep file sets no env_steps budget
     */
    public record Settings(String seeds, long envSteps) {}

    /** The graph's parameters: the editor's graph, or the graph of the sweep last opened. */
    public ObservableList<Candidate> candidates() { return candidates; }

    /** Set (on the UI thread) when {@link #open} has read a sweep file: its seeds and budget; null before. */
    public javafx.beans.property.ReadOnlyObjectProperty<Settings> openedSettingsProperty() {
        return openedSettings.getReadOnlyProperty();
    }

    public ObservableList<Varied> varied() { return varied; }

    /** The trials in plan order, replaced row by row as they move (on the UI thread). */
    public ObservableList<SweepTable.Row> rows() { return rows; }

    /** The varied parameters of the sweep opened with {@link #open} (empty for one started here). */
    public ObservableList<String> openedParams() { return openedParams; }

    /** The parameter columns of the table: the ones chosen to vary, then those of an opened sweep. */
    public List<String> paramColumns() {
        List<String> out = new ArrayList<>(varied.stream().map(Varied::key).toList());
        for (String p : openedParams) if (!out.contains(p)) out.add(p);
        return out;
    }

    /** The metric keys the finished trials have. */
    public ObservableList<String> metrics() { return metrics; }

    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }

    /** Fraction of the trials that ended. */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }

    public ReadOnlyStringProperty sweepDirProperty() { return sweepDir.getReadOnlyProperty(); }

    /** Varies {@code key} over {@code values} (comma-separated; lists in brackets), replacing an earlier choice. */
    public void vary(String key, String values) {
        varied.removeIf(v -> v.key().equals(key));
        varied.add(new Varied(key, values));
    }

    /**
     * The sweep file for the current choices, as JSON. Values are parsed as the property sheet parses them
     * ({@link ParamText}); the validator judges them when the sweep starts.
     */
    public ObjectNode sweepJson(String name, String seeds, long envSteps) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", SweepFile.FORMAT).put("version", SweepFile.CURRENT_VERSION).put("name", name);
        root.put("graph", io.rlwb.engine.sweep.SweepDirectory.GRAPH_FILE);
        ObjectNode grid = root.putObject("grid");
        for (Varied v : varied) {
            ArrayNode a = grid.putArray(v.key());
            ParamSpec spec = candidates.stream().filter(c -> c.key().equals(v.key())).findFirst().map(Candidate::spec).orElse(null);
            for (String part : split(v.values())) {
                ParamText.Parsed p = spec == null ? null : ParamText.parse(part, spec);
                a.add(p != null && p.isOk() ? p.value() : JSON.getNodeFactory().textNode(part));
            }
        }
        ArrayNode s = root.putArray("seeds");
        for (String part : split(seeds)) {
            try {
                s.add(Long.parseLong(part));
            } catch (NumberFormatException e) {
                s.add(part);
            }
        }
        if (envSteps > 0) root.putObject("budget").put("env_steps", envSteps);
        return root;
    }

    /** Splits on commas outside brackets: {@code [64, 64], [32]} is two values. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char ch : text.toCharArray()) {
            if (ch == '[') depth++;
            if (ch == ']') depth--;
            if (ch == ',' && depth == 0) {
                if (!cur.toString().isBlank()) out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().trim());
        return out;
    }

    /**
     * Starts the sweep in {@code dir} (a new or empty folder) with {@code parallel} trials at once. Everything
     * after the choices are read (writing and checking the sweep file, claiming the directory, the trials) happens
     * on the background executor; problems of the sweep come back to {@link #messageProperty()}, one per line, and
     * end {@link #runningProperty()}.
     *
     * @return whether it was started (false while a sweep runs, or with nothing to vary)
     */
    public boolean start(Path dir, String seeds, long envSteps, int parallel) {
        if (running.get()) return false;
        if (varied.isEmpty()) {
            message.set("Pick at least one parameter to vary.");
            return false;
        }
        ObjectNode json = sweepJson(dir.getFileName().toString(), seeds, envSteps);
        openedParams.clear();
        running.set(true);
        message.set("Checking the sweep\u2026");
        Cancellation c = new Cancellation();
        cancel = c;
        background.execute(() -> runSweep(dir, json, parallel, c));
        return true;
    }

    /** On the background executor: write, check, claim, run; the UI hears through {@link #ui}. */
    private void runSweep(Path dir, ObjectNode json, int parallel, Cancellation c) {
        SweepFile.Checked checked;
        Path input = null;
        try {
            // Written in a scratch folder and checked there; the sweep directory gets copies of both, and its
            // sweep.json names graph.json beside it, so `workbench sweep DIR/sweep.json --out DIR --resume` works.
            input = Files.createTempDirectory("workbench-sweep");
            GraphFile.write(graph, input.resolve(io.rlwb.engine.sweep.SweepDirectory.GRAPH_FILE));
            Path f = input.resolve("sweep.json");
            Files.writeString(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            checked = new SweepFile(registry).read(f);
        } catch (Exception e) {
            deleteScratch(input);
            fail("Cannot write the sweep: " + e.getMessage());
            return;
        }
        if (!checked.ok()) {
            deleteScratch(input);
            fail(checked.errors().stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
            return;
        }
        SweepRunner.Prepared p;
        try {
            p = SweepRunner.prepare(checked.sweep(), new SweepRunner.Options(dir, false, Map.of()));
        } catch (SweepRunner.SweepDirectoryException e) {
            fail(e.getMessage());
            return;
        } finally {
            deleteScratch(input);
        }
        table = p.table();
        List<SweepTable.Row> initial = table.rows();
        ui.execute(() -> {
            rows.setAll(initial);
            metrics.clear();
            progress.set(0);
            sweepDir.set(dir.toString());
            message.set(initial.size() + " trials, " + parallel + " at once, in " + dir);
        });
        TrialListener toUi = new TrialListener() {
            @Override public void started(String id, String runDir) { refresh(id); }

            @Override public void progress(String id, double fraction) { refresh(id); }

            @Override public void finished(TrialResult r) { refresh(r.id()); }
        };
        SweepRunner.Outcome o;
        // The directory's lock is released however this ends, also when the executor cannot even be made.
        try (p; TrialRunner runner = new LocalTrialRunner(parallel, registry)) {
            o = SweepRunner.run(p, runner, toUi, c);
        } catch (RuntimeException | Error e) {
            // The executor broke (not a trial: those end failed on their own); the dialog must not stay "running".
            fail("The sweep stopped: " + e);
            return;
        }
        SweepTable t = table;
        ui.execute(() -> {
            rows.setAll(t.rows());
            metrics.setAll(t.metrics());
            running.set(false);
            progress.set(1);
            message.set(String.format(java.util.Locale.ROOT, "%d completed, %d failed, %d cancelled; table: %s",
                    o.count(io.rlwb.engine.sweep.TrialStatus.COMPLETED), o.count(io.rlwb.engine.sweep.TrialStatus.FAILED),
                    o.count(io.rlwb.engine.sweep.TrialStatus.CANCELLED), dir.resolve("sweep.csv")));
        });
    }

    /** Removes the scratch folder of the sweep file (the sweep directory holds copies of what matters). */
    private static void deleteScratch(Path input) {
        if (input == null) return;
        try (var files = Files.list(input)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(input);
        } catch (java.io.IOException e) {
            // a scratch folder in the temporary directory; the system cleans it up
        }
    }

    private void fail(String why) {
        ui.execute(() -> {
            message.set(why);
            running.set(false);
        });
    }

    /** Called from trial threads: hands the trial's current row to the UI thread. */
    private void refresh(String id) {
        SweepTable t = table;
        Optional<SweepTable.Row> r = t.row(id);
        if (r.isEmpty()) return;
        SweepTable.Row row = r.get();
        ui.execute(() -> {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).id().equals(id)) {
                    rows.set(i, row);
                    break;
                }
            }
            long ended = rows.stream().filter(x -> !x.status().equals(SweepTable.PENDING)
                    && !x.status().equals(SweepTable.RUNNING)).count();
            progress.set(rows.isEmpty() ? 0 : ended / (double) rows.size());
            for (String m : row.summary().keySet()) if (!metrics.contains(m)) metrics.add(m);
        });
    }

    /** Cancels the remaining trials; finished ones are kept. */
    public void cancel() {
        Cancellation c = cancel;
        if (c != null) c.cancel();
    }

    /** {@code (parameter value, final metric)} of every completed trial with a numeric value. */
    public List<double[]> points(String param, String metric) {
        List<double[]> out = new ArrayList<>();
        for (SweepTable.Row r : rows) {
            if (!"completed".equals(r.status())) continue;
            double x = r.number(param);
            double y = r.metric(metric);
            if (Double.isFinite(x) && Double.isFinite(y)) out.add(new double[] {x, y});
        }
        return out;
    }

    /**
     * The metrics the Pareto view of the sweep trades off (two or more; all maximised). Filled with
     * {@link SweepFront#defaultObjectives} (the first two reward-head means) once trials have metrics; the dialog
     * replaces them with the user's choice.
     */
    public ObservableList<String> objectives() { return objectives; }

    /**
     * The Pareto view of the sweep: one snapshot whose points are the completed trials (policy = trial id) on
     * {@link #objectives()}, the non-dominated ones on the front. Rebuilt on the UI thread as trials finish.
     */
    public ParetoViewModel pareto() { return pareto; }

    /**
     * Trades off {@code keys} (two or more metrics) in the Pareto view from now on; fewer than two go back to the
     * defaults, which follow the metrics as trials finish. Objectives already shown keep their place (and so the
     * axes), new ones come after them.
     */
    public void chooseObjectives(List<String> keys) {
        objectivesChosen = keys.size() >= 2;
        List<String> next = new ArrayList<>();
        if (objectivesChosen) {
            for (String o : objectives) if (keys.contains(o)) next.add(o);
            for (String k : keys) if (!next.contains(k)) next.add(k);
        } else {
            next.addAll(SweepFront.defaultObjectives(metrics));
        }
        if (!next.equals(objectives)) objectives.setAll(next);
    }

    /** The front last shown in {@link #pareto()}. */
    public SweepFront front() { return front; }

    /** Rebuilds the front when the completed trials or the objectives changed (progress ticks change neither). */
    private void refreshFront() {
        List<Object> key = new ArrayList<>(objectives);
        for (SweepTable.Row r : rows) if ("completed".equals(r.status())) key.add(r.id() + "\u0000" + r.runDir());
        if (key.equals(frontKey)) return;
        frontKey = key;
        front = SweepFront.of(rows, objectives.size() >= 2 ? List.copyOf(objectives) : List.of());
        if (objectives.size() < 2 || front.trials().isEmpty()) {
            pareto.set("", List.of());
        } else {
            pareto.set("sweep", List.of(new Stamped<>(0, 0, front.snapshot())));
        }
    }

    /** The hover text of a point of the Pareto view: the trial, its seed and varied parameters, its values. */
    private String describeTrial(ParetoSnapshot.Point p) {
        StringBuilder b = new StringBuilder("trial ").append(p.policy());
        rows.stream().filter(r -> r.id().equals(p.policy())).findFirst().ifPresent(r -> {
            b.append(" (seed ").append(r.seed()).append(')');
            r.params().forEach((k, v) -> b.append('\n').append(k).append(" = ").append(text(v)));
        });
        for (int k = 0; k < front.objectives().size() && k < p.values().length; k++) {
            b.append('\n').append(front.objectives().get(k)).append(" = ").append(TickLabels.of(p.values()[k]));
        }
        b.append(p.dominated() ? "\ndominated by another trial" : "\non the front");
        return b.toString();
    }

    /**
     * Shows the sweep already in {@code dir} (finished or not, e.g. one {@code workbench sweep} ran): its table is
     * read on the background executor ({@link SweepTable#read}) and replaces the rows on the UI thread. When the
     * directory's sweep file checks, the sweep's graph ({@code graph.json} there) replaces the editor's as the one
     * {@link #candidates()} lists and {@link #start} runs, its grid replaces {@link #varied()} (random draws stay
     * table columns only: the dialog varies grids), and {@link #openedSettingsProperty()} gives its seeds and
     * budget.
     *
     * @return false while a sweep runs here
     */
    public boolean open(Path dir) {
        if (running.get()) return false;
        message.set("Reading " + dir + "\u2026");
        background.execute(() -> {
            SweepTable t;
            try {
                t = SweepTable.read(dir);
            } catch (java.io.IOException | RuntimeException e) {
                ui.execute(() -> message.set("Cannot open the sweep: " + e.getMessage()));
                return;
            }
            List<SweepTable.Row> all = t.rows();
            List<String> ms = t.metrics();
            // The sweep's own file and graph, so the left side shows what this sweep varied (not the editor's
            // choices) and Start repeats it on its graph. A directory without a readable sweep file still opens.
            SweepFile.Checked file = readSweepFile(dir);
            Sweep sweep = file != null && file.ok() ? file.sweep() : null;
            List<Candidate> cands = sweep == null ? null : candidatesOf(sweep.graph(), registry);
            ui.execute(() -> {
                table = t;
                if (sweep != null) {
                    graph = sweep.graph().deepCopy();
                    candidates.setAll(cands);
                    varied.setAll(sweep.grid().entrySet().stream()
                            .map(g -> new Varied(g.getKey(), g.getValue().stream().map(SweepViewModel::text)
                                    .collect(Collectors.joining(", "))))
                            .toList());
                    openedSettings.set(new Settings(sweep.seeds().stream().map(String::valueOf)
                            .collect(Collectors.joining(", ")), sweep.budget().getOrDefault("env_steps", 0L)));
                }
                openedParams.setAll(t.params());
                rows.setAll(all);
                metrics.setAll(ms);
                sweepDir.set(dir.toString());
                long ended = all.stream().filter(x -> !x.status().equals(SweepTable.PENDING)
                        && !x.status().equals(SweepTable.RUNNING)).count();
                progress.set(all.isEmpty() ? 0 : ended / (double) all.size());
                message.set(all.size() + " trials read from " + dir + (sweep != null ? ""
                        : file == null ? " (no sweep.json there: the parameters on the left are still the editor's)"
                        : " (its sweep.json does not check: " + file.errors().stream().map(Diagnostic::toString)
                                .collect(Collectors.joining("; ")) + ")"));
            });
        });
        return true;
    }

    /**
     * The sweep file of the sweep directory {@code dir}, checked against the directory's own copy of the base graph
     * ({@code graph.json}): the file is kept as given, so its {@code graph} may name a file elsewhere (a sample) or
     * a path relative to where the sweep was started. Null when the directory has no sweep file or it cannot be read.
     */
    private SweepFile.Checked readSweepFile(Path dir) {
        Path f = dir.resolve(io.rlwb.engine.sweep.SweepDirectory.SWEEP_FILE);
        if (!Files.isRegularFile(f)) return null;
        try {
            JsonNode root = JSON.readTree(f.toFile());
            if (root instanceof ObjectNode o && Files.isRegularFile(dir.resolve(io.rlwb.engine.sweep.SweepDirectory.GRAPH_FILE))) {
                o.put("graph", io.rlwb.engine.sweep.SweepDirectory.GRAPH_FILE);
            }
            return new SweepFile(registry).parse(JSON.writeValueAsString(root), f);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** The run directory of trial {@code id}. */
    public Optional<Path> runDir(String id) {
        return rows.stream().filter(r -> r.id().equals(id)).findFirst().map(r -> Path.of(r.runDir()));
    }

    /** The parameter values of a row as text, for the table. */
    public static String text(JsonNode v) {
        return v == null ? "" : v.isTextual() ? v.asText() : v.toString();
    }

    /** Metric values shown in the table. */
    public static Map<String, Double> shown(SweepTable.Row r, List<String> keys) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String k : keys) m.put(k, r.metric(k));
        return m;
    }
}
