package io.rlwb.app.editor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandStackTest {
    /** Appends a letter to a shared log; undo takes it off. */
    private record Append(List<String> log, String letter) implements Command {
        @Override public void execute() { log.add(letter); }

        @Override public void undo() { log.remove(log.size() - 1); }

        @Override public String name() { return "append " + letter; }
    }

    private final List<String> log = new ArrayList<>();
    private final CommandStack stack = new CommandStack();

    @Test
    void undoAndRedoWalkTheHistoryAndANewCommandDropsTheRedoSteps() {
        stack.execute(new Append(log, "a"));
        stack.execute(new Append(log, "b"));
        assertThat(log).containsExactly("a", "b");
        assertThat(stack.undoNameProperty().get()).isEqualTo("append b");
        assertThat(stack.undo()).isTrue();
        assertThat(log).containsExactly("a");
        assertThat(stack.canRedoProperty().get()).isTrue();
        assertThat(stack.redoNameProperty().get()).isEqualTo("append b");
        assertThat(stack.redo()).isTrue();
        assertThat(log).containsExactly("a", "b");
        stack.undo();
        stack.execute(new Append(log, "c"));
        assertThat(stack.canRedoProperty().get()).isFalse();
        assertThat(stack.redo()).isFalse();
        assertThat(log).containsExactly("a", "c");
        stack.undo();
        stack.undo();
        assertThat(stack.undo()).isFalse();
        assertThat(log).isEmpty();
    }

    @Test
    void aCompoundIsOneStepUndoneInReverseOrder() {
        stack.execute("three", List.of(new Append(log, "x"), new Append(log, "y"), new Append(log, "z")));
        assertThat(log).containsExactly("x", "y", "z");
        assertThat(stack.undoCount()).isEqualTo(1);
        assertThat(stack.undoNameProperty().get()).isEqualTo("three");
        stack.undo();
        assertThat(log).isEmpty();
        stack.redo();
        assertThat(log).containsExactly("x", "y", "z");
    }

    @Test
    void dirtyIsRelativeToTheLastSaveAndUndoingBackToItIsClean() {
        assertThat(stack.isDirty()).isFalse();
        stack.execute(new Append(log, "a"));
        assertThat(stack.isDirty()).isTrue();
        stack.markSaved();
        assertThat(stack.isDirty()).isFalse();
        stack.execute(new Append(log, "b"));
        assertThat(stack.isDirty()).isTrue();
        stack.undo();
        assertThat(stack.isDirty()).as("back at the saved state").isFalse();
        stack.undo();
        assertThat(stack.isDirty()).isTrue();
        stack.redo();
        assertThat(stack.isDirty()).isFalse();
        // A save of a copy taken earlier leaves later edits unsaved.
        Object before = stack.position();
        stack.execute(new Append(log, "c"));
        stack.markSaved(before);
        assertThat(stack.isDirty()).isTrue();
        stack.markDirty();
        stack.undo();
        assertThat(stack.isDirty()).as("forced dirty until saved").isTrue();
        stack.clear();
        assertThat(stack.isDirty()).isFalse();
        assertThat(stack.canUndoProperty().get()).isFalse();
    }

    @Test
    void listenersHearEveryExecuteUndoAndRedo() {
        List<String> heard = new ArrayList<>();
        stack.addListener(c -> heard.add(c.name()));
        stack.execute(new Append(log, "a"));
        stack.undo();
        stack.redo();
        assertThat(heard).containsExactly("append a", "append a", "append a");
    }

    @Test
    void historyIsBounded() {
        for (int i = 0; i < CommandStack.LIMIT + 20; i++) stack.execute(new Append(log, "n" + i));
        assertThat(stack.undoCount()).isEqualTo(CommandStack.LIMIT);
    }
}
