package io.rlwb.app.viewmodel.runs;

import io.rlwb.engine.report.Reports;
import io.rlwb.engine.runtime.RunResult;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The run browser: the runs folder as a TableSaw table, sorted and filtered, and commands on the selected runs:
 * open (their curves), compare (curves overlaid), report (HTML and PDF), resume (an interrupted or cancelled run,
 * from its latest checkpoint, on a background thread). The folder is read and reports are
 * written on the background executor; properties change on the UI executor. Touches no control, so it is tested
 * without a screen.
 */
public final class RunsViewModel {
    private final Executor background;
    private final Executor ui;
    private final ObjectProperty<Path> folder = new SimpleObjectProperty<>(this, "folder", Path.of("runs"));
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final ObservableList<RunRow> rows = FXCollections.observableArrayList();
    private final ObservableList<RunRow> selected = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private Table all = RunsTable.of(List.of(), new ArrayList<>());
    private String sortColumn = RunsTable.STARTED;
    private boolean sortAscending;
    private Consumer<List<Path>> onOpen = dirs -> { };
    private Table shown = all;
    private Resumer resumer;
    private final ReadOnlyBooleanWrapper resuming = new ReadOnlyBooleanWrapper(this, "resuming", false);
    private volatile AtomicBoolean resumeCancel;

    /** Continues the run in a directory to the end of its budget (the window runs the engine's {@code Runner.resume}). */
    @FunctionalInterface
    public interface Resumer {
        /**
         * Runs on a background thread until the run ends.
         *
         * @param cancel set to stop the continued run (it ends {@code cancelled}, resumable again)
         * @throws Exception when the run cannot be continued (the message says why: no checkpoint, locked, completed)
         */
        RunResult resume(Path dir, AtomicBoolean cancel) throws Exception;
    }

    /**
     * @param background where the folder is read and reports written
     * @param ui the UI thread ({@code Platform::runLater} in the application)
     */
    public RunsViewModel(Executor background, Executor ui) {
        this.background = background;
        this.ui = ui;
        filter.addListener((o, a, b) -> show());
        folder.addListener((o, a, b) -> refresh());
    }

    /** Reads the folder again (background); completes once the table shows it. */
    public CompletableFuture<Void> refresh() {
        Path f = folder.get();
        busy.set(true);
        message.set("Reading " + f + "\u2026");
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> {
            List<String> problems = new ArrayList<>();
            try {
                return new Object[] {RunsTable.scan(f, problems), problems};
            } catch (java.io.IOException e) {
                throw new CompletionException(e);
            }
        }, background).whenComplete((res, ex) -> ui.execute(() -> {
            busy.set(false);
            if (ex != null) {
                Throwable c = ex.getCause() != null ? ex.getCause() : ex;
                message.set("Cannot read " + f + ": " + c.getMessage());
            } else {
                all = (Table) res[0];
                @SuppressWarnings("unchecked")
                List<String> problems = (List<String>) res[1];
                if (!all.containsColumn(sortColumn)) sortColumn = RunsTable.STARTED;
                show();
                message.set(all.rowCount() == 0 ? "No runs in " + f.toAbsolutePath() + " yet: run a graph, or choose "
                        + "another folder" : all.rowCount() + " runs in " + f.toAbsolutePath()
                        + (problems.isEmpty() ? "" : "; " + problems.size() + " unreadable: " + problems.get(0)));
            }
            done.complete(null);
        }));
        return done;
    }

    /** Sorts on {@code column} (a name of {@link #columns()}). */
    public void sort(String column, boolean ascending) {
        sortColumn = column;
        sortAscending = ascending;
        show();
    }

    private void show() {
        List<String> names = all.columnNames().stream().filter(n -> !n.equals(RunsTable.DIR)).toList();
        if (!names.equals(columns)) columns.setAll(names);
        Table t = RunsTable.filter(RunsTable.sort(all, sortColumn, sortAscending), filter.get());
        shown = t;
        List<RunRow> out = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            Map<String, Object> v = new LinkedHashMap<>();
            for (Column<?> c : t.columns()) v.put(c.name(), c.isMissing(i) ? null : c.get(i));
            out.add(new RunRow(Path.of(t.stringColumn(RunsTable.DIR).get(i)), v));
        }
        rows.setAll(out);
        selected.retainAll(out);
    }

    /** Opens the selected runs' curves (one run: its curves; several: overlaid). */
    public void openSelected() {
        if (selected.isEmpty()) {
            message.set("Select one or more runs first");
            return;
        }
        onOpen.accept(selected.stream().map(RunRow::dir).toList());
        message.set(selected.size() == 1 ? "Opened " + selected.get(0).dir().getFileName()
                : "Comparing " + selected.size() + " runs in the curves view");
    }

    /** Writes the report of the selected runs; see {@link #report(List)}. */
    public CompletableFuture<Path> reportSelected() {
        if (selected.isEmpty()) {
            message.set("Select one or more runs first");
            return CompletableFuture.failedFuture(new IllegalStateException("no run selected"));
        }
        return report(selected.stream().map(RunRow::dir).toList());
    }

    /**
     * Writes the report of {@code dirs} (several: a comparison) off the UI thread: one run into its directory,
     * several into the runs folder. Completes, on the UI executor, with the HTML file.
     */
    public CompletableFuture<Path> report(List<Path> dirs) {
        Path out = dirs.size() == 1 ? dirs.get(0).resolve("report.html") : folder.get().resolve("comparison-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".html");
        busy.set(true);
        message.set("Writing the report of " + dirs.size() + " run" + (dirs.size() == 1 ? "" : "s") + "\u2026");
        CompletableFuture<Path> done = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> {
            try {
                return Reports.write(dirs, out);
            } catch (java.io.IOException e) {
                throw new CompletionException(e);
            }
        }, background).whenComplete((w, ex) -> ui.execute(() -> {
            busy.set(false);
            if (ex != null) {
                Throwable c = ex.getCause() != null ? ex.getCause() : ex;
                message.set("Report failed: " + c.getMessage());
                done.completeExceptionally(c);
            } else {
                message.set("Report written: " + w.html() + " (and " + w.pdf().getFileName() + ")");
                done.complete(w.html());
            }
        }));
        return done;
    }

    /** Whether the selected rows are exactly one run that can be continued: {@code interrupted} or {@code cancelled}. */
    public boolean canResumeSelected() {
        if (selected.size() != 1 || resumer == null || resuming.get()) return false;
        Object status = selected.get(0).values().get(RunsTable.STATUS);
        return "interrupted".equals(status) || "cancelled".equals(status);
    }

    /**
     * Continues the selected interrupted or cancelled run from its latest checkpoint on the background executor
     * (never the UI thread), then reads the folder again. Completes, on the UI executor, with the run's result.
     */
    public CompletableFuture<RunResult> resumeSelected() {
        if (!canResumeSelected()) {
            message.set(resumer == null ? "Resuming is not available here"
                    : resuming.get() ? "A run is being resumed already"
                    : "Select one interrupted or cancelled run to resume");
            return CompletableFuture.failedFuture(new IllegalStateException(message.get()));
        }
        Path dir = selected.get(0).dir();
        AtomicBoolean cancel = new AtomicBoolean();
        resumeCancel = cancel;
        resuming.set(true);
        message.set("Resuming " + dir.getFileName() + " from its latest checkpoint\u2026");
        CompletableFuture<RunResult> done = new CompletableFuture<>();
        Resumer r = resumer;
        CompletableFuture.supplyAsync(() -> {
            try {
                return r.resume(dir, cancel);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, background).whenComplete((res, ex) -> ui.execute(() -> {
            resuming.set(false);
            resumeCancel = null;
            Throwable c = ex == null ? null : ex.getCause() != null ? ex.getCause() : ex;
            String said = c != null ? "Cannot resume " + dir.getFileName() + ": " + c.getMessage()
                    : "Resumed " + dir.getFileName() + ": " + res.status() + " at " + res.envSteps() + " steps"
                    + (res.error() == null ? "" : " (" + res.error() + ")");
            // The table shows the run's new status; then the outcome replaces the folder message.
            refresh().whenComplete((v, e) -> {
                message.set(said);
                if (c != null) done.completeExceptionally(c);
                else done.complete(res);
            });
        }));
        return done;
    }

    /** Stops a resumed run (it ends {@code cancelled}); nothing when none runs. */
    public void cancelResume() {
        AtomicBoolean c = resumeCancel;
        if (c != null) c.set(true);
    }

    /** What resuming a run does (null: the browser offers no Resume). */
    public void setResumer(Resumer resumer) {
        this.resumer = resumer;
    }

    /** True while a resumed run is running. */
    public ReadOnlyBooleanProperty resumingProperty() { return resuming.getReadOnlyProperty(); }

    /** What opening runs does (the window shows them in the curves view). */
    public void setOnOpen(Consumer<List<Path>> onOpen) {
        this.onOpen = onOpen == null ? dirs -> { } : onOpen;
    }

    /** The runs folder (default {@code runs/} under the working directory, where runs are written). */
    public ObjectProperty<Path> folderProperty() { return folder; }

    /** Text that shown rows contain (any text column, case-insensitive). */
    public StringProperty filterProperty() { return filter; }

    /** The columns of the table, in order. */
    public ObservableList<String> columns() { return columns; }

    /** The rows shown: sorted and filtered. */
    public ObservableList<RunRow> rows() { return rows; }

    /** The rows selected (the view keeps this in step with its selection). */
    public ObservableList<RunRow> selected() { return selected; }

    /** The TableSaw table shown (sorted and filtered). */
    public Table table() { return shown; }

    /** The sort column. */
    public String sortColumn() { return sortColumn; }

    /** Whether the sort is ascending. */
    public boolean sortAscending() { return sortAscending; }

    /** What happened last, in words. */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }

    /** True while the folder is read or a report is written. */
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
}
