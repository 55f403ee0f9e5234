package io.rlwb.app.viewmodel.inspect;

import io.rlwb.engine.telemetry.TelemetryFiles.Stamped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Base of the inspection view models: the snapshots of one telemetry kind of one run, either read from a run
 * directory ({@link #load}) or appended as the live run publishes them ({@link #append}), and a version that
 * changes whenever they do, so a view repaints once per frame at most. Subclasses keep their selection and
 * derived data current in {@link #changed()}. Touches no control; UI thread only, except the file reading that
 * {@link #load} does on the background executor.
 *
 * @param <T> the snapshot record
 */
public abstract class SnapshotViewModel<T> {
    /** Reads one kind of snapshot from a run directory ({@code TelemetryFiles::credit}, ...). */
    @FunctionalInterface
    public interface Reader<T> {
        List<Stamped<T>> read(Path runDir) throws IOException;
    }

    private final String kind;
    private final Class<T> type;
    private final Reader<T> reader;
    private final int capacity;
    private final List<Stamped<T>> snapshots = new ArrayList<>();
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version", 0);
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    /**
     * @param kind the telemetry kind ({@code distribution}, {@code pareto}, {@code kv}, {@code credit})
     * @param capacity snapshots kept; beyond it the oldest are dropped (live runs publish without end)
     */
    protected SnapshotViewModel(String kind, Class<T> type, Reader<T> reader, int capacity) {
        this.kind = kind;
        this.type = type;
        this.reader = reader;
        this.capacity = capacity;
    }

    /** The telemetry kind shown. */
    public String kind() {
        return kind;
    }

    /** What the view says while there are no snapshots: what produces its data. */
    public abstract String emptyMessage();

    /** Recomputes selection and derived data after the snapshots changed. */
    protected abstract void changed();

    /** Replaces the snapshots with {@code all}, from {@code sourceLabel} (a run folder's name, "live"). */
    public void set(String sourceLabel, List<Stamped<T>> all) {
        snapshots.clear();
        source.set(sourceLabel == null ? "" : sourceLabel);
        addAll(all);
    }

    /** Names the source anew, keeping the snapshots (the live run got its folder). */
    public void relabel(String sourceLabel) {
        set(sourceLabel, new ArrayList<>(snapshots));
    }

    /** Appends snapshots of the live run; payloads of another type are ignored. */
    public void append(List<? extends Stamped<?>> more) {
        List<Stamped<T>> typed = new ArrayList<>(more.size());
        for (Stamped<?> s : more) {
            if (type.isInstance(s.data())) typed.add(new Stamped<>(s.step(), s.wallS(), type.cast(s.data())));
        }
        if (!typed.isEmpty()) addAll(typed);
    }

    private void addAll(List<Stamped<T>> more) {
        snapshots.addAll(more);
        if (snapshots.size() > capacity) snapshots.subList(0, snapshots.size() - capacity).clear();
        status.set(snapshots.isEmpty() ? "" : snapshots.size() + " snapshot" + (snapshots.size() == 1 ? "" : "s")
                + (source.get().isEmpty() ? "" : " from " + source.get()));
        changed();
        version.set(version.get() + 1);
    }

    /**
     * Reads the snapshots of {@code runDir} on {@code background} and shows them on {@code ui}.
     *
     * @return completes once they are shown
     */
    public CompletableFuture<Void> load(Path runDir, Executor background, Executor ui) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return reader.read(runDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, background).thenAcceptAsync(list -> set(String.valueOf(runDir.getFileName()), list), ui);
    }

    /** The snapshots, oldest first (read only). */
    public List<Stamped<T>> snapshots() {
        return Collections.unmodifiableList(snapshots);
    }

    /** Whether there is nothing to show. */
    public boolean isEmpty() {
        return snapshots.isEmpty();
    }

    /** Changes whenever the snapshots, the selection or derived data change: views repaint on it. */
    public ReadOnlyLongProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /** Bumps the version after a selection change (subclasses). */
    protected void touch() {
        version.set(version.get() + 1);
    }

    /** Where the snapshots came from. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /** A line about what is shown, such as {@code 42 snapshots from 2026-...-s1}. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
