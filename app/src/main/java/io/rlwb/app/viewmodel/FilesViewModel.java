package io.rlwb.app.viewmodel;

import io.rlwb.app.files.RecentFiles;
import io.rlwb.app.files.RecoveryStore;
import io.rlwb.app.files.Samples;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * File handling of a window: New, New from sample, Open, Save, Save As, the recent-files list, and recovery
 * copies of unsaved work (written every {@link #AUTOSAVE_SECONDS} seconds while the graph is dirty, offered back
 * after a crash). Asking the user (a file chooser, "save changes?") is the view's part; this model only says
 * whether asking is needed ({@link #needsSavePrompt()}). Reads and writes run off the UI thread.
 */
public final class FilesViewModel {
    /** Period of the recovery autosave. */
    public static final long AUTOSAVE_SECONDS = 30;

    private final GraphViewModel graph;
    private final Executor background;
    private final Executor ui;
    private final RecentFiles recentFiles;
    private final RecoveryStore recovery;
    private final Path samplesDir;
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ObservableList<Samples.Sample> samples = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private ScheduledExecutorService timer;

    public FilesViewModel(GraphViewModel graph, Executor background, Executor ui, RecentFiles recentFiles,
                          RecoveryStore recovery, Path samplesDir) {
        this.graph = graph;
        this.background = background;
        this.ui = ui;
        this.recentFiles = recentFiles;
        this.recovery = recovery;
        this.samplesDir = samplesDir;
        CompletableFuture.runAsync(() -> {
            List<Path> r = recentFiles.load();
            List<Samples.Sample> s = Samples.list(samplesDir);
            ui.execute(() -> {
                recent.setAll(r);
                samples.setAll(s);
            });
        }, background);
    }

    /** True when the graph has unsaved changes, so replacing or closing it should ask first. */
    public boolean needsSavePrompt() {
        return graph.getDocument() != null && graph.commands().isDirty();
    }

    /** Shows a new empty graph. */
    public void newGraph() {
        graph.show(new GraphDocument(""), null, false);
        recovery.discard();
    }

    /** Shows a copy of a sample as a new graph: Save asks where to put it, so the sample stays as it is. */
    public CompletableFuture<Void> newFromSample(Path sample) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new GraphFile().read(sample);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, background).handle((doc, ex) -> {
            ui.execute(() -> {
                if (ex != null) status.set("Cannot open the sample: " + GraphViewModel.rootMessage(ex));
                else {
                    graph.show(doc, null, false);
                    recovery.discard();
                }
            });
            return null;
        });
    }

    /** Opens a graph file; a file that opened goes to the top of the recent list. */
    public CompletableFuture<Void> open(Path file) {
        return graph.load(file).thenRun(() -> {
            if (graph.loadErrorProperty().get().isEmpty() && file.equals(graph.getFile())) {
                recovery.discard();
                remember(file);
            }
        });
    }

    /**
     * Saves to the graph's file.
     *
     * @return null when the graph has no file yet (the view asks for one and calls {@link #saveAs})
     */
    public CompletableFuture<Void> save() {
        Path f = graph.getFile();
        return f == null ? null : saveAs(f);
    }

    /** Saves to {@code file}, which the graph then belongs to. */
    public CompletableFuture<Void> saveAs(Path file) {
        return graph.save(file).handle((v, ex) -> {
            if (ex != null) {
                status.set("Cannot save " + file + ": " + GraphViewModel.rootMessage(ex));
                throw new java.util.concurrent.CompletionException(ex);
            }
            status.set("Saved " + file.getFileName());
            if (!graph.commands().isDirty()) recovery.discard();
            remember(file);
            return null;
        });
    }

    private void remember(Path file) {
        CompletableFuture.runAsync(() -> {
            try {
                List<Path> l = recentFiles.add(file);
                ui.execute(() -> recent.setAll(l));
            } catch (IOException e) {
                ui.execute(() -> status.set("Cannot update the recent files: " + e.getMessage()));
            }
        }, background);
    }

    /** Writes a recovery copy now when the graph has unsaved changes. Call on the UI thread. */
    public CompletableFuture<Void> autosave() {
        GraphDocument doc = graph.getDocument();
        if (doc == null || !graph.commands().isDirty()) return CompletableFuture.completedFuture(null);
        GraphDocument copy = doc.deepCopy();
        Path file = graph.getFile();
        return CompletableFuture.runAsync(() -> {
            try {
                recovery.save(copy, file);
            } catch (IOException e) {
                ui.execute(() -> status.set("Cannot write the recovery copy: " + e.getMessage()));
            }
        }, background);
    }

    /** Autosaves every {@link #AUTOSAVE_SECONDS} seconds until {@link #dispose()}. */
    public void startAutosave() {
        if (timer != null) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "workbench-autosave");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> ui.execute(this::autosave), AUTOSAVE_SECONDS, AUTOSAVE_SECONDS, TimeUnit.SECONDS);
    }

    /** Recovery copies left by sessions that ended without saving, newest first (reads the disk: call off the UI thread or at start). */
    public List<RecoveryStore.Recovery> leftOverRecoveries() {
        return recovery.findLeftOver();
    }

    /** Shows a recovery copy as unsaved work on its original file, and deletes the copy. */
    public void restore(RecoveryStore.Recovery r) {
        try {
            GraphDocument doc = RecoveryStore.read(r);
            graph.show(doc, r.original(), true);
            recovery.discard(r);
            status.set("Restored unsaved work from " + r.saved());
        } catch (Exception e) {
            status.set("Cannot restore the recovery copy: " + GraphViewModel.rootMessage(e));
        }
    }

    /** Deletes a recovery copy the user declined. */
    public void discard(RecoveryStore.Recovery r) {
        recovery.discard(r);
    }

    /** The window closes with its work saved or deliberately dropped: no recovery copy is needed. */
    public void closedCleanly() {
        recovery.discard();
    }

    /** Stops the autosave timer. */
    public void dispose() {
        if (timer != null) timer.shutdownNow();
    }

    /** Recently opened or saved files, newest first. */
    public ObservableList<Path> recent() { return recent; }

    /** The sample graphs. */
    public ObservableList<Samples.Sample> samples() { return samples; }

    /** The samples' folder. */
    public Path samplesDir() { return samplesDir; }

    /** The last file outcome in words ("Saved ppo.json", "Cannot save ...: ..."). */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
}
