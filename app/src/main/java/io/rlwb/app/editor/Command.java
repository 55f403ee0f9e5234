package io.rlwb.app.editor;

/**
 * One undoable edit of a graph document. A command is executed once, then undone and redone any number of
 * times, strictly in stack order: {@link #undo()} only ever runs right after {@link #execute()} (or a redo),
 * with the document in the state the command left it.
 */
public interface Command {
    /** Applies the edit (also used for redo). */
    void execute();

    /** Reverts exactly what {@link #execute()} did. */
    void undo();

    /** What the Edit menu shows: "Undo <name>". */
    String name();
}
