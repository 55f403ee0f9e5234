package io.rlwb.app.editor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Undo and redo over {@link Command}s, and whether the document differs from what was last saved. The dirty
 * flag compares the command on top of the undo stack with the one that was on top at the last save, so
 * undoing back to the saved state makes the document clean again. Not thread-safe: use from the UI thread.
 */
public final class CommandStack {
    /** Undo steps kept; older ones are forgotten. */
    public static final int LIMIT = 500;
    private static final Object NOTHING = new Object();

    private final Deque<Command> undo = new ArrayDeque<>();
    private final Deque<Command> redo = new ArrayDeque<>();
    private final List<Consumer<Command>> listeners = new ArrayList<>();
    private Object savedTop = NOTHING;
    private boolean forcedDirty;
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo", false);
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo", false);
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);
    private final ReadOnlyStringWrapper undoName = new ReadOnlyStringWrapper(this, "undoName", "");
    private final ReadOnlyStringWrapper redoName = new ReadOnlyStringWrapper(this, "redoName", "");

    /** Runs {@code c} and makes it the next step to undo; the redo steps are dropped. */
    public void execute(Command c) {
        c.execute();
        undo.push(c);
        redo.clear();
        while (undo.size() > LIMIT) undo.removeLast();
        changed(c);
    }

    /** Runs {@code parts} as one step named {@code name}; nothing happens for an empty list. */
    public void execute(String name, List<? extends Command> parts) {
        if (parts.isEmpty()) return;
        execute(parts.size() == 1 && parts.get(0).name().equals(name) ? parts.get(0) : new CompoundCommand(name, parts));
    }

    /** Undoes the last step; false when there is none. */
    public boolean undo() {
        Command c = undo.poll();
        if (c == null) return false;
        c.undo();
        redo.push(c);
        changed(c);
        return true;
    }

    /** Redoes the last undone step; false when there is none. */
    public boolean redo() {
        Command c = redo.poll();
        if (c == null) return false;
        c.execute();
        undo.push(c);
        changed(c);
        return true;
    }

    /** The document was saved (or loaded) in its present state. */
    public void markSaved() {
        markSaved(position());
    }

    /**
     * Where the stack is now: pass it to {@link #markSaved(Object)} once a copy taken now has been written, so
     * edits made while the write went on still count as unsaved.
     */
    public Object position() {
        return undo.isEmpty() ? NOTHING : undo.peek();
    }

    /** The document as it was at {@code position} (see {@link #position()}) has been saved. */
    public void markSaved(Object position) {
        savedTop = position;
        forcedDirty = false;
        refresh();
    }

    /** Marks the document unsaved whatever the stack says (a restored recovery copy, a graph from a sample). */
    public void markDirty() {
        forcedDirty = true;
        refresh();
    }

    /** Forgets every step: a new document. The result is clean. */
    public void clear() {
        undo.clear();
        redo.clear();
        savedTop = NOTHING;
        forcedDirty = false;
        refresh();
    }

    /** Called after every execute, undo and redo with the command concerned. */
    public void addListener(Consumer<Command> l) {
        listeners.add(l);
    }

    /** Steps that can be undone. */
    public int undoCount() {
        return undo.size();
    }

    /** Steps that can be redone. */
    public int redoCount() {
        return redo.size();
    }

    private void changed(Command c) {
        refresh();
        for (Consumer<Command> l : List.copyOf(listeners)) l.accept(c);
    }

    private void refresh() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        undoName.set(undo.isEmpty() ? "" : undo.peek().name());
        redoName.set(redo.isEmpty() ? "" : redo.peek().name());
        Object top = undo.isEmpty() ? NOTHING : undo.peek();
        dirty.set(forcedDirty || top != savedTop);
    }

    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }

    /** True when the document differs from the last save. */
    public ReadOnlyBooleanProperty dirtyProperty() { return dirty.getReadOnlyProperty(); }

    public boolean isDirty() { return dirty.get(); }

    /** Name of the step Undo would revert, or empty. */
    public ReadOnlyStringProperty undoNameProperty() { return undoName.getReadOnlyProperty(); }

    /** Name of the step Redo would apply, or empty. */
    public ReadOnlyStringProperty redoNameProperty() { return redoName.getReadOnlyProperty(); }
}
