package io.rlwb.app.viewmodel.runs;

import io.rlwb.engine.report.RunData;
import io.rlwb.engine.store.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The runs of a folder as a TableSaw {@link Table}: one row per run directory (run.json and summary.json only;
 * metrics.csv is not read), sorted and filtered with TableSaw. Pure: no JavaFX, so it is read on a background
 * thread and tested without a screen.
 */
public final class RunsTable {
    /** Column of the run directory's name. */
    public static final String RUN = "run";
    /** Column of the graph's name. */
    public static final String GRAPH = "graph";
    /**
     * Column of the run status (running, completed, failed, cancelled, or interrupted for a run whose process died
     * while it was running: see {@code RunLock}; unreadable when run.json is damaged).
     */
    public static final String STATUS = "status";
    /** Column of the seed. */
    public static final String SEED = "seed";
    /** Column of the start time (ISO-8601 text, so it sorts in time order). */
    public static final String STARTED = "started";
    /** Column of the duration in seconds. */
    public static final String DURATION = "duration_s";
    /** Column of the env steps done. */
    public static final String STEPS = "env_steps";
    /** Column of the compute backend. */
    public static final String BACKEND = "backend";
    /** Column of the run directory's path (not shown). */
    public static final String DIR = "dir";
    /** Summary metrics that get a column when any run has them. */
    public static final List<String> SUMMARY_KEYS = List.of("charts/episodic_return", "eval/return_mean",
            "eval/hypervolume", "grpo/accuracy", "kv/compression_ratio", "charts/SPS");

    private RunsTable() {}

    /**
     * Reads every run directory directly inside {@code folder} (a folder with run.json). Unreadable runs are
     * listed with status {@code unreadable} and the reason in {@code problems}.
     */
    public static Table scan(Path folder, List<String> problems) throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> s = Files.list(folder)) {
                s.filter(RunData::isRunDir).sorted().forEach(dirs::add);
            }
        }
        return of(dirs, problems);
    }

    /** The table of the given run directories. */
    public static Table of(List<Path> dirs, List<String> problems) {
        List<RunRecord> records = new ArrayList<>();
        List<Map<String, Double>> summaries = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        for (Path d : dirs) {
            RunRecord r;
            Map<String, Double> s;
            try {
                r = RunData.readRecord(d);
            } catch (IOException e) {
                problems.add(e.getMessage());
                r = new RunRecord(d.getFileName().toString(), "", "unreadable", e.getMessage(), 0, null, null, null,
                        null, null, null, null, null, 0, 0, 0);
            }
            try {
                s = RunData.readSummary(d);
            } catch (IOException e) {
                problems.add(e.getMessage());
                s = Map.of();
            }
            kept.add(d);
            records.add(r);
            summaries.add(s);
        }
        StringColumn run = StringColumn.create(RUN);
        StringColumn graph = StringColumn.create(GRAPH);
        StringColumn status = StringColumn.create(STATUS);
        LongColumn seed = LongColumn.create(SEED);
        StringColumn started = StringColumn.create(STARTED);
        DoubleColumn duration = DoubleColumn.create(DURATION);
        LongColumn steps = LongColumn.create(STEPS);
        StringColumn backend = StringColumn.create(BACKEND);
        StringColumn dir = StringColumn.create(DIR);
        Map<String, DoubleColumn> metrics = new LinkedHashMap<>();
        for (String k : SUMMARY_KEYS) {
            if (summaries.stream().anyMatch(m -> m.containsKey(k))) metrics.put(k, DoubleColumn.create(k));
        }
        for (int i = 0; i < kept.size(); i++) {
            RunRecord r = records.get(i);
            run.append(kept.get(i).getFileName().toString());
            graph.append(nz(r.graphName()));
            status.append(nz(r.status()));
            seed.append(r.seed());
            started.append(nz(r.started()));
            if (r.durationS() == null) duration.appendMissing();
            else duration.append(r.durationS());
            steps.append(r.envSteps());
            backend.append(nz(r.backend()));
            dir.append(kept.get(i).toAbsolutePath().toString());
            for (Map.Entry<String, DoubleColumn> m : metrics.entrySet()) {
                Double v = summaries.get(i).get(m.getKey());
                if (v == null || v.isNaN()) m.getValue().appendMissing();
                else m.getValue().append(v);
            }
        }
        List<Column<?>> cols = new ArrayList<>();
        cols.addAll(List.<Column<?>>of(run, graph, status, seed, started, duration, steps, backend));
        cols.addAll(metrics.values());
        cols.add(dir);
        return Table.create("runs", cols).sortDescendingOn(STARTED);
    }

    /** Rows of {@code t} where any text column contains {@code text} (case-insensitive); all rows for blank text. */
    public static Table filter(Table t, String text) {
        if (text == null || text.isBlank() || t.rowCount() == 0) return t;
        String needle = text.trim().toLowerCase(Locale.ROOT);
        StringColumn haystack = StringColumn.create("search");
        for (int i = 0; i < t.rowCount(); i++) {
            StringBuilder sb = new StringBuilder();
            for (Column<?> c : t.columns()) {
                if (c instanceof StringColumn s && !c.name().equals(DIR)) sb.append(s.get(i)).append('\u0001');
                else if (c.name().equals(SEED)) sb.append("seed ").append(c.getString(i)).append('\u0001');
            }
            haystack.append(sb.toString().toLowerCase(Locale.ROOT));
        }
        return t.where(haystack.containsString(needle));
    }

    /** {@code t} sorted on {@code column}, missing values last. */
    public static Table sort(Table t, String column, boolean ascending) {
        if (!t.containsColumn(column)) throw new IllegalArgumentException("no column " + column + " in the runs table");
        return ascending ? t.sortAscendingOn(column) : t.sortDescendingOn(column);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
