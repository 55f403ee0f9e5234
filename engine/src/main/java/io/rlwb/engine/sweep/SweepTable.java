package io.rlwb.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The sweep table: one row per planned trial with its varied values, seed, status, progress and final metrics
 * (summary.json), as a TableSaw {@link Table} and as {@code sweep.csv} beside the trials. Trials update it from
 * executor threads as they start and finish; every change of status rewrites sweep.csv (atomically), so the file
 * always shows the sweep as far as it got. Thread-safe.
 */
public final class SweepTable {
    /** Status of a trial that has not started. */
    public static final String PENDING = "pending";
    /** Status of a trial that runs. */
    public static final String RUNNING = "running";
    /** The fixed columns before the varied parameters. */
    public static final List<String> LEAD_COLUMNS = List.of("trial", "status", "seed");
    /** The fixed columns between the parameters and the metrics. */
    public static final List<String> MID_COLUMNS = List.of("progress", "env_steps", "wall_s");
    /** The fixed columns after the metrics. */
    public static final List<String> TAIL_COLUMNS = List.of("failure", "ran_on", "run_dir");

    /**
     * One trial as the table shows it. Immutable: a change makes a new row.
     *
     * @param params the varied parameters' values ({@code node.param -> value})
     * @param status pending, running, completed, failed or cancelled
     * @param progress fraction of the env_steps budget spent, 0 to 1
     * @param summary final metrics (empty until the trial ends)
     */
    public record Row(String id, long seed, Map<String, JsonNode> params, String status, double progress,
                      Map<String, Double> summary, long envSteps, double wallS, String failure, String ranOn,
                      String runDir) {
        public Row {
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
            summary = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        }

        Row with(TrialResult r) {
            return new Row(id, seed, params, r.status().label(), r.completed() ? 1.0 : progress, r.summary(),
                    r.envSteps(), r.wallS(), r.failure(), r.ranOn(), runDir);
        }

        /** A parameter's value as a number, NaN when it is not one. */
        public double number(String param) {
            JsonNode v = params.get(param);
            return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
        }

        /** A metric's final value, NaN when the trial has none. */
        public double metric(String key) {
            Double v = summary.get(key);
            return v == null ? Double.NaN : v;
        }
    }

    private final Path csv;
    private final List<String> params;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    /** Held while sweep.csv is written; taken before this table's own monitor, never inside it. */
    private final Object writing = new Object();

    /**
     * @param csv where to write the table (null: nowhere)
     * @param params the varied parameters, in column order
     */
    public SweepTable(Path csv, List<String> params, List<Sweep.Planned> trials, java.util.function.Function<String, Path> runDir) {
        this.csv = csv;
        this.params = List.copyOf(params);
        for (Sweep.Planned t : trials) {
            rows.put(t.id(), new Row(t.id(), t.seed(), t.params(), PENDING, 0, Map.of(), 0, 0, null, null,
                    runDir.apply(t.id()).toString()));
        }
    }

    public List<String> params() {
        return params;
    }

    /** The rows in plan order. */
    public synchronized List<Row> rows() {
        return List.copyOf(rows.values());
    }

    public synchronized Optional<Row> row(String id) {
        return Optional.ofNullable(rows.get(id));
    }

    /** The metric keys any finished trial has, sorted. */
    public synchronized List<String> metrics() {
        TreeSet<String> keys = new TreeSet<>();
        for (Row r : rows.values()) keys.addAll(r.summary().keySet());
        return List.copyOf(keys);
    }

    public synchronized void started(String id, String runDir) {
        Row r = rows.get(id);
        if (r == null) return;
        rows.put(id, new Row(id, r.seed(), r.params(), RUNNING, 0, Map.of(), 0, 0, null, null, runDir));
    }

    public synchronized void progress(String id, double fraction) {
        Row r = rows.get(id);
        if (r == null || !RUNNING.equals(r.status())) return;
        rows.put(id, new Row(id, r.seed(), r.params(), r.status(), fraction, r.summary(), r.envSteps(), r.wallS(),
                null, r.ranOn(), r.runDir()));
    }

    public synchronized void finished(TrialResult result) {
        Row r = rows.get(result.id());
        if (r != null) rows.put(result.id(), r.with(result));
    }

    /** Counts of trials by status. */
    public synchronized Map<String, Integer> counts() {
        Map<String, Integer> c = new LinkedHashMap<>();
        for (Row r : rows.values()) c.merge(r.status(), 1, Integer::sum);
        return c;
    }

    /** The table as TableSaw holds it: the columns of {@link #LEAD_COLUMNS}, the parameters, and so on. */
    public synchronized Table toTable() {
        List<Row> rs = List.copyOf(rows.values());
        List<String> metrics = metrics();
        List<Column<?>> cols = new ArrayList<>();
        cols.add(StringColumn.create("trial", rs.stream().map(Row::id)));
        cols.add(StringColumn.create("status", rs.stream().map(Row::status)));
        cols.add(LongColumn.create("seed", rs.stream().mapToLong(Row::seed).toArray()));
        for (String p : params) {
            boolean numeric = rs.stream().allMatch(r -> r.params().get(p) != null && r.params().get(p).isNumber());
            if (numeric) cols.add(DoubleColumn.create(p, rs.stream().mapToDouble(r -> r.number(p)).toArray()));
            else cols.add(StringColumn.create(p, rs.stream().map(r -> text(r.params().get(p)))));
        }
        cols.add(DoubleColumn.create("progress", rs.stream().mapToDouble(Row::progress).toArray()));
        cols.add(LongColumn.create("env_steps", rs.stream().mapToLong(Row::envSteps).toArray()));
        cols.add(DoubleColumn.create("wall_s", rs.stream().mapToDouble(Row::wallS).toArray()));
        for (String m : metrics) cols.add(DoubleColumn.create(m, rs.stream().mapToDouble(r -> r.metric(m)).toArray()));
        cols.add(StringColumn.create("failure", rs.stream().map(r -> r.failure() == null ? "" : r.failure())));
        cols.add(StringColumn.create("ran_on", rs.stream().map(r -> r.ranOn() == null ? "" : r.ranOn())));
        cols.add(StringColumn.create("run_dir", rs.stream().map(Row::runDir)));
        return Table.create("sweep", cols.toArray(new Column<?>[0]));
    }

    /**
     * Writes sweep.csv (atomically); does nothing when the table has no file. Workers of an executor call this at
     * once as their trials start and finish: writes go one at a time (they share the temporary file of the atomic
     * write), each with the table as it is when its turn comes, so the file never goes back to an older state.
     */
    public void write() throws IOException {
        if (csv == null) return;
        synchronized (writing) {
            StringWriter w = new StringWriter();
            Table t = toTable();
            t.write().csv(w);
            SweepDirectory.writeAtomically(csv, w.toString());
        }
    }

    private static String text(JsonNode v) {
        return v == null ? "" : v.isTextual() ? v.asText() : v.toString();
    }

    /**
     * The table of the sweep in {@code dir} as far as it got, from its plan and its trials' run directories
     * (run.json, summary.json): what {@code report} and the app's sweep view read.
     *
     * @throws IOException when {@code dir} holds no readable plan
     */
    public static SweepTable read(Path dir) throws IOException {
        JsonNode plan = SweepDirectory.readPlan(dir).orElseThrow(() -> new IOException(dir
                + ": not a sweep directory (no readable " + SweepDirectory.PLAN_FILE + ")"));
        List<Sweep.Planned> trials = new ArrayList<>();
        List<String> params = new ArrayList<>();
        for (JsonNode t : plan.path("trials")) {
            Map<String, JsonNode> p = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = t.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                p.put(e.getKey(), e.getValue());
                if (!params.contains(e.getKey())) params.add(e.getKey());
            }
            trials.add(new Sweep.Planned(t.path("id").asText(), p, t.path("seed").asLong()));
        }
        SweepTable table = new SweepTable(null, params, trials, id -> SweepDirectory.trialDir(dir, id));
        ObjectMapper json = new ObjectMapper();
        for (Sweep.Planned t : trials) {
            Path run = SweepDirectory.trialDir(dir, t.id()).resolve("run.json");
            if (!Files.isRegularFile(run)) continue;
            Optional<TrialResult> done = SweepDirectory.finished(dir, t.id());
            if (done.isPresent()) {
                table.finished(done.get());
                continue;
            }
            try {
                JsonNode r = json.readTree(run.toFile());
                String status = r.path("status").asText(PENDING);
                if (RUNNING.equals(status)) {
                    table.started(t.id(), SweepDirectory.trialDir(dir, t.id()).toString());
                } else {
                    table.finished(new TrialResult(t.id(), TrialStatus.ofLabel(status), Map.of(),
                            r.path("error").isTextual() ? r.path("error").asText() : null, r.path("env_steps").asLong(),
                            r.path("duration_s").asDouble(), null));
                }
            } catch (IOException | RuntimeException e) {
                table.finished(TrialResult.failed(t.id(), "unreadable run.json: " + e.getMessage()));
            }
        }
        return table;
    }
}
